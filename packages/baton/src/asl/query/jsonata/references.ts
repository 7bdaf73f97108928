/**
 * What a parsed JSONata expression refers to, read once from its AST at definition time:
 * the workflow variables it names (so evaluation binds only those, not the whole scope) and any
 * field read at the top level, which Step Functions refuses.
 *
 * Developer guide, "Transforming data with JSONata in Step Functions": an expression has no
 * context item, only `$states` and variables; AWS rejects `Reference to 'phone' at the top level
 * is not supported.` (UNSUPPORTED_JSONATA_EXPRESSION) when the first step of a path is a bare name.
 */
import type jsonata from 'jsonata';

export interface References {
  /** `$name` references other than `$states`, `$` and `$$`, in order of first appearance. */
  readonly variables: readonly string[];
  /** The first field name read where the context item is the (absent) root, if any. */
  readonly topLevelName: string | undefined;
}

export function readReferences(ast: jsonata.ExprNode): References {
  const variables = new Set<string>();
  collectVariables(ast, variables);
  return { variables: [...variables], topLevelName: findTopLevelName(ast as unknown as AstNode) };
}

/** Walks every object and array of the AST (its nodes inherit from parser tokens); regex literals are leaves. */
function collectVariables(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectVariables(child, into);
    return;
  }
  if (typeof node !== 'object' || node === null || node instanceof RegExp) return;
  const n = node as jsonata.ExprNode;
  // `$` parses as the variable '' and `$$` as '$': the context and the root, not variables.
  if (
    n.type === 'variable' &&
    typeof n.value === 'string' &&
    n.value !== '' &&
    n.value !== '$' &&
    n.value !== 'states'
  ) {
    into.add(n.value);
  }
  for (const child of Object.values(node)) collectVariables(child, into);
}

/**
 * The parts of JSONata's AST this module reads. The package's own typings omit node kinds its
 * parser does produce (`path`, `apply`, `bind`), so the nodes are read through this shape.
 */
interface AstNode {
  readonly type: string;
  readonly value?: unknown;
  readonly steps?: AstNode[];
  readonly lhs?: AstNode | [AstNode, AstNode][];
  readonly rhs?: AstNode;
  readonly expression?: AstNode;
  readonly expressions?: AstNode[];
  readonly procedure?: AstNode;
  readonly arguments?: AstNode[];
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
}

/**
 * The first bare field name evaluated against the root. Only node kinds that keep the root as
 * their context are followed; inside a path step after the first, a filter, a group, a sort, a
 * transform or a lambda body the context is something else (or not knowable here), and nothing
 * is reported: a false refusal would reject a definition AWS accepts.
 */
function findTopLevelName(node: AstNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'name':
      return String(node.value);
    case 'path': {
      const first = node.steps?.[0];
      return first?.type === 'name' ? String(first.value) : findTopLevelName(first);
    }
    case 'unary':
      // `-x`, `[a, b]` and `{"k": v}` evaluate their operands against the same context.
      if (node.value === '{') return firstOf((node.lhs as [AstNode, AstNode][]).flat());
      return node.value === '[' ? firstOf(node.expressions) : findTopLevelName(node.expression);
    case 'binary':
    case 'apply':
    case 'bind':
      return firstOf([node.lhs as AstNode, node.rhs]);
    case 'function':
    case 'partial':
      return firstOf([node.procedure, ...(node.arguments ?? [])]);
    case 'condition':
      return firstOf([node.condition, node.then, node.else]);
    case 'block':
      return firstOf(node.expressions);
    default:
      return undefined;
  }
}

function firstOf(nodes: readonly (AstNode | undefined)[] | undefined): string | undefined {
  for (const node of nodes ?? []) {
    const name = findTopLevelName(node);
    if (name !== undefined) return name;
  }
  return undefined;
}

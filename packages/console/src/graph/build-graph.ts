/**
 * A state machine definition as a graph: one node per state (with its JSON pointer), edges for
 * `Next`, Choice rules and `Default`, and `Catch`; Parallel states contain one compound node per
 * branch, Map states contain their item processor's states. Pure and tolerant: it draws whatever
 * part of a half-typed definition makes sense, because it runs on every keystroke of the editor.
 */

export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map' | 'Unknown';

export interface GraphNode {
  /** Unique across the graph: the scope path and the state name (`Fan/0/Check`). */
  readonly id: string;
  readonly kind: 'start' | 'end' | 'state' | 'branch';
  readonly label: string;
  /** The compound node this node is drawn inside. */
  readonly parent?: string;
  /** For states: the state name as history events name it. */
  readonly stateName?: string;
  readonly stateType?: StateType;
  /** The JSON pointer of the state (or branch) in the definition. */
  readonly pointer?: string;
  /** What a Task calls (Lambda, activity, integration), shortened for display. */
  readonly detail?: string;
  /** True for Parallel, Map and branch nodes: other nodes are drawn inside. */
  readonly compound: boolean;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: 'next' | 'choice' | 'default' | 'catch';
  readonly label?: string;
}

export interface WorkflowGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  /** State name → node id (names are unique in a machine; the first wins if not). */
  readonly byName: ReadonlyMap<string, string>;
}

export const START_ID = '__start';
export const END_ID = '__end';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STATE_TYPES = new Set<string>(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

/** Builds the graph of a parsed definition (any JSON value; nonsense yields an empty graph). */
export function buildGraph(definition: unknown): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const byName = new Map<string, string>();
  if (!isObject(definition)) return { nodes, edges, byName };
  nodes.push({ id: START_ID, kind: 'start', label: 'Start', compound: false });
  const ends: string[] = [];
  const startAt = addScope(definition, '', undefined, '', { nodes, edges, byName }, ends);
  nodes.push({ id: END_ID, kind: 'end', label: 'End', compound: false });
  if (startAt) edges.push({ id: `${START_ID}->${startAt}`, source: START_ID, target: startAt, kind: 'next' });
  for (const id of ends) edges.push({ id: `${id}->${END_ID}`, source: id, target: END_ID, kind: 'next' });
  return { nodes, edges, byName };
}

interface Sink {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly byName: Map<string, string>;
}

/**
 * Adds the states of one scope (the machine, a branch, an item processor); returns the node id
 * of its StartAt state. `ends` collects states that end the scope (End, Succeed, Fail).
 */
function addScope(
  scope: JsonObject,
  pointer: string,
  parent: string | undefined,
  prefix: string,
  sink: Sink,
  ends: string[],
): string | undefined {
  const states = isObject(scope.States) ? scope.States : {};
  const idOf = (name: string) => `${prefix}${name}`;
  for (const [name, raw] of Object.entries(states)) {
    const state = isObject(raw) ? raw : {};
    const type = typeof state.Type === 'string' && STATE_TYPES.has(state.Type) ? (state.Type as StateType) : 'Unknown';
    const id = idOf(name);
    const statePointer = `${pointer}/States/${escapePointer(name)}`;
    const detail = describeResource(state);
    sink.nodes.push({
      id,
      kind: 'state',
      label: name,
      stateName: name,
      stateType: type,
      pointer: statePointer,
      compound: type === 'Parallel' || type === 'Map',
      ...(parent ? { parent } : {}),
      ...(detail ? { detail } : {}),
    });
    if (!sink.byName.has(name)) sink.byName.set(name, id);
    if (type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, index) => {
        if (!isObject(branch)) return;
        const branchId = `${id}/${index}`;
        sink.nodes.push({
          id: branchId,
          kind: 'branch',
          label: `Branch ${index + 1}`,
          parent: id,
          pointer: `${statePointer}/Branches/${index}`,
          compound: true,
        });
        addScope(branch, `${statePointer}/Branches/${index}`, branchId, `${branchId}/`, sink, []);
      });
    }
    if (type === 'Map') {
      const processor = isObject(state.ItemProcessor)
        ? 'ItemProcessor'
        : isObject(state.Iterator)
          ? 'Iterator'
          : undefined;
      if (processor) addScope(state[processor] as JsonObject, `${statePointer}/${processor}`, id, `${id}/`, sink, []);
    }
  }
  const has = (target: unknown): target is string => typeof target === 'string' && Object.hasOwn(states, target);
  const edge = (source: string, target: string, kind: GraphEdge['kind'], label?: string) => {
    sink.edges.push({
      id: `${source}->${idOf(target)}:${kind}:${sink.edges.length}`,
      source,
      target: idOf(target),
      kind,
      ...(label ? { label } : {}),
    });
  };
  for (const [name, raw] of Object.entries(states)) {
    if (!isObject(raw)) continue;
    const id = idOf(name);
    if (raw.Type === 'Choice') {
      const choices = Array.isArray(raw.Choices) ? raw.Choices : [];
      choices.forEach((rule, index) => {
        if (isObject(rule) && has(rule.Next)) edge(id, rule.Next, 'choice', describeChoiceRule(rule, index));
      });
      if (has(raw.Default)) edge(id, raw.Default, 'default', 'Default');
    } else if (has(raw.Next)) edge(id, raw.Next, 'next');
    if (raw.End === true || raw.Type === 'Succeed' || raw.Type === 'Fail') ends.push(id);
    const catchers = Array.isArray(raw.Catch) ? raw.Catch : [];
    for (const catcher of catchers) {
      if (!isObject(catcher) || !has(catcher.Next)) continue;
      const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(', ') : 'error';
      edge(id, catcher.Next, 'catch', `Catch ${errors}`);
    }
  }
  return has(scope.StartAt) ? idOf(scope.StartAt) : undefined;
}

const OPERATORS: Record<string, string> = {
  StringEquals: '==',
  NumericEquals: '==',
  BooleanEquals: '==',
  TimestampEquals: '==',
  NumericLessThan: '<',
  StringLessThan: '<',
  TimestampLessThan: '<',
  NumericLessThanEquals: '<=',
  StringLessThanEquals: '<=',
  TimestampLessThanEquals: '<=',
  NumericGreaterThan: '>',
  StringGreaterThan: '>',
  TimestampGreaterThan: '>',
  NumericGreaterThanEquals: '>=',
  StringGreaterThanEquals: '>=',
  TimestampGreaterThanEquals: '>=',
  StringMatches: 'matches',
  IsNull: 'is null',
  IsPresent: 'is present',
  IsNumeric: 'is numeric',
  IsString: 'is string',
  IsBoolean: 'is boolean',
  IsTimestamp: 'is timestamp',
};

/** A short, readable form of a Choice rule for its edge label (`$.limit <= 5000`). */
export function describeChoiceRule(rule: JsonObject, index: number): string {
  if (typeof rule.Condition === 'string') return truncate(rule.Condition.replace(/^\{%\s*|\s*%\}$/g, ''));
  if (typeof rule.Variable === 'string') {
    for (const [key, value] of Object.entries(rule)) {
      const op = OPERATORS[key.replace(/Path$/, '')];
      if (!op) continue;
      const shown = key.endsWith('Path') ? String(value) : JSON.stringify(value);
      return truncate(
        op.startsWith('is ')
          ? `${rule.Variable} ${value === false ? 'not ' : ''}${op}`
          : `${rule.Variable} ${op} ${shown}`,
      );
    }
  }
  if (Array.isArray(rule.And)) return `And (${rule.And.length} rules)`;
  if (Array.isArray(rule.Or)) return `Or (${rule.Or.length} rules)`;
  if (isObject(rule.Not)) return 'Not (…)';
  return `Rule ${index + 1}`;
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a Task calls, shortened: `λ processOrder`, `activity manager-approval`, `sqs:sendMessage.waitForTaskToken`. */
export function describeResource(state: JsonObject): string | undefined {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string') return undefined;
  const resource = state.Resource;
  const parts = resource.split(':');
  if (parts[2] === 'lambda' && parts[5] === 'function') return `λ ${parts[6] ?? ''}`;
  if (parts[2] === 'states' && parts[5] === 'activity') return `activity ${parts[6] ?? ''}`;
  if (parts[2] === 'states' && parts[3] === '' && parts[4] === '') return parts.slice(5).join(':');
  return resource;
}

/** Escapes a JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The node of the innermost state a JSON pointer points into (a diagnostic's `location`). */
export function nodeForPointer(graph: WorkflowGraph, pointer: string | undefined): GraphNode | undefined {
  if (!pointer) return undefined;
  let best: GraphNode | undefined;
  for (const node of graph.nodes) {
    if (node.kind !== 'state' || !node.pointer) continue;
    if (
      (pointer === node.pointer || pointer.startsWith(`${node.pointer}/`)) &&
      (!best || node.pointer.length > best.pointer!.length)
    )
      best = node;
  }
  return best;
}

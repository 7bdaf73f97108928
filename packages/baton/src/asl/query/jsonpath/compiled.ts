/**
 * A parsed path turned into a reader once, at definition time (DESIGN.md, "Compile once, run
 * many"). Paths made only of `.name` and `[n]` — nearly every path in real workflows, and the one
 * read on every state transition — get an allocation-free loop; the rest go through the general
 * collector.
 */
import type { Json } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import { isDefinite, type ParsedPath, type Root, type Step } from './model.js';
import { type IndexMode, readSimple, readSteps } from './read.js';

/** The public view of a compiled path (re-exported by the module face). */
export interface JsonPath {
  /** The path as written in the definition. */
  readonly text: string;
  /** What the path starts from: `$` → 'input', `$$` → 'context', `$name` → 'variable'. */
  readonly root: 'input' | 'context' | 'variable';
  /** For root 'variable': the variable's name. */
  readonly variableName?: string;
  /** True when the path can select at most one node (no wildcard, slice, filter, union or `..`). */
  readonly definite: boolean;
  /**
   * Reads the path. A definite path returns the node, or `undefined` when there is none.
   * An indefinite path returns the array of matching nodes (possibly empty), as Jayway does.
   */
  read(input: Json, env: EvalEnv): Json | undefined;
}

export class CompiledPath implements JsonPath {
  readonly root: Root;
  readonly variableName?: string;
  readonly definite: boolean;
  readonly steps: readonly Step[];
  /** True when every step is `.name` or `[n]`: the shape of a reference path. */
  readonly simple: boolean;
  private readonly select: (node: Json, mode: IndexMode) => Json | undefined;

  constructor(
    readonly text: string,
    parsed: ParsedPath,
  ) {
    this.root = parsed.root;
    if (parsed.variableName !== undefined) this.variableName = parsed.variableName;
    this.steps = parsed.steps;
    this.definite = isDefinite(parsed.steps);
    this.simple = parsed.steps.every((s) => s.kind === 'name' || s.kind === 'index');
    const steps = parsed.steps;
    const definite = this.definite;
    this.select = this.simple
      ? (node, mode) => readSimple(node, steps, mode)
      : (node, mode) => readSteps(node, steps, definite, { root: node, indexMode: mode });
  }

  read(input: Json, env: EvalEnv): Json | undefined {
    const start = this.start(input, env);
    return start === undefined ? undefined : this.select(start, 'null');
  }

  /** Like read, but an array index past either end is a miss rather than null. */
  readExisting(input: Json, env: EvalEnv): Json | undefined {
    const start = this.start(input, env);
    return start === undefined ? undefined : this.select(start, 'miss');
  }

  /** The value the path starts from. */
  start(input: Json, env: EvalEnv): Json | undefined {
    if (this.root === 'input') return input;
    if (this.root === 'context') return env.context;
    return env.variable(this.variableName!);
  }
}

export function asCompiled(path: JsonPath): CompiledPath {
  if (!(path instanceof CompiledPath))
    throw new Error('The path was not created by parseJsonPath or parseReferencePath');
  return path;
}

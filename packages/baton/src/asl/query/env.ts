import type { Json, RandomState } from '../../kernel/index.js';

/**
 * What an expression can see besides the value `$` refers to: the context object `$$`,
 * the variables in scope (`$name`) and the execution's random generator (States.UUID,
 * States.MathRandom, `$uuid()`, `$random()`), which advances in place so replay is deterministic.
 */
export interface EvalEnv {
  readonly context: Json;
  variable(name: string): Json | undefined;
  readonly random: RandomState;
}

/**
 * The compiled form of a state machine: built once at CreateStateMachine, shared by every
 * execution. Paths, templates, expressions and Choice rules are closures here; nothing is
 * parsed while an execution runs.
 */
import type { Json, JsonObject, MaybePromise } from '../../kernel/index.js';
import type { EvalEnv } from '../query/env.js';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/**
 * What an expression sees while a state runs. `states` is JSONata's `$states`
 * (input, context, and result/errorOutput once known); JSONPath uses `env` and the value given.
 */
export interface EvalScope {
  readonly env: EvalEnv;
  /** The execution's current time, for `$now()` / `$millis()`. */
  readonly now: number;
}

/** A value computed from a state's data: a payload template, a path, an intrinsic or a JSONata expression. */
export type Evaluator = (value: Json, scope: EvalScope, states: JsonObject) => Json | Promise<Json>;

/** Variables to assign when a state (or a catcher, or a Choice rule) completes. */
export type AssignEvaluator = (value: Json, scope: EvalScope, states: JsonObject) => MaybePromise<JsonObject>;

/**
 * How a state turns its raw input into the value its work uses, and its result into its output.
 * JSONPath: InputPath → Parameters … ResultSelector → ResultPath → OutputPath.
 * JSONata: Arguments … Output (defaulting to the result, or the input for Pass/Choice/Wait/Succeed).
 */
export interface DataFlow {
  readonly language: QueryLanguage;
  effectiveInput(rawInput: Json, scope: EvalScope, states: JsonObject): MaybePromise<Json>;
  /** `result` is undefined for states without work (Choice, Wait, Succeed): their output derives from the input. */
  output(rawInput: Json, result: Json | undefined, scope: EvalScope, states: JsonObject): MaybePromise<Json>;
  /** The value `$` refers to in JSONPath Assign: the effective result. */
  assignInput(rawInput: Json, result: Json | undefined, scope: EvalScope, states: JsonObject): MaybePromise<Json>;
  /**
   * The value after each processing stage, as TestState's inspection data names them
   * (afterInputPath, afterParameters, afterResultSelector, afterResultPath; afterArguments).
   */
  inspect(rawInput: Json, result: Json | undefined, scope: EvalScope, states: JsonObject): Promise<JsonObject>;
  /**
   * Upper bounds, in bytes of JSON text, of the effective input and of the output, from bounds
   * of the raw input and the result (see size-bounds.ts): Infinity when there is none.
   */
  effectiveInputBytes(rawInputBytes: number): number;
  outputBytes(rawInputBytes: number, resultBytes: number | undefined): number;
}

export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  readonly jitter: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
  /** Builds the output from the raw input and the error output (ResultPath, or JSONata Output). */
  output(rawInput: Json, errorOutput: JsonObject, scope: EvalScope, states: JsonObject): MaybePromise<Json>;
  readonly assign?: AssignEvaluator;
}

interface StateBase<T extends StateType> {
  readonly type: T;
  readonly name: string;
  /** JSON pointer of the state in the definition, e.g. `/States/Check`. */
  readonly pointer: string;
  readonly flow: DataFlow;
  /** The next state, or undefined when the state ends its scope (End, Succeed, Fail). */
  readonly next?: string;
  readonly assign?: AssignEvaluator;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
}

export interface PassState extends StateBase<'Pass'> {
  readonly result?: Json;
  /** The size of `result` in bytes of JSON text, set whenever `result` is. */
  readonly resultBytes?: number;
}

/** How Step Functions classifies a Task's Resource; it decides the history event names. */
export type ResourceKind = 'activity' | 'lambda' | 'service';

export interface TaskState extends StateBase<'Task'> {
  readonly resource: string;
  readonly resourceKind: ResourceKind;
  /** For `arn:aws:states:::service:action[.pattern]`: how the runtime waits for the result. */
  readonly integrationPattern: 'request' | 'sync' | 'sync:2' | 'waitForTaskToken';
  readonly timeoutSeconds: (rawInput: Json, scope: EvalScope, states: JsonObject) => MaybePromise<number | undefined>;
  readonly heartbeatSeconds: (rawInput: Json, scope: EvalScope, states: JsonObject) => MaybePromise<number | undefined>;
  readonly credentials?: Evaluator;
}

export interface ChoiceRule {
  readonly test: (value: Json, scope: EvalScope, states: JsonObject) => boolean | Promise<boolean>;
  readonly next: string;
  readonly assign?: AssignEvaluator;
  /** JSONata choice rules may carry their own Output. */
  readonly output?: Evaluator;
}

export interface ChoiceState extends StateBase<'Choice'> {
  readonly choices: readonly ChoiceRule[];
  readonly default?: string;
}

/** When a Wait state resumes: an epoch-ms instant computed from its effective input. */
export interface WaitState extends StateBase<'Wait'> {
  readonly until: (effectiveInput: Json, at: number, scope: EvalScope, states: JsonObject) => MaybePromise<number>;
}

export type SucceedState = StateBase<'Succeed'>;

export interface FailState extends StateBase<'Fail'> {
  readonly error: (rawInput: Json, scope: EvalScope, states: JsonObject) => MaybePromise<string | undefined>;
  readonly cause: (rawInput: Json, scope: EvalScope, states: JsonObject) => MaybePromise<string | undefined>;
}

export interface ParallelState extends StateBase<'Parallel'> {
  /** Scope ids of the branches, in order. */
  readonly branches: readonly number[];
}

export interface ItemBatcher {
  readonly maxItemsPerBatch: (input: Json, scope: EvalScope, states: JsonObject) => MaybePromise<number | undefined>;
  readonly maxInputBytesPerBatch: (
    input: Json,
    scope: EvalScope,
    states: JsonObject,
  ) => MaybePromise<number | undefined>;
  readonly batchInput?: Evaluator;
}

export interface MapState extends StateBase<'Map'> {
  readonly processor: number;
  readonly mode: 'INLINE' | 'DISTRIBUTED';
  readonly label?: string;
  /** The items to iterate over, from the effective input (ItemsPath or Items). */
  readonly items: (effectiveInput: Json, scope: EvalScope, states: JsonObject) => MaybePromise<Json[]>;
  /** Builds one iteration's input; `item` is in `states.context.Map.Item` / `$$.Map.Item`. */
  readonly itemSelector?: Evaluator;
  /** An upper bound of each iteration's input in bytes, from one of the effective input (Infinity: none). */
  readonly iterationInputBytes: (effectiveInputBytes: number) => number;
  readonly itemBatcher?: ItemBatcher;
  readonly maxConcurrency: (input: Json, scope: EvalScope, states: JsonObject) => MaybePromise<number>;
  readonly toleratedFailureCount: (
    input: Json,
    scope: EvalScope,
    states: JsonObject,
  ) => MaybePromise<number | undefined>;
  readonly toleratedFailurePercentage: (
    input: Json,
    scope: EvalScope,
    states: JsonObject,
  ) => MaybePromise<number | undefined>;
}

export type CompiledState =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

/** A set of states with a StartAt: the machine itself, a Parallel branch, or a Map's ItemProcessor. */
export interface CompiledScope {
  readonly id: number;
  readonly pointer: string;
  readonly startAt: string;
  readonly states: ReadonlyMap<string, CompiledState>;
}

export interface CompiledMachine {
  /** The definition as parsed, kept for describing the machine and drawing its graph. */
  readonly definition: JsonObject;
  readonly queryLanguage: QueryLanguage;
  readonly timeoutSeconds?: number;
  /** All scopes; index 0 is the machine itself. */
  readonly scopes: readonly CompiledScope[];
}

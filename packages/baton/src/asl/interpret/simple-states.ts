/**
 * The states whose work needs no runtime: Pass, Choice, Wait (a timer), Succeed and Fail
 * (ASL spec "Pass State", "Choice State", "Wait State", "Succeed State", "Fail State").
 */
import { isPromise, type Json, type JsonObject, type MaybePromise } from '../../kernel/index.js';
import type { ChoiceState, EvalScope, FailState, PassState, WaitState } from '../compile/machine.js';
import { StatesErrorName } from '../errors.js';
import { storedBound } from '../payload-size.js';
import { andThen } from './continue.js';
import { BLOCKED, type Outcome, type Stepper, type WorkResult } from './stepper.js';
import type { Flow } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

export function runPass(stepper: Stepper, flow: Flow, state: PassState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.flow.effectiveInput(flow.input, scope, states), (effective) => {
    const result: WorkResult =
      state.result !== undefined
        ? { value: state.result, bytes: state.resultBytes! }
        : { value: effective, bytes: state.flow.effectiveInputBytes(storedBound(flow.inputBytes)) };
    return stepper.complete(flow, state, result);
  });
}

export function runChoice(stepper: Stepper, flow: Flow, state: ChoiceState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.flow.effectiveInput(flow.input, scope, states), (input) =>
    choose(stepper, flow, state, { input, scope, states }, 0),
  );
}

/** Tests the rules from index `from` on, in order: the first that matches decides, else Default. */
function choose(
  stepper: Stepper,
  flow: Flow,
  state: ChoiceState,
  data: { input: Json; scope: EvalScope; states: JsonObject },
  from: number,
): MaybePromise<Outcome> {
  for (let i = from; i < state.choices.length; i++) {
    const rule = state.choices[i]!;
    const matched = rule.test(data.input, data.scope, data.states);
    if (isPromise(matched)) {
      return matched.then((m) =>
        m ? stepper.complete(flow, state, undefined, rule) : choose(stepper, flow, state, data, i + 1),
      );
    }
    if (matched) return stepper.complete(flow, state, undefined, rule);
  }
  if (state.default !== undefined) {
    return stepper.complete(flow, state, undefined, { next: state.default, assign: state.assign });
  }
  return {
    kind: 'flowFailed',
    failure: {
      error: StatesErrorName.NoChoiceMatched,
      cause: `An error occurred while executing the state '${state.name}' (entered at the event id #${flow.enteredEventId}). No Matches!`,
    },
  };
}

export function runWait(stepper: Stepper, flow: Flow, state: WaitState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.flow.effectiveInput(flow.input, scope, states), (input) =>
    andThen(state.until(input, stepper.at, scope, states), (until) => {
      if (until <= stepper.at) return stepper.complete(flow, state);
      const seq = stepper.startTimer(flow, until);
      flow.wait = { kind: 'timer', seq, purpose: 'wait' };
      return BLOCKED;
    }),
  );
}

export function runFail(stepper: Stepper, flow: Flow, state: FailState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.error(flow.input, scope, states), (error) =>
    andThen(
      state.cause(flow.input, scope, states),
      (cause): Outcome => ({
        kind: 'flowFailed',
        failure: { error: error ?? '', ...(cause !== undefined ? { cause } : {}) },
      }),
    ),
  );
}

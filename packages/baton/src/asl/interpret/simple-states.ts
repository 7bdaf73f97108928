/**
 * The states whose work needs no runtime: Pass, Choice, Wait (a timer), Succeed and Fail
 * (ASL spec "Pass State", "Choice State", "Wait State", "Succeed State", "Fail State").
 */
import { isPromise, type JsonObject } from '../../kernel/index.js';
import type { ChoiceState, FailState, PassState, WaitState } from '../compile/machine.js';
import { StatesErrorName } from '../errors.js';
import { BLOCKED, type Outcome, type Stepper } from './stepper.js';
import type { Flow } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

export async function runPass(stepper: Stepper, flow: Flow, state: PassState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeEffective = state.flow.effectiveInput(flow.input, scope, states);
  const effective = isPromise(maybeEffective) ? await maybeEffective : maybeEffective;
  return stepper.complete(flow, state, state.result ?? effective);
}

export async function runChoice(stepper: Stepper, flow: Flow, state: ChoiceState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeInput = state.flow.effectiveInput(flow.input, scope, states);
  const input = isPromise(maybeInput) ? await maybeInput : maybeInput;
  for (const rule of state.choices) {
    const maybeMatched = rule.test(input, scope, states);
    if (isPromise(maybeMatched) ? await maybeMatched : maybeMatched) {
      const output = rule.output;
      return stepper.complete(flow, state, undefined, {
        next: rule.next,
        ...(rule.assign ? { assign: rule.assign } : {}),
        ...(output ? { output: (s, st) => output(input, s, st) } : {}),
      });
    }
  }
  if (state.default !== undefined) {
    return stepper.complete(flow, state, undefined, {
      next: state.default,
      ...(state.assign ? { assign: state.assign } : {}),
    });
  }
  return {
    kind: 'flowFailed',
    failure: {
      error: StatesErrorName.NoChoiceMatched,
      cause: `An error occurred while executing the state '${state.name}' (entered at the event id #${flow.enteredEventId}). No Matches!`,
    },
  };
}

export async function runWait(stepper: Stepper, flow: Flow, state: WaitState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeInput = state.flow.effectiveInput(flow.input, scope, states);
  const input = isPromise(maybeInput) ? await maybeInput : maybeInput;
  const maybeUntil = state.until(input, stepper.at, scope, states);
  const until = isPromise(maybeUntil) ? await maybeUntil : maybeUntil;
  if (until <= stepper.at) return stepper.complete(flow, state, undefined);
  const seq = stepper.startTimer(flow, until);
  flow.wait = { kind: 'timer', seq, purpose: 'wait' };
  return BLOCKED;
}

export async function runFail(stepper: Stepper, flow: Flow, state: FailState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const error = await state.error(flow.input, scope, states);
  const cause = await state.cause(flow.input, scope, states);
  return {
    kind: 'flowFailed',
    failure: { error: error ?? '', ...(cause !== undefined ? { cause } : {}) },
  };
}

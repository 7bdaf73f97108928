/**
 * Parallel and Map (ASL spec "Parallel State", "Map State"; developer guide "Map state in
 * inline / distributed mode"). Branches and iterations are sub-flows started by a pump that
 * keeps at most MaxConcurrency of them running; each runs until it blocks before the next one
 * starts, which gives the same event order Step Functions records for quick iterations.
 */
import { isPromise, type Json, type JsonObject, type MaybePromise, nextUuid } from '../../kernel/index.js';
import type { MapState, ParallelState } from '../compile/machine.js';
import { type Failure, StatesErrorName } from '../errors.js';
import { jsonByteLength, storedBound } from '../payload-size.js';
import { andThen } from './continue.js';
import { BLOCKED, type ChildResult, type Outcome, type Stepper } from './stepper.js';
import type { FanOut, Flow } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

type FanOutState = ParallelState | MapState;

export function startParallel(stepper: Stepper, flow: Flow, state: ParallelState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.flow.effectiveInput(flow.input, scope, states), (input) => {
    stepper.emit(flow, 'ParallelStateStarted');
    const total = state.branches.length;
    const fanout: FanOut = {
      total,
      input,
      maxConcurrency: 0,
      next: 0,
      running: [],
      results: new Array(total).fill(null),
      resultBytes: 0,
      failed: 0,
      pumping: false,
    };
    flow.wait = { kind: 'fanout', fanout };
    return pump(stepper, flow, state, fanout);
  });
}

export function startMap(stepper: Stepper, flow: Flow, state: MapState): MaybePromise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.flow.effectiveInput(flow.input, scope, states), (input) =>
    andThen(state.items(input, scope, states), (items) => {
      stepper.emit(flow, 'MapStateStarted', { length: items.length });
      return andThen(state.maxConcurrency(input, scope, states), (maxConcurrency) =>
        andThen(state.toleratedFailureCount(input, scope, states), (toleratedCount) =>
          andThen(state.toleratedFailurePercentage(input, scope, states), (toleratedPercentage) => {
            if (state.mode === 'DISTRIBUTED') {
              const c = stepper.state.context;
              const run = `${c.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${state.label ?? state.name}:${nextUuid(stepper.state.random)}`;
              stepper.emit(flow, 'MapRunStarted', { mapRunArn: run });
            }
            const fanout: FanOut = {
              total: items.length,
              items,
              input,
              maxConcurrency,
              ...(toleratedCount !== undefined ? { toleratedCount } : {}),
              ...(toleratedPercentage !== undefined ? { toleratedPercentage } : {}),
              next: 0,
              running: [],
              results: new Array(items.length).fill(null),
              resultBytes: 0,
              failed: 0,
              pumping: false,
            };
            flow.wait = { kind: 'fanout', fanout };
            return pump(stepper, flow, state, fanout);
          }),
        ),
      );
    }),
  );
}

/** Starts children while the concurrency allows, then says whether the fan-out is done. */
function pump(stepper: Stepper, flow: Flow, state: FanOutState, fanout: FanOut): MaybePromise<Outcome> {
  // While pumping, children that settle only record their result: this loop decides what follows.
  fanout.pumping = true;
  while (
    fanout.failure === undefined &&
    fanout.next < fanout.total &&
    (fanout.maxConcurrency === 0 || fanout.running.length < fanout.maxConcurrency)
  ) {
    const slot = fanout.next++;
    const started = andThen(startChild(stepper, flow, state, fanout, slot), (child) => {
      fanout.running.push(child.id);
      return andThen(stepper.enter(child), (outcome) => stepper.run(child, outcome));
    });
    if (isPromise(started)) return started.then(() => pump(stepper, flow, state, fanout));
  }
  fanout.pumping = false;
  return conclude(stepper, flow, state, fanout);
}

function startChild(
  stepper: Stepper,
  flow: Flow,
  state: FanOutState,
  fanout: FanOut,
  slot: number,
): MaybePromise<Flow> {
  // The fan-out's input is the parent's effective input; the parent's input stays until the fan-out ends.
  const inputBytes = state.flow.effectiveInputBytes(storedBound(flow.inputBytes));
  if (state.type === 'Parallel')
    return stepper.spawn(flow, state.branches[slot]!, slot, fanout.input, inputBytes, false);
  const value = fanout.items![slot]!;
  const distributed = state.mode === 'DISTRIBUTED';
  const spawn = (input: Json): Flow => {
    if (!distributed) stepper.emit(flow, 'MapIterationStarted', { name: state.name, index: slot });
    return stepper.spawn(flow, state.processor, slot, input, state.iterationInputBytes(inputBytes), distributed);
  };
  if (!state.itemSelector) return spawn(value);
  const scope = stepper.evalScope(flow, { mapItem: { index: slot, value } });
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  return andThen(state.itemSelector(fanout.input, scope, states), spawn);
}

/** A branch or iteration finished: record it, stop the others if the fan-out failed, pump on. */
export function childSettled(stepper: Stepper, parent: Flow, child: Flow, result: ChildResult): MaybePromise<Outcome> {
  const wait = parent.wait;
  if (wait?.kind !== 'fanout') return BLOCKED;
  const fanout = wait.fanout;
  const state = stepper.stateOf(parent) as FanOutState;
  const slot = child.slot!;
  fanout.running = fanout.running.filter((id) => id !== child.id);
  const iterationEvents = state.type === 'Map' && state.mode === 'INLINE';
  if ('output' in result) {
    fanout.results[slot] = result.output;
    fanout.resultBytes = storedBound(fanout.resultBytes) + result.bytes;
    if (iterationEvents) stepper.emit(parent, 'MapIterationSucceeded', { name: state.name, index: slot });
  } else {
    fanout.failed++;
    const errorOutput = { Error: result.failure.error, Cause: result.failure.cause ?? '' };
    fanout.results[slot] = errorOutput;
    fanout.resultBytes = storedBound(fanout.resultBytes) + jsonByteLength(errorOutput);
    if (iterationEvents) stepper.emit(parent, 'MapIterationFailed', { name: state.name, index: slot });
    const failure = state.type === 'Parallel' ? result.failure : toleranceFailure(state, fanout, result.failure);
    if (failure) {
      fanout.failure = failure;
      for (const id of fanout.running) {
        const sibling = stepper.state.flows[id];
        if (iterationEvents && sibling)
          stepper.emit(parent, 'MapIterationAborted', { name: state.name, index: sibling.slot! });
        stepper.abort(id);
      }
      fanout.running = [];
    }
  }
  return fanout.pumping ? BLOCKED : pump(stepper, parent, state, fanout);
}

/**
 * Whether the failures so far exceed ToleratedFailureCount / ToleratedFailurePercentage (no
 * tolerance set: any failure). Past the threshold, a Map with a tolerance (or in distributed
 * mode) fails with States.ExceedToleratedFailureThreshold; an inline Map with the iteration's error.
 */
function toleranceFailure(state: MapState, fanout: FanOut, failure: Failure): Failure | undefined {
  const { toleratedCount: count, toleratedPercentage: percentage, failed, total } = fanout;
  const exceeded =
    count === undefined && percentage === undefined
      ? failed > 0
      : (count !== undefined && failed > count) || (percentage !== undefined && (failed * 100) / total > percentage);
  if (!exceeded) return undefined;
  if (count === undefined && percentage === undefined && state.mode === 'INLINE') return failure;
  return {
    error: StatesErrorName.ExceedToleratedFailureThreshold,
    cause: 'The specified tolerated failure threshold was exceeded',
  };
}

function conclude(stepper: Stepper, flow: Flow, state: FanOutState, fanout: FanOut): MaybePromise<Outcome> {
  if (fanout.running.length > 0 || (fanout.failure === undefined && fanout.next < fanout.total)) return BLOCKED;
  flow.wait = undefined;
  const distributed = state.type === 'Map' && state.mode === 'DISTRIBUTED';
  if (fanout.failure) {
    if (distributed)
      stepper.emit(flow, 'MapRunFailed', { error: fanout.failure.error, cause: fanout.failure.cause ?? '' });
    return { kind: 'failed', failure: fanout.failure };
  }
  if (distributed) stepper.emit(flow, 'MapRunSucceeded');
  stepper.emit(flow, state.type === 'Map' ? 'MapStateSucceeded' : 'ParallelStateSucceeded');
  // Brackets and commas around the results.
  const bytes = 1 + Math.max(fanout.total, 1) + storedBound(fanout.resultBytes);
  return stepper.complete(flow, state, { value: fanout.results, bytes });
}

/**
 * Parallel and Map (ASL spec "Parallel State", "Map State"; developer guide "Map state in
 * inline / distributed mode"). Branches and iterations are sub-flows started by a pump that
 * keeps at most MaxConcurrency of them running; each runs until it blocks before the next one
 * starts, which gives the same event order Step Functions records for quick iterations.
 */
import { isPromise, type Json, type JsonObject, nextUuid } from '../../kernel/index.js';
import type { MapState, ParallelState } from '../compile/machine.js';
import { type Failure, StatesErrorName } from '../errors.js';
import { BLOCKED, type Outcome, type Stepper } from './stepper.js';
import type { FanOut, Flow } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

type FanOutState = ParallelState | MapState;

export async function startParallel(stepper: Stepper, flow: Flow, state: ParallelState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeInput = state.flow.effectiveInput(flow.input, scope, states);
  const input = isPromise(maybeInput) ? await maybeInput : maybeInput;
  stepper.emit(flow, 'ParallelStateStarted');
  const total = state.branches.length;
  const fanout: FanOut = {
    total,
    input,
    maxConcurrency: 0,
    next: 0,
    running: [],
    results: new Array(total).fill(null),
    failed: 0,
    pumping: false,
  };
  flow.wait = { kind: 'fanout', fanout };
  return pump(stepper, flow, state, fanout);
}

export async function startMap(stepper: Stepper, flow: Flow, state: MapState): Promise<Outcome> {
  const scope = stepper.evalScope(flow);
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeInput = state.flow.effectiveInput(flow.input, scope, states);
  const input = isPromise(maybeInput) ? await maybeInput : maybeInput;
  const items = (await state.items(input, scope, states)) as Json[];
  stepper.emit(flow, 'MapStateStarted', { length: items.length });
  const maybeMaxConcurrency = state.maxConcurrency(input, scope, states);
  const maxConcurrency = isPromise(maybeMaxConcurrency) ? await maybeMaxConcurrency : maybeMaxConcurrency;
  const maybeToleratedCount = state.toleratedFailureCount(input, scope, states);
  const toleratedCount = isPromise(maybeToleratedCount) ? await maybeToleratedCount : maybeToleratedCount;
  const maybeToleratedPercentage = state.toleratedFailurePercentage(input, scope, states);
  const toleratedPercentage = isPromise(maybeToleratedPercentage)
    ? await maybeToleratedPercentage
    : maybeToleratedPercentage;
  if (state.mode === 'DISTRIBUTED') {
    const c = stepper.state.context;
    const run = `${c.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${state.label ?? state.name}:${nextUuid(stepper.state.random)}`;
    stepper.emit(flow, 'MapRunStarted', { mapRunArn: run });
  }
  const total = items.length;
  const fanout: FanOut = {
    total,
    items,
    input,
    maxConcurrency,
    ...(toleratedCount !== undefined ? { toleratedCount } : {}),
    ...(toleratedPercentage !== undefined ? { toleratedPercentage } : {}),
    next: 0,
    running: [],
    results: new Array(total).fill(null),
    failed: 0,
    pumping: false,
  };
  flow.wait = { kind: 'fanout', fanout };
  return pump(stepper, flow, state, fanout);
}

/** Starts children while the concurrency allows, then says whether the fan-out is done. */
async function pump(stepper: Stepper, flow: Flow, state: FanOutState, fanout: FanOut): Promise<Outcome> {
  fanout.pumping = true;
  try {
    while (
      fanout.failure === undefined &&
      fanout.next < fanout.total &&
      (fanout.maxConcurrency === 0 || fanout.running.length < fanout.maxConcurrency)
    ) {
      const slot = fanout.next++;
      const child = await startChild(stepper, flow, state, fanout, slot);
      fanout.running.push(child.id);
      await stepper.run(child, await stepper.enter(child));
    }
  } finally {
    fanout.pumping = false;
  }
  return conclude(stepper, flow, state, fanout);
}

async function startChild(
  stepper: Stepper,
  flow: Flow,
  state: FanOutState,
  fanout: FanOut,
  slot: number,
): Promise<Flow> {
  if (state.type === 'Parallel') return stepper.spawn(flow, state.branches[slot]!, slot, fanout.input, false);
  const value = fanout.items![slot]!;
  let input: Json = value;
  if (state.itemSelector) {
    const scope = stepper.evalScope(flow, { mapItem: { index: slot, value } });
    const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
    input = await state.itemSelector(fanout.input, scope, states);
  }
  const distributed = state.mode === 'DISTRIBUTED';
  if (!distributed) stepper.emit(flow, 'MapIterationStarted', { name: state.name, index: slot });
  return stepper.spawn(flow, state.processor, slot, input, distributed);
}

/** A branch or iteration finished: record it, stop the others if the fan-out failed, pump on. */
export async function childSettled(
  stepper: Stepper,
  parent: Flow,
  child: Flow,
  result: { output: Json } | { failure: Failure },
): Promise<Outcome> {
  const wait = parent.wait;
  if (wait?.kind !== 'fanout') return BLOCKED;
  const fanout = wait.fanout;
  const state = stepper.stateOf(parent) as FanOutState;
  const slot = child.slot!;
  fanout.running = fanout.running.filter((id) => id !== child.id);
  const iterationEvents = state.type === 'Map' && state.mode === 'INLINE';
  if ('output' in result) {
    fanout.results[slot] = result.output;
    if (iterationEvents) stepper.emit(parent, 'MapIterationSucceeded', { name: state.name, index: slot });
  } else {
    fanout.failed++;
    fanout.results[slot] = { Error: result.failure.error, Cause: result.failure.cause ?? '' };
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

function conclude(stepper: Stepper, flow: Flow, state: FanOutState, fanout: FanOut): Promise<Outcome> | Outcome {
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
  return stepper.complete(flow, state, fanout.results);
}

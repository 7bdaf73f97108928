/**
 * A deterministic driver for interpreter tests: applies signals with a virtual clock, answers
 * tasks through a scripted responder, fires timers in time order. No Node, no real time.
 */
import type { Json } from '../../../kernel/index.js';
import { type CompiledMachine, compileDefinitionValue } from '../../compile/index.js';
import { createExecution, step } from '../step.js';
import type { Effect, ExecutionState, HistoryEvent, ScheduleTask, Signal, StepResult } from '../types.js';

/** Answers a scheduled task; `state` is the execution as the step that scheduled it left it. */
export type Responder = (
  task: ScheduleTask,
  state: ExecutionState,
) => { output: Json } | { error: string; cause?: string } | 'never' | undefined;

export function compile(definition: Json): CompiledMachine {
  const r = compileDefinitionValue(definition);
  if (!r.ok) throw new Error(`invalid definition: ${JSON.stringify(r.error)}`);
  return r.value;
}

export function newExecution(input: Json = {}, startedAt = 1_700_000_000_000): ExecutionState {
  return createExecution({
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
    name: 'e1',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
    roleArn: 'arn:aws:iam::123456789012:role/R',
    input,
    startedAt,
    seed: [1, 2, 3, 4],
  });
}

export interface Drive {
  readonly state: ExecutionState;
  readonly history: HistoryEvent[];
  readonly effects: Effect[];
  readonly steps: StepResult[];
  /** The signals applied, in order: replaying them on a fresh state must give the same result. */
  readonly signals: Signal[];
  /** Types of the history events, in order. */
  readonly types: string[];
}

/** Runs an execution until it closes or nothing more can happen (tasks answered 'never'). */
export async function drive(
  machine: CompiledMachine,
  input: Json,
  respond: Responder = () => ({ output: {} }),
  startedAt = 1_700_000_000_000,
): Promise<Drive> {
  const state = newExecution(input, startedAt);
  const history: HistoryEvent[] = [];
  const effects: Effect[] = [];
  const steps: StepResult[] = [];
  const applied: Signal[] = [];
  const timers = new Map<number, number>();
  const queue: Signal[] = [{ type: 'Start', at: startedAt }];
  let now = startedAt;
  for (let guard = 0; guard < 100_000 && state.status === 'RUNNING'; guard++) {
    const signal = queue.shift();
    if (!signal) {
      let seq: number | undefined;
      let at = Number.POSITIVE_INFINITY;
      for (const [s, t] of timers) if (t < at || (t === at && s < (seq ?? Infinity))) [seq, at] = [s, t];
      if (seq === undefined) break;
      timers.delete(seq);
      now = Math.max(now, at);
      queue.push({ type: 'TimerFired', at: now, seq });
      continue;
    }
    const r = await step(machine, state, signal);
    applied.push(signal);
    steps.push(r);
    history.push(...r.events);
    effects.push(...r.effects);
    for (const e of r.effects) {
      if (e.type === 'StartTimer') timers.set(e.seq, e.fireAt);
      else if (e.type === 'CancelTimer') timers.delete(e.seq);
      else if (e.type === 'ScheduleTask') {
        const answer = respond(e, state);
        if (answer === 'never') continue;
        queue.push({ type: 'TaskStarted', at: now, seq: e.seq });
        if (answer === undefined) continue;
        queue.push(
          'output' in answer
            ? { type: 'TaskSucceeded', at: now, seq: e.seq, output: answer.output }
            : {
                type: 'TaskFailed',
                at: now,
                seq: e.seq,
                error: answer.error,
                ...(answer.cause !== undefined ? { cause: answer.cause } : {}),
              },
        );
      }
    }
  }
  return { state, history, effects, steps, signals: applied, types: history.map((e) => e.type) };
}

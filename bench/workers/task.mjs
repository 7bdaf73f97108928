// The workload every system runs: a workflow of K sequential tasks with a trivial body. The
// workflow's input is `{ id, step: 0, t: [] }`; task k receives `{ id, step: k - 1, t }` and answers
// `{ id, step: k, t: [...t, start, end] }`, where `start` is the moment its handler began and `end`
// the moment it returned (wall-clock ms, comparable across processes). So the finished workflow's
// output carries every task's timing, whichever process ran it, and checking the output checks
// that every task ran, in order, once per step, on the right workflow.
import { now } from '../lib/measure.mjs';

/** The workflow's input. */
export const initial = (id) => ({ id, step: 0, t: [] });

/** The task body: one step forward, with the handler's start and end times appended. */
export function runTask(input) {
  const start = now();
  if (
    !input ||
    !Number.isInteger(input.id) ||
    !Number.isInteger(input.step) ||
    !Array.isArray(input.t) ||
    input.t.length !== 2 * input.step
  )
    throw new Error(`unexpected task input ${JSON.stringify(input)}`);
  return { id: input.id, step: input.step + 1, t: [...input.t, start, now()] };
}

/**
 * Checks a finished workflow's output and returns its tasks' times: `starts[k]`, `ends[k]` for
 * task k (0-based).
 */
export function checkOutput(output, id, k) {
  if (!output || output.id !== id || output.step !== k || !Array.isArray(output.t) || output.t.length !== 2 * k)
    throw new Error(`workflow ${id} produced ${JSON.stringify(output)}`);
  const starts = [];
  const ends = [];
  for (let i = 0; i < k; i++) {
    starts.push(output.t[2 * i]);
    ends.push(output.t[2 * i + 1]);
  }
  return { starts, ends };
}

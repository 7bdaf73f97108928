// The workload every system runs: three sequential in-process steps with trivial bodies, the
// input `{ id }` carried through. Each system journals/commits every step durably.
export const step1 = (input) => ({ id: input.id, step: 1 });
export const step2 = (input) => ({ id: input.id, step: 2 });
export const step3 = (input) => ({ id: input.id, step: 3 });

/** What a finished workflow must have produced. */
export function checkOutput(output, id) {
  if (!output || output.id !== id || output.step !== 3)
    throw new Error(`workflow ${id} produced ${JSON.stringify(output)}`);
}

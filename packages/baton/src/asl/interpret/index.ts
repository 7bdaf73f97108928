/**
 * @module asl/interpret
 * The pure interpreter: `createExecution(params)` and `step(machine, state, signal)` →
 * `{ state, effects, events, applied }`, returned at once unless a JSONata expression had to be
 * awaited (await it either way). No I/O, no clock, no randomness of its own.
 */
export { createExecution, type NewExecution, step } from './step.js';
export * from './types.js';

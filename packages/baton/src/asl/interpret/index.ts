/**
 * @module asl/interpret
 * The pure interpreter: `createExecution(params)` and `step(machine, state, signal)` →
 * `{ state, effects, events, applied }`. No I/O, no clock, no randomness of its own.
 */
export { createExecution, type NewExecution, step } from './step.js';
export * from './types.js';

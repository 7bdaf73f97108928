/**
 * @module asl
 * The Amazon States Language core, pure: definitions are validated and compiled once
 * (`compileDefinition`), then executions advance one signal at a time (`createExecution`,
 * `step`). It must not import Node, storage, the network, the clock or randomness: time and
 * entropy arrive as values. Entry points: compileDefinition, validateDefinition, createExecution, step.
 */
export * from './compile/index.js';
export { parseDefinitionText } from './definition.js';
export { type Diagnostic, type DiagnosticCode, formatInvalidDefinition } from './diagnostics.js';
export { type Failure, StatesErrorName } from './errors.js';
export * from './interpret/index.js';

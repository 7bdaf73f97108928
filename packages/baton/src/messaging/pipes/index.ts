/**
 * @module messaging/pipes
 * Pipes with EventBridge Pipes' model: a source (an SQS queue, a Kinesis stream) read in
 * batches, an optional filter (the bus's event patterns), an optional enrichment (a function or
 * an Express workflow), and a target (a function or a workflow, a queue, a topic, an event bus),
 * with input templates, partial batch failures (`batchItemFailures`), retries with back-off,
 * bisection and a dead-letter report for stream sources. Pipes run on the server, one runner per
 * pipe on the node that holds its lease; a Kinesis source keeps its positions as a consumer
 * group's checkpoints, so a pipe resumes after a restart without losing or skipping records
 * (at-least-once).
 *
 * Imports the store port, the kernel, the patterns module and the other messaging modules;
 * functions and workflows are reached through the PipeCalls port and the bus's TargetDispatcher
 * (both wired in main.ts). Errors are PipeErrors, which the API layer encodes. Entry point:
 * `PipeService`.
 *
 * @example
 * const pipes = new PipeService({ store, streams, queues, topics, bus, calls, dispatcher, clock, node: 'local' });
 * pipes.start();
 * await pipes.create({ region, account, name: 'orders' }, {
 *   Source: queueArn, Target: functionArn, RoleArn: roleArn,
 *   SourceParameters: { FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] } },
 * });
 */
export { type BatchOutcome, batchItemFailures, type CallOutcome, type PipeCalls } from './deliver.js';
export { PipeError, type PipeErrorCode, pipeErrors } from './errors.js';
export { pipeGroup } from './kinesis-source.js';
export { PIPE_NAME, type PipeLocation, type PipeRef, parsePipeArn, pipeArn, pipeArnPrefix } from './names.js';
export type { SourceRecord } from './records.js';
export { type PipeListFilter, PipeService, type PipeServiceOptions } from './service.js';

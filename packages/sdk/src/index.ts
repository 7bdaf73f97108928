/**
 * @module @baton/sdk: typed activity workers and task-token helpers over the official AWS SDK
 * client (`@aws-sdk/client-sfn`), for Baton or AWS Step Functions alike. It speaks only the
 * public Step Functions API and never imports the server.
 *
 * Entry points: {@link createWorker} (poll activities, heartbeat, report, stop gracefully),
 * {@link createSfnClient} (a client set up for a Baton endpoint), and {@link sendTaskSuccess},
 * {@link sendTaskFailure}, {@link sendTaskHeartbeat} for tokens from `.waitForTaskToken`.
 *
 * @example
 * import { createWorker } from '@baton/sdk';
 *
 * const worker = createWorker({
 *   endpoint: 'http://127.0.0.1:22866',
 *   activities: { greet: async (input: { name: string }) => ({ greeting: `hello ${input.name}` }) },
 * });
 * worker.installSignalHandlers();
 * await worker.start();
 */
export {
  type ActivityContext,
  type ActivityHandler,
  type ActivityHandlers,
  TaskAbortedError,
  type TaskAbortReason,
} from './activity.js';
export { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './callbacks.js';
export { activityArnOf, BATON_ACCOUNT, createSfnClient, type SfnClientOptions } from './client.js';
export { CAUSE_MAX_LENGTH, ERROR_MAX_LENGTH, failureOf, type TaskFailure } from './failure.js';
export type { WorkerLogger } from './logger.js';
export {
  createKinesisClient,
  GroupApiError,
  GroupClient,
  type HeartbeatAnswer,
  type KinesisClientOptions,
  type ShardAssignment,
} from './stream-client.js';
export {
  createStreamConsumer,
  type StreamBatchContext,
  type StreamBatchHandler,
  type StreamConsumer,
  type StreamConsumerOptions,
  type StreamRecord,
} from './stream-consumer.js';
export {
  createWorker,
  type StopOptions,
  type StopReport,
  type Worker,
  type WorkerOptions,
  type WorkerStatus,
} from './worker.js';

/**
 * Typed answers for task tokens handed out by `.waitForTaskToken` integrations (an SQS message,
 * an HTTP call, a human's approval): the code holding the token reports with these.
 */
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { failureOf } from './failure.js';

/**
 * Reports a task's output (serialized with JSON.stringify; `undefined` becomes `null`).
 *
 * @example
 * await sendTaskSuccess<Approval>(sfn, message.taskToken, { approved: true, by: 'ana' });
 */
export async function sendTaskSuccess<Out>(client: SFNClient, taskToken: string, output: Out): Promise<void> {
  await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) ?? 'null' }));
}

/**
 * Reports a task's failure: an error (its `name` becomes the error Retry and Catch match, its
 * message the cause; see {@link failureOf}) or an explicit `{ error, cause }`.
 *
 * @example
 * try { await charge(order) } catch (e) { await sendTaskFailure(sfn, taskToken, e) }
 * await sendTaskFailure(sfn, taskToken, { error: 'Rejected', cause: 'over the limit' });
 */
export async function sendTaskFailure(
  client: SFNClient,
  taskToken: string,
  /** A caught value (typically an Error) or an explicit `{ error, cause }`. */
  failure: unknown,
): Promise<void> {
  await client.send(new SendTaskFailureCommand({ taskToken, ...failureOf(failure) }));
}

/**
 * Tells Step Functions the task is still being worked on (resets its HeartbeatSeconds clock).
 *
 * @example
 * await sendTaskHeartbeat(sfn, taskToken);
 */
export async function sendTaskHeartbeat(client: SFNClient, taskToken: string): Promise<void> {
  await client.send(new SendTaskHeartbeatCommand({ taskToken }));
}

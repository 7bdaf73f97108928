/**
 * Sending to a queue from a workflow (developer guide, "Send messages to an Amazon SQS queue"):
 * `arn:aws:states:::sqs:sendMessage` with QueueUrl, MessageBody (a string, or JSON sent as its
 * text), MessageAttributes, MessageGroupId, MessageDeduplicationId and DelaySeconds; the result
 * is `{ MessageId, MD5OfMessageBody, … }`, and `.waitForTaskToken` sends, then waits for the
 * token. The send is idempotent by task token, so a task re-run after a crash does not send its
 * message twice: exactly once, together with the transition that records its result.
 */
import type { Json, JsonObject } from '../kernel/index.js';
import { arnOfUrl, QueueError, type QueueService } from '../messaging/queues/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

const SEND = /^arn:[^:]+:states:::sqs:sendMessage(\.waitForTaskToken)?$/;

export class SqsIntegration implements TaskResource {
  constructor(private readonly queues: QueueService) {}

  handles(resource: string): boolean {
    return SEND.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const p = (task.input ?? {}) as JsonObject;
    const [, , , region, account] = task.executionArn.split(':');
    if (typeof p.QueueUrl !== 'string')
      return {
        kind: 'failed',
        error: 'SQS.MissingParameterException',
        cause: 'The request must contain the parameter QueueUrl.',
      };
    const body: Json | undefined = p.MessageBody;
    try {
      const [result] = await this.queues.send(arnOfUrl(p.QueueUrl, { region: region!, account: account! }), [
        {
          body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
          delaySeconds: p.DelaySeconds,
          attributes: p.MessageAttributes,
          groupId: p.MessageGroupId,
          deduplicationId: p.MessageDeduplicationId,
          idempotencyKey: task.token,
        },
      ]);
      if (result instanceof QueueError) throw result;
      if (task.integrationPattern === 'waitForTaskToken') return { kind: 'callback' };
      const output: JsonObject = { MessageId: result!.id, MD5OfMessageBody: result!.md5OfBody };
      if (result!.md5OfAttributes) output.MD5OfMessageAttributes = result!.md5OfAttributes;
      if (result!.sequenceNumber) output.SequenceNumber = result!.sequenceNumber;
      return { kind: 'succeeded', output };
    } catch (e) {
      if (!(e instanceof QueueError)) throw e;
      // Service errors reach the workflow as `SQS.<Code>Exception`, as AWS names them.
      return { kind: 'failed', error: `SQS.${e.code.replace(/Exception$/, '')}Exception`, cause: e.message };
    }
  }
}

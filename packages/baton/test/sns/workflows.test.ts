/**
 * Publishing from a workflow (developer guide, "Publish messages to an Amazon SNS topic"): the
 * `arn:aws:states:::sns:publish` task answers `{MessageId}` (and `SequenceNumber` on FIFO topics),
 * fails with `SNS.<Exception>` errors, and `.waitForTaskToken` publishes and waits for the token.
 * A task re-run after a crash carries the same token, and the publish is idempotent by it.
 */

import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '../../src/messaging/topics/index.js';
import { eventually } from '../support/baton.js';
import { type SnsBaton, startSnsBaton } from './support.js';

let t: SnsBaton;
beforeAll(async () => {
  t = await startSnsBaton();
});
afterAll(() => t.close());

async function run(name: string, task: object, input: object = {}) {
  const machine = await t.sfn.send(
    new CreateStateMachineCommand({
      name,
      definition: JSON.stringify({ StartAt: 'Publish', States: { Publish: { ...task, End: true } } }),
      roleArn: `arn:aws:iam::${t.account}:role/r`,
    }),
  );
  return t.sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
  );
}

const finished = (executionArn: string) =>
  eventually<DescribeExecutionCommandOutput>(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });

describe('sns:publish', () => {
  it('publishes a message with attributes and answers its MessageId', async () => {
    const topicArn = (await t.sns.send(new CreateTopicCommand({ Name: 'from-workflow' }))).TopicArn!;
    const q = await t.queue('from-workflow-q');
    await t.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const { executionArn } = await run(
      'publisher',
      {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: {
          TopicArn: topicArn,
          Subject: 'Order',
          'Message.$': '$.order',
          MessageAttributes: { kind: { DataType: 'String', 'StringValue.$': '$.kind' } },
        },
      },
      { order: { id: 'o-7' }, kind: 'created' },
    );
    const out = JSON.parse((await finished(executionArn!)).output!) as { MessageId: string };
    const [m] = await t.receive(q.url, 1);
    expect(JSON.parse(m!.Body!)).toMatchObject({
      MessageId: out.MessageId,
      Subject: 'Order',
      Message: '{"id":"o-7"}',
      MessageAttributes: { kind: { Type: 'String', Value: 'created' } },
    });
  });

  it('answers the SequenceNumber of a FIFO topic and fails with SNS errors', async () => {
    const fifo = (
      await t.sns.send(
        new CreateTopicCommand({
          Name: 'wf.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const ok = await run('fifo-publisher', {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: fifo, Message: 'ordered', MessageGroupId: 'g' },
    });
    expect(JSON.parse((await finished(ok.executionArn!)).output!)).toMatchObject({
      MessageId: expect.any(String),
      SequenceNumber: '00000000000000000001',
    });
    const missing = await run('missing-publisher', {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: `arn:aws:sns:${t.region}:${t.account}:nope`, Message: 'x' },
    });
    expect(await finished(missing.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'SNS.NotFoundException',
      cause: 'Topic does not exist',
    });
    const invalid = await run('invalid-publisher', {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: fifo, Message: 'no group' },
    });
    expect(await finished(invalid.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'SNS.InvalidParameterException',
    });
  });

  it('.waitForTaskToken publishes the token and waits for it', async () => {
    const topicArn = (await t.sns.send(new CreateTopicCommand({ Name: 'approvals' }))).TopicArn!;
    const q = await t.queue('approvals-q');
    await t.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const { executionArn } = await run('approver', {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: { TopicArn: topicArn, Message: { 'token.$': '$$.Task.Token', request: 'approve?' } },
    });
    const [m] = await t.receive(q.url, 1);
    const { token } = JSON.parse(m!.Body!) as { token: string };
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    expect(JSON.parse((await finished(executionArn!)).output!)).toEqual({ approved: true });
  });

  it('is idempotent by task token: a re-run publishes nothing more and answers the same MessageId', async () => {
    const topicArn = (await t.sns.send(new CreateTopicCommand({ Name: 'once' }))).TopicArn!;
    const q = await t.queue('once-q');
    await t.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const ref = topicOf(topicArn, { region: t.region, account: t.account });
    const input = { message: 'exactly once', idempotencyKey: 'task-token-1' };
    const [first] = await t.baton.topics.publish(ref, [input]);
    const [rerun] = await t.baton.topics.publish(ref, [input]);
    expect(rerun!.messageId).toBe(first!.messageId);
    await t.receive(q.url, 1);
    await t.baton.topics.whenIdle();
    expect(await t.depth(q.url)).toBe(0);
  });
});

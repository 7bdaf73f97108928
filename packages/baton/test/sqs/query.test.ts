/**
 * SQS on the Query protocol (older SDKs and tools): form-encoded POSTs, to `/` or to the queue
 * URL, answered with AWS's XML shapes (`<ActionResponse><ActionResult>`, flattened lists and
 * maps, `<ResponseMetadata><RequestId>`) and errors as `<ErrorResponse>` with the Query codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqsBaton, startSqsBaton, type XmlNode } from './support.js';

let t: SqsBaton;
beforeAll(async () => {
  t = await startSqsBaton();
});
afterAll(() => t.close());

const result = (xml: XmlNode, action: string) =>
  ((xml[`${action}Response`] as XmlNode)[`${action}Result`] ?? {}) as XmlNode;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('Query protocol', () => {
  it('runs the queue and message actions with AWS XML shapes', async () => {
    const created = await t.query({
      Action: 'CreateQueue',
      QueueName: 'xml',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '40',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'core',
    });
    expect(created.status).toBe(200);
    expect(created.text).toMatch(
      /^<\?xml version="1.0"\?><CreateQueueResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/">/,
    );
    const url = result(created.xml, 'CreateQueue').QueueUrl as string;
    expect(url).toBe(`${t.baton.url}/${t.account}/xml`);
    expect((created.xml.CreateQueueResponse as XmlNode).ResponseMetadata).toMatchObject({
      RequestId: expect.any(String),
    });
    const path = `/${t.account}/xml`;

    const attrs = await t.query(
      { Action: 'GetQueueAttributes', 'AttributeName.1': 'VisibilityTimeout', 'AttributeName.2': 'QueueArn' },
      path,
    );
    expect(list(result(attrs.xml, 'GetQueueAttributes').Attribute)).toEqual([
      { Name: 'VisibilityTimeout', Value: '40' },
      { Name: 'QueueArn', Value: `arn:aws:sqs:${t.region}:${t.account}:xml` },
    ]);
    const set = await t.query({
      Action: 'SetQueueAttributes',
      QueueUrl: url,
      'Attribute.1.Name': 'DelaySeconds',
      'Attribute.1.Value': '0',
    });
    expect(set.text).toContain('<SetQueueAttributesResponse');
    expect(set.text).not.toContain('SetQueueAttributesResult');

    const sent = await t.query(
      {
        Action: 'SendMessage',
        MessageBody: '<tag> & "quotes"',
        'MessageAttribute.1.Name': 'n',
        'MessageAttribute.1.Value.DataType': 'Number',
        'MessageAttribute.1.Value.StringValue': '7',
      },
      path,
    );
    expect(result(sent.xml, 'SendMessage')).toMatchObject({
      MessageId: expect.any(String),
      MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      MD5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const batch = await t.query(
      {
        Action: 'SendMessageBatch',
        'SendMessageBatchRequestEntry.1.Id': 'a',
        'SendMessageBatchRequestEntry.1.MessageBody': 'one',
        'SendMessageBatchRequestEntry.2.Id': 'b',
        'SendMessageBatchRequestEntry.2.MessageBody': '',
      },
      path,
    );
    const br = result(batch.xml, 'SendMessageBatch');
    expect(list(br.SendMessageBatchResultEntry as XmlNode[]).map((e) => e.Id)).toEqual(['a']);
    expect(list(br.BatchResultErrorEntry as XmlNode[])).toEqual([
      {
        Id: 'b',
        SenderFault: 'true',
        Code: 'MissingParameter',
        Message: 'The request must contain the parameter MessageBody.',
      },
    ]);

    const received = await t.query(
      {
        Action: 'ReceiveMessage',
        MaxNumberOfMessages: '10',
        'MessageAttributeName.1': 'All',
        'AttributeName.1': 'All',
      },
      path,
    );
    const messages = list(result(received.xml, 'ReceiveMessage').Message as XmlNode[]);
    expect(messages.map((m) => m.Body).sort()).toEqual(['<tag> & "quotes"', 'one']);
    const tagged = messages.find((m) => m.Body !== 'one')!;
    expect(tagged.MessageAttribute).toEqual({ Name: 'n', Value: { DataType: 'Number', StringValue: '7' } });
    expect(list(tagged.Attribute as XmlNode[]).map((a) => a.Name)).toContain('ApproximateReceiveCount');

    const cmv = await t.query({
      Action: 'ChangeMessageVisibilityBatch',
      QueueUrl: url,
      'ChangeMessageVisibilityBatchRequestEntry.1.Id': 'x',
      'ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle': messages[0]!.ReceiptHandle as string,
      'ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout': '100',
    });
    expect(result(cmv.xml, 'ChangeMessageVisibilityBatch').ChangeMessageVisibilityBatchResultEntry).toEqual({
      Id: 'x',
    });
    const single = await t.query(
      { Action: 'DeleteMessage', ReceiptHandle: messages[0]!.ReceiptHandle as string },
      path,
    );
    expect(single.status).toBe(200);
    const del = await t.query({
      Action: 'DeleteMessageBatch',
      QueueUrl: url,
      'DeleteMessageBatchRequestEntry.1.Id': 'y',
      'DeleteMessageBatchRequestEntry.1.ReceiptHandle': messages[1]!.ReceiptHandle as string,
    });
    expect(result(del.xml, 'DeleteMessageBatch').DeleteMessageBatchResultEntry).toEqual({ Id: 'y' });

    await t.query({ Action: 'TagQueue', QueueUrl: url, 'Tag.1.Key': 'env', 'Tag.1.Value': 'dev' });
    await t.query({ Action: 'UntagQueue', QueueUrl: url, 'TagKey.1': 'team' });
    const tags = await t.query({ Action: 'ListQueueTags', QueueUrl: url });
    expect(result(tags.xml, 'ListQueueTags').Tag).toEqual({ Key: 'env', Value: 'dev' });

    const listed = await t.query({ Action: 'ListQueues', QueueNamePrefix: 'xm' });
    expect(result(listed.xml, 'ListQueues').QueueUrl).toBe(url);
    const sources = await t.query({ Action: 'ListDeadLetterSourceQueues', QueueUrl: url });
    expect(sources.status).toBe(200);
    expect((await t.query({ Action: 'PurgeQueue', QueueUrl: url })).status).toBe(200);
    expect((await t.query({ Action: 'GetQueueUrl', QueueName: 'xml' })).text).toContain(`<QueueUrl>${url}</QueueUrl>`);
    expect((await t.query({ Action: 'DeleteQueue' }, path)).status).toBe(200);
  });

  it('answers errors as ErrorResponse with the Query codes', async () => {
    const missing = await t.query({ Action: 'GetQueueUrl', QueueName: 'nope' });
    expect(missing.status).toBe(400);
    expect(missing.xml).toEqual({
      ErrorResponse: {
        xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
        Error: {
          Type: 'Sender',
          Code: 'AWS.SimpleQueueService.NonExistentQueue',
          Message: 'The specified queue does not exist.',
          Detail: '',
        },
        RequestId: expect.any(String),
      },
    });
    await t.query({ Action: 'CreateQueue', QueueName: 'errs' });
    const exists = await t.query({
      Action: 'CreateQueue',
      QueueName: 'errs',
      'Attribute.1.Name': 'DelaySeconds',
      'Attribute.1.Value': '9',
    });
    expect(exists.xml).toMatchObject({ ErrorResponse: { Error: { Code: 'QueueAlreadyExists' } } });
    const handle = await t.query({ Action: 'DeleteMessage', ReceiptHandle: 'bogus' }, `/${t.account}/errs`);
    expect(handle.status).toBe(404);
    expect(handle.xml).toMatchObject({ ErrorResponse: { Error: { Code: 'ReceiptHandleIsInvalid' } } });
    const empty = await t.query({ Action: 'SendMessageBatch' }, `/${t.account}/errs`);
    expect(empty.xml).toMatchObject({ ErrorResponse: { Error: { Code: 'AWS.SimpleQueueService.EmptyBatchRequest' } } });
    const unknown = await t.query({ Action: 'Frobnicate' });
    expect(unknown.xml).toMatchObject({ ErrorResponse: { Error: { Code: 'InvalidAction' } } });
  });
});

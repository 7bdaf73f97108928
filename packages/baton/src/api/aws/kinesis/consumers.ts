/**
 * Registered consumers (RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
 * DeregisterStreamConsumer). Registrations are kept and listed as on AWS, ACTIVE at once;
 * SubscribeToShard (enhanced fan-out over HTTP/2 event streams) is not served yet, so a
 * registered consumer reads with GetRecords like any other.
 */
import { parseStreamArn, type StreamService, streamErrors } from '../../../messaging/streams/index.js';
import type { StreamConsumerRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import { ARN_RULE, Members, NAME_RULE, seconds } from './input.js';

const CONSUMER_ARN_RULE = {
  min: 1,
  max: 2048,
  pattern: /^arn:aws.*:kinesis:.*:\d{12}:.+$/,
  patternText: '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+',
};

function description(c: StreamConsumerRecord) {
  return {
    ConsumerName: c.name,
    ConsumerARN: c.arn,
    ConsumerStatus: 'ACTIVE',
    ConsumerCreationTimestamp: seconds(c.createdAt),
  };
}

function consumerRef(input: Parameters<Operation>[0]) {
  const m = new Members(input);
  const consumerArn = m.string('ConsumerARN', CONSUMER_ARN_RULE);
  const streamArn = m.string('StreamARN', ARN_RULE);
  const consumerName = m.string('ConsumerName', NAME_RULE);
  m.done();
  return {
    ...(consumerArn !== undefined ? { consumerArn } : {}),
    ...(streamArn !== undefined ? { streamArn } : {}),
    ...(consumerName !== undefined ? { consumerName } : {}),
  };
}

export function consumerOperations(streams: StreamService): Record<string, Operation> {
  return {
    async RegisterStreamConsumer(input) {
      const m = new Members(input);
      const arn = m.string('StreamARN', { ...ARN_RULE, required: true });
      const name = m.string('ConsumerName', { ...NAME_RULE, required: true });
      m.done();
      const ref = parseStreamArn(arn);
      if (!ref) throw streamErrors.invalidArn(arn);
      const c = await streams.registerConsumer(ref, name);
      return { Consumer: description(c) };
    },

    async DescribeStreamConsumer(input) {
      const { stream, consumer } = await streams.consumer(consumerRef(input));
      return { ConsumerDescription: { ...description(consumer), StreamARN: stream.arn } };
    },

    async ListStreamConsumers(input) {
      const m = new Members(input);
      const arn = m.string('StreamARN', { ...ARN_RULE, required: true });
      const max = m.integer('MaxResults', { min: 1, max: 10000 }) ?? 100;
      const token = m.string('NextToken', { min: 1, max: 1048576 });
      m.timestamp('StreamCreationTimestamp');
      m.done();
      const ref = parseStreamArn(arn);
      if (!ref) throw streamErrors.invalidArn(arn);
      const record = await streams.describe(ref);
      let from = 0;
      if (token !== undefined) {
        from = Number(Buffer.from(token, 'base64').toString('utf8'));
        if (!Number.isInteger(from) || from < 0) throw streamErrors.invalidNextToken();
      }
      const page = record.consumers.slice(from, from + max);
      const more = from + max < record.consumers.length;
      return {
        Consumers: page.map(description),
        ...(more ? { NextToken: Buffer.from(String(from + max)).toString('base64') } : {}),
      };
    },

    async DeregisterStreamConsumer(input) {
      await streams.deregisterConsumer(consumerRef(input));
      return {};
    },
  };
}

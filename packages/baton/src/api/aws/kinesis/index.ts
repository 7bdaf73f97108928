/**
 * @module api/aws/kinesis
 * The Kinesis Data Streams API over the AWS JSON 1.1 protocol (`X-Amz-Target:
 * Kinesis_20131202.*`, `application/x-amz-json-1.1`, which is what `@aws-sdk/client-kinesis`
 * v3 sends; it does not use CBOR): one table of operations over the stream service. Errors of
 * the stream domain (StreamError) are encoded once here as AWS errors.
 */
import { StreamError, type StreamService } from '../../../messaging/streams/index.js';
import { AwsError } from '../../errors.js';
import type { JsonService, Operation } from '../json-protocol.js';
import { consumerOperations } from './consumers.js';
import { recordOperations } from './records.js';
import { streamOperations } from './streams.js';
import { tagOperations } from './tags.js';

/** Runs an operation, turning a StreamError into the AwsError the protocol encodes. */
function translated(op: Operation): Operation {
  return async (input, ctx) => {
    try {
      return await op(input, ctx);
    } catch (e) {
      if (e instanceof StreamError) throw new AwsError(e.code, e.message);
      throw e;
    }
  };
}

export function kinesisService(streams: StreamService): JsonService {
  const table = {
    ...streamOperations(streams),
    ...recordOperations(streams),
    ...consumerOperations(streams),
    ...tagOperations(streams),
  };
  return {
    targetPrefix: 'Kinesis_20131202',
    jsonVersion: '1.1',
    operations: Object.fromEntries(Object.entries(table).map(([name, op]) => [name, translated(op)])),
  };
}

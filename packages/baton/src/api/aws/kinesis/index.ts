/**
 * @module api/aws/kinesis
 * The Kinesis Data Streams API over the AWS JSON 1.1 protocol (`X-Amz-Target:
 * Kinesis_20131202.*`, `application/x-amz-json-1.1`, which is what `@aws-sdk/client-kinesis`
 * v3 sends; it does not use CBOR): one table of operations over the stream service. Errors of
 * the stream domain (StreamError) are encoded once here as AWS errors.
 */
import { StreamError, type StreamService } from '../../../messaging/streams/index.js';
import { domainErrorsOf } from '../../errors.js';
import type { JsonService } from '../json-protocol.js';
import { consumerOperations } from './consumers.js';
import { recordOperations } from './records.js';
import { streamOperations } from './streams.js';
import { tagOperations } from './tags.js';

export function kinesisService(streams: StreamService): JsonService {
  return {
    targetPrefix: 'Kinesis_20131202',
    jsonVersion: '1.1',
    operations: {
      ...streamOperations(streams),
      ...recordOperations(streams),
      ...consumerOperations(streams),
      ...tagOperations(streams),
    },
    domainError: domainErrorsOf(StreamError),
  };
}

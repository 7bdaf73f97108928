/**
 * @module api/aws/sqs
 * The SQS API on both protocols its SDKs speak: AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.*`,
 * current SDKs) and the Query protocol with XML answers (`Action=SendMessage&…`, older SDKs and
 * tools, also posted to queue URLs). One table of operations serves both; errors of the queue
 * domain are translated by one function (errors.ts `domainError`), which both protocols apply
 * where they catch, and named per protocol.
 */
import type { JsonService } from '../json-protocol.js';
import type { QueryService } from '../query-protocol.js';
import type { SqsDeps } from './deps.js';
import { domainError, jsonError } from './errors.js';
import { messageOperations } from './messages.js';
import { sqsQueryService } from './query.js';
import { queueOperations } from './queues.js';

export type { SqsDeps } from './deps.js';

/** Both protocol faces of one SQS operation table. */
export function sqsServices(deps: SqsDeps): { json: JsonService; query: QueryService } {
  const operations = { ...queueOperations(deps), ...messageOperations(deps) };
  return {
    json: { targetPrefix: 'AmazonSQS', jsonVersion: '1.0', operations, encodeError: jsonError, domainError },
    query: sqsQueryService(operations),
  };
}

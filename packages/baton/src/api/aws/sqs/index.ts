/**
 * @module api/aws/sqs
 * The SQS API on both protocols its SDKs speak: AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.*`,
 * current SDKs) and the Query protocol with XML answers (`Action=SendMessage&…`, older SDKs and
 * tools, also posted to queue URLs). One table of operations serves both; errors of the queue
 * domain are translated once (errors.ts) and named per protocol.
 */
import type { JsonService, Operation } from '../json-protocol.js';
import type { QueryService } from '../query-protocol.js';
import type { SqsDeps } from './deps.js';
import { jsonError, translated } from './errors.js';
import { messageOperations } from './messages.js';
import { sqsQueryService } from './query.js';
import { queueOperations } from './queues.js';

export type { SqsDeps } from './deps.js';

function sqsOperations(deps: SqsDeps): Record<string, Operation> {
  const table = { ...queueOperations(deps), ...messageOperations(deps) };
  return Object.fromEntries(
    Object.entries(table).map(([name, op]) => [name, (input, ctx) => translated(() => op(input, ctx))] as const),
  );
}

/** Both protocol faces of one SQS operation table. */
export function sqsServices(deps: SqsDeps): { json: JsonService; query: QueryService } {
  const operations = sqsOperations(deps);
  return {
    json: { targetPrefix: 'AmazonSQS', jsonVersion: '1.0', operations, encodeError: jsonError },
    query: sqsQueryService(operations),
  };
}

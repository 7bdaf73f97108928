/**
 * How SQS errors are named on each protocol. The JSON protocol answers
 * `{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": …}` with the header
 * `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender` (SQS developer guide,
 * "Interpreting Amazon SQS JSON API responses"): SDK v3's SQS client is query-compatible and
 * reads that header into `error.Code` (and breaks without it); `error.name` is the shape name.
 * The Query protocol answers the Query code in `<Error><Code>`. The codes and HTTP statuses are the
 * `awsQueryError` traits of the SQS Smithy model (as shipped in @aws-sdk/client-sqs).
 */
import { QueueError } from '../../../messaging/queues/index.js';
import { type AwsError, domainErrorsOf } from '../../errors.js';
import type { QueryError } from '../query-protocol.js';

const NAMESPACE = 'com.amazonaws.sqs';

/** Shape name → [Query code, HTTP status]; shapes absent here use their name and 400. */
const QUERY_CODES: Readonly<Record<string, readonly [string, number]>> = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  QueueDeletedRecently: ['AWS.SimpleQueueService.QueueDeletedRecently', 400],
  PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
  ResourceNotFoundException: ['ResourceNotFoundException', 404],
  InvalidAddress: ['InvalidAddress', 404],
  InvalidSecurity: ['InvalidSecurity', 403],
  // Errors of the JSON protocol layer itself, under the names the Query protocol uses.
  UnknownOperationException: ['InvalidAction', 400],
  SerializationException: ['MalformedQueryString', 400],
};

/** The Query protocol's naming of an SQS error (its code, status and fault). */
export function queryError(error: AwsError): QueryError {
  const [code, status] = QUERY_CODES[error.code] ?? [error.code, error.status];
  return {
    code,
    status: error.status >= 500 ? error.status : status,
    type: error.status >= 500 ? 'Receiver' : 'Sender',
  };
}

/** A QueueError as the AwsError the codecs encode, with its HTTP status from the model. */
export const domainError = domainErrorsOf(QueueError, (e) => QUERY_CODES[e.code]?.[1]);

/** The JSON protocol's encoding of an SQS error: namespaced `__type` and the query-compatibility header. */
export function jsonError(error: AwsError): { type: string; headers: Record<string, string> } {
  const q = queryError(error);
  return { type: `${NAMESPACE}#${error.code}`, headers: { 'x-amzn-query-error': `${q.code};${q.type}` } };
}

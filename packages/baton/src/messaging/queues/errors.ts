/**
 * SQS errors, by the names of the API reference's error shapes (`QueueDoesNotExist`,
 * `ReceiptHandleIsInvalid`, …) and the common errors every action may return
 * (`InvalidParameterValue`, `MissingParameter`). The messages come from this one table, so the
 * JSON and Query protocols and every operation say the same words. The API layer encodes a
 * QueueError once, per protocol (api/aws/sqs/errors.ts knows the Query codes and HTTP statuses).
 */
export type QueueErrorCode =
  | 'QueueDoesNotExist'
  | 'QueueNameExists'
  | 'QueueDeletedRecently'
  | 'PurgeQueueInProgress'
  | 'ReceiptHandleIsInvalid'
  | 'MessageNotInflight'
  | 'InvalidAttributeName'
  | 'InvalidAttributeValue'
  | 'InvalidMessageContents'
  | 'InvalidBatchEntryId'
  | 'BatchEntryIdsNotDistinct'
  | 'TooManyEntriesInBatchRequest'
  | 'EmptyBatchRequest'
  | 'BatchRequestTooLong'
  | 'UnsupportedOperation'
  | 'ResourceNotFoundException'
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'InvalidAddress';

export class QueueError extends Error {
  override readonly name = 'QueueError';
  constructor(
    readonly code: QueueErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const error = (code: QueueErrorCode) => (message: string) => new QueueError(code, message);
const invalid = error('InvalidParameterValue');

/** The message templates: every path that raises an error says it with these words. */
export const queueErrors = {
  queueDoesNotExist: () => new QueueError('QueueDoesNotExist', 'The specified queue does not exist.'),
  queueNameExists: (attribute: string) =>
    new QueueError(
      'QueueNameExists',
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
    ),
  queueDeletedRecently: () =>
    new QueueError(
      'QueueDeletedRecently',
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    ),
  purgeInProgress: (arn: string) =>
    new QueueError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${arn} is allowed every 60 seconds.`),
  receiptHandleIsInvalid: (handle: string) =>
    new QueueError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () => new QueueError('MessageNotInflight', 'The message referred to is not in flight.'),
  notAvailableForVisibilityChange: (handle: string) =>
    invalid(
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    ),
  unknownAttribute: (name: string) => new QueueError('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string, reason?: string) =>
    new QueueError(
      'InvalidAttributeValue',
      reason
        ? `Invalid value for the parameter ${name}. Reason: ${reason}`
        : `Invalid value for the parameter ${name}.`,
    ),
  invalidMessageContents: () =>
    new QueueError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    ),
  invalidBatchEntryId: () =>
    new QueueError(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchEntryIdsNotDistinct: (id: string) => new QueueError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`),
  tooManyEntries: (count: number) =>
    new QueueError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    ),
  emptyBatch: (entryName: string) =>
    new QueueError('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`),
  batchTooLong: (limit: number, size: number) =>
    new QueueError(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
    ),
  missingParameter: (name: string) =>
    new QueueError('MissingParameter', `The request must contain the parameter ${name}.`),
  invalidParameter: (name: string, value: unknown, reason: string) =>
    invalid(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`),
  invalidParameterValue: (message: string) => invalid(message),
  notValidForQueueType: (name: string, value: unknown) =>
    invalid(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: The request include parameter that is not valid for this queue type.`,
    ),
  messageTooLong: (limit: number) =>
    invalid(`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`),
  deduplicationRequired: () =>
    invalid(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    ),
  invalidQueueName: (fifo: boolean) =>
    invalid(
      fifo
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    ),
  tooManyTags: () => invalid('Too many tags added for queue. A queue can have at most 50 tags.'),
  resourceNotFound: (message: string) => new QueueError('ResourceNotFoundException', message),
  unsupported: (message: string) => new QueueError('UnsupportedOperation', message),
};

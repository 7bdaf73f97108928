/**
 * SNS errors with the codes the Query protocol carries (`<Code>InvalidParameter</Code>`, the
 * `awsQueryError` traits of the SNS Smithy model shipped in @aws-sdk/client-sns), their HTTP
 * statuses, and the messages AWS answers (as recorded against AWS in LocalStack's SNS snapshot
 * tests where a recording exists). Every path says the same words through `topicErrors`; the API
 * layer encodes a TopicError once (api/aws/sns).
 */
export type TopicErrorCode =
  | 'InvalidParameter'
  | 'ParameterValueInvalid'
  | 'NotFound'
  | 'ResourceNotFound'
  | 'ValidationError'
  | 'TooManyEntriesInBatchRequest'
  | 'BatchEntryIdsNotDistinct'
  | 'EmptyBatchRequest'
  | 'InvalidBatchEntryId'
  | 'BatchRequestTooLong'
  | 'TagLimitExceeded'
  | 'AuthorizationError';

/** Code → [exception shape name, HTTP status] (the SDK throws the shape; Step Functions says `SNS.<shape>`). */
const SHAPES: Readonly<Record<TopicErrorCode, readonly [string, number]>> = {
  InvalidParameter: ['InvalidParameterException', 400],
  ParameterValueInvalid: ['InvalidParameterValueException', 400],
  NotFound: ['NotFoundException', 404],
  ResourceNotFound: ['ResourceNotFoundException', 404],
  ValidationError: ['ValidationException', 400],
  TooManyEntriesInBatchRequest: ['TooManyEntriesInBatchRequestException', 400],
  BatchEntryIdsNotDistinct: ['BatchEntryIdsNotDistinctException', 400],
  EmptyBatchRequest: ['EmptyBatchRequestException', 400],
  InvalidBatchEntryId: ['InvalidBatchEntryIdException', 400],
  BatchRequestTooLong: ['BatchRequestTooLongException', 400],
  TagLimitExceeded: ['TagLimitExceededException', 400],
  AuthorizationError: ['AuthorizationErrorException', 403],
};

export class TopicError extends Error {
  override readonly name = 'TopicError';
  constructor(
    readonly code: TopicErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return SHAPES[this.code][1];
  }

  /** The exception's shape name, e.g. `InvalidParameterException`. */
  get shape(): string {
    return SHAPES[this.code][0];
  }
}

const invalid = (message: string) => new TopicError('InvalidParameter', `Invalid parameter: ${message}`);
const valueInvalid = (message: string) => new TopicError('ParameterValueInvalid', message);

export const topicErrors = {
  invalid,
  valueInvalid,
  /** A required member the request lacks (the Smithy validation AWS runs first). */
  missing: (member: string) =>
    new TopicError(
      'ValidationError',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    ),
  topicNotFound: () => new TopicError('NotFound', 'Topic does not exist'),
  subscriptionNotFound: () => new TopicError('NotFound', 'Subscription does not exist'),
  resourceNotFound: () => new TopicError('ResourceNotFound', 'Resource does not exist'),
  badArn: (member: string, arn: string) =>
    invalid(`${member} Reason: An ARN must have at least 6 elements, not ${arn.split(':').length}`),
  wrongRegion: (member: string) => invalid(member),
  topicName: () => invalid('Topic Name'),
  fifoName: () =>
    invalid(
      'Topic Name Reason: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
    ),
  differentTags: () => invalid('Tags Reason: Topic already exists with different tags'),
  duplicateTagKeys: () => invalid('Duplicated keys are not allowed.'),
  tooManyTags: () =>
    new TopicError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded'),
  attributeName: (subscribe = false) => invalid(`${subscribe ? 'Attributes Reason: ' : ''}AttributeName`),
  attributeValue: (prefix: string, name: string, reason: string) => invalid(`${prefix}${name}: ${reason}`),
  protocol: (protocol: string) => invalid(`Amazon SNS does not support this protocol string: ${protocol}`),
  unsupportedProtocol: (protocol: string) =>
    invalid(
      `Protocol Reason: this Baton server does not deliver to ${protocol} endpoints (supported: sqs, http, https, lambda, and Baton's states and events)`,
    ),
  fifoProtocol: (protocol: string) =>
    invalid(`Protocol Reason: FIFO topics deliver only to sqs endpoints, not ${protocol}`),
  endpointProtocol: () => invalid('Endpoint must match the specified protocol'),
  endpointArn: (kind: string) => invalid(`${kind} endpoint ARN`),
  fifoQueueOnStandardTopic: () =>
    invalid('Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics'),
  unreachable: () => invalid('Unreachable Endpoint'),
  differentAttributes: () => invalid('Attributes Reason: Subscription already exists with different attributes'),
  rawDelivery: (protocol: string, subscribe: boolean) =>
    invalid(
      `${subscribe ? 'Attributes Reason: ' : ''}Delivery protocol [${protocol}] does not support raw message delivery.`,
    ),
  token: () => invalid('Token'),
  topicMismatch: () => invalid('Topic'),
  subscriptionId: () => invalid('SubscriptionId'),
  emptyMessage: () => invalid('Empty message'),
  subject: () => invalid('Subject'),
  tooLong: () => invalid('Message too long'),
  noDefault: () => invalid('Message Structure - No default entry in JSON message body'),
  structureParse: () => invalid('Message Structure - JSON message body failed to parse'),
  groupIdRequired: () => invalid('The MessageGroupId parameter is required for FIFO topics'),
  deduplicationRequired: () =>
    invalid(
      'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    ),
  deduplicationOnStandard: () =>
    invalid(
      'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    ),
  badId: (name: string) =>
    invalid(`${name} Reason: ${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`),
  noTarget: () => invalid('TopicArn or TargetArn Reason: no value for required parameter'),
  phoneNumber: () =>
    invalid('PhoneNumber Reason: this Baton server does not send SMS; publish to a topic (TopicArn or TargetArn)'),
  tooManyEntries: () =>
    new TopicError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.'),
  emptyBatch: () => new TopicError('EmptyBatchRequest', 'The batch request does not contain any entries.'),
  idsNotDistinct: () =>
    new TopicError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
  badEntryId: (id: string) =>
    new TopicError(
      'InvalidBatchEntryId',
      id.length > 80
        ? `The Id of a batch entry in the batch request is too long: ${id}`
        : `The Id of a batch entry in the batch request contains an impermissible character: ${id}`,
    ),
  batchTooLong: () =>
    new TopicError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.'),
  nextToken: () => invalid('NextToken'),
};

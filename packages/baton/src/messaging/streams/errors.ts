/**
 * Kinesis Data Streams errors, by the names of the API reference's error shapes, with the
 * messages AWS answers (as measured against AWS by kinesalite's test suite and quoted in user
 * reports: "Stream X under account A not found.", "Invalid ShardIterator.", "Iterator expired.
 * The iterator was created at time …"). Every path that raises an error says it with these
 * words; the API layer encodes a StreamError once (api/aws/kinesis).
 */
export type StreamErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'InvalidArgumentException'
  | 'ExpiredIteratorException'
  | 'ExpiredNextTokenException'
  | 'ProvisionedThroughputExceededException'
  | 'LimitExceededException'
  | 'ValidationException';

export class StreamError extends Error {
  override readonly name = 'StreamError';
  constructor(
    readonly code: StreamErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new StreamError('InvalidArgumentException', message);

/** "Thu Jul 02 12:57:57 UTC 2015": how Kinesis prints instants in its messages (Java's Date.toString in UTC). */
export function amzDate(ms: number): string {
  const m = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(ms).toUTCString());
  if (!m) return new Date(ms).toISOString();
  return `${m[1]} ${m[3]} ${m[2]} ${m[5]} UTC ${m[4]}`;
}

/** The message templates. `account` is the stream's account, as AWS names it in every message. */
export const streamErrors = {
  streamNotFound: (name: string, account: string) =>
    new StreamError('ResourceNotFoundException', `Stream ${name} under account ${account} not found.`),
  streamExists: (name: string, account: string) =>
    new StreamError('ResourceInUseException', `Stream ${name} under account ${account} already exists.`),
  notActive: (name: string, account: string, status: string) =>
    new StreamError(
      'ResourceInUseException',
      `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`,
    ),
  shardNotFound: (shardId: string, name: string, account: string) =>
    new StreamError(
      'ResourceNotFoundException',
      `Could not find shard ${shardId} in stream ${name} under account ${account}.`,
    ),
  shardGone: (shardId: string, name: string, account: string) =>
    new StreamError(
      'ResourceNotFoundException',
      `Shard ${shardId} in stream ${name} under account ${account} does not exist`,
    ),
  nameOrArn: () => invalid('Either StreamName or StreamARN must be provided.'),
  nameArnMismatch: (name: string, arn: string) =>
    invalid(`StreamName ${name} does not match the stream named by StreamARN ${arn}.`),
  invalidIterator: () => invalid('Invalid ShardIterator.'),
  expiredIterator: (issuedAt: number, now: number) =>
    new StreamError(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${amzDate(issuedAt)} while right now it is ${amzDate(now)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
    ),
  iteratorArguments: (type: string, withSequence: boolean) =>
    invalid(
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
        '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${type} and ${withSequence ? 'also a' : 'no'} StartingSequenceNumber.`,
    ),
  timestampRequired: () =>
    invalid(
      'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
    ),
  timestampInFuture: (at: number, now: number) =>
    invalid(
      `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${at}, currentTimestampInMillis: ${now}`,
    ),
  invalidSequence: (sequence: string, shardId: string, name: string, account: string) =>
    invalid(
      `StartingSequenceNumber ${sequence} used in GetShardIterator on shard ${shardId} in stream ${name} under account ${account} is invalid.`,
    ),
  sequenceOfOtherShard: (encoded: string, shardId: string) =>
    invalid(
      `Invalid StartingSequenceNumber. It encodes ${encoded}, while it was used in a call to a shard with ${shardId}`,
    ),
  sequenceOfOtherStream: (sequence: string, shardId: string, name: string, account: string) =>
    invalid(
      `StartingSequenceNumber ${sequence} used in GetShardIterator on shard ${shardId} in stream ${name} under account ${account} is invalid because it did not come from this stream.`,
    ),
  invalidOrderingSequence: (sequence: string, name: string, account: string) =>
    invalid(
      `ExclusiveMinimumSequenceNumber ${sequence} used in PutRecord on stream ${name} under account ${account} is invalid.`,
    ),
  explicitHashKey: (value: string) =>
    invalid(
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${value}`,
    ),
  requestTooLarge: (bytes: number) =>
    invalid(`Records size exceeds 5 MB limit: the request's records and partition keys total ${bytes} bytes.`),
  throughput: (shardId: string, name: string, account: string) =>
    new StreamError(
      'ProvisionedThroughputExceededException',
      `Rate exceeded for shard ${shardId} in stream ${name} under account ${account}.`,
    ),
  shardLimit: (account: string, region: string, current: number, limit: number, more: number) =>
    new StreamError(
      'LimitExceededException',
      `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${more}.`,
    ),
  splitKey: (key: string, shardId: string, name: string, account: string, start: string, end: string) =>
    invalid(
      `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${name} under account ${account} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`,
    ),
  shardClosed: (shardId: string, name: string, account: string, operation: 'splitting' | 'merging') =>
    invalid(
      `Shard ${shardId} in stream ${name} under account ${account} has already been merged or split, and thus is not eligible for ${operation}.`,
    ),
  notAdjacent: (a: string, b: string, name: string, account: string) =>
    invalid(
      `Shards ${a} and ${b} in stream ${name} under account ${account} are not an adjacent pair of shards eligible for merging`,
    ),
  retentionTooShort: (hours: number) =>
    invalid(`Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`),
  retentionTooLong: (hours: number) =>
    invalid(`Maximum allowed retention period is 8760 hours. Requested retention period (${hours} hours) is too long.`),
  retentionNotLonger: (hours: number, name: string, current: number) =>
    invalid(
      `Requested retention period (${hours} hours) for stream ${name} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`,
    ),
  retentionNotShorter: (hours: number, name: string, current: number) =>
    invalid(
      `Requested retention period (${hours} hours) for stream ${name} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`,
    ),
  scaling: (message: string) => new StreamError('LimitExceededException', message),
  onDemand: (operation: string) =>
    new StreamError('ValidationException', `${operation} is not supported for streams in ON_DEMAND capacity mode.`),
  shardCountWithOnDemand: () =>
    new StreamError('ValidationException', 'ShardCount must not be specified for streams in ON_DEMAND capacity mode.'),
  consumerExists: (consumer: string, streamArn: string) =>
    new StreamError('ResourceInUseException', `Consumer ${consumer} under stream ${streamArn} already exists.`),
  consumerNotFound: (consumer: string, streamArn: string) =>
    new StreamError('ResourceNotFoundException', `Consumer ${consumer} under stream ${streamArn} not found.`),
  consumerArnNotFound: (arn: string) => new StreamError('ResourceNotFoundException', `Consumer ${arn} not found.`),
  consumerLimit: (streamArn: string) =>
    new StreamError(
      'LimitExceededException',
      `Stream ${streamArn} already has the maximum of 20 registered consumers.`,
    ),
  consumerArguments: () => invalid('Either ConsumerARN or both StreamARN and ConsumerName must be provided.'),
  tagLimit: (name: string) =>
    invalid(`Failed to add tags to stream ${name}. The total number of tags on the stream would exceed 50.`),
  invalidArn: (arn: string) => invalid(`Invalid ARN: ${arn}.`),
  invalidNextToken: () => invalid('Invalid NextToken.'),
  expiredNextToken: (token: string) =>
    new StreamError('ExpiredNextTokenException', `The timestampInMillis of the NextToken ${token} has expired.`),
  nextTokenWithName: () => invalid('NextToken and StreamName cannot be provided together.'),
  validation: (message: string) => new StreamError('ValidationException', message),
  invalid,
};

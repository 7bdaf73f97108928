/**
 * A pipe's parameters (API reference: CreatePipe, PipeSourceParameters, PipeEnrichmentParameters,
 * PipeTargetParameters), checked as CreatePipe and UpdatePipe check them and read into the
 * settings a runner works from, defaults filled in. The same reading serves both: what a request
 * may store is exactly what a runner can run.
 *
 * Baton runs SQS queue and Kinesis stream sources; Lambda functions and Express state machines
 * as enrichments; functions, state machines, SQS queues, SNS topics and event buses as targets.
 * Anything else is refused with a ValidationException saying so.
 */
import type { JsonObject } from '../../kernel/index.js';
import { targetKind } from '../bus/index.js';
import { parseQueueArn } from '../queues/index.js';
import { parseStreamArn, type StreamRef } from '../streams/index.js';
import { parseTopicArn } from '../topics/index.js';
import { pipeErrors } from './errors.js';
import { Fields } from './fields.js';
import { MAX_FILTERS, parseFilterPattern } from './filter.js';
import { MAX_TEMPLATE_LENGTH } from './template.js';

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
export type InvocationType = 'REQUEST_RESPONSE' | 'FIRE_AND_FORGET';

export interface SqsSourceSettings {
  readonly kind: 'sqs';
  readonly arn: string;
  readonly fifo: boolean;
  readonly batchSize: number;
  readonly windowSeconds: number;
}

export interface KinesisSourceSettings {
  readonly kind: 'kinesis';
  readonly arn: string;
  readonly stream: StreamRef;
  readonly batchSize: number;
  readonly windowSeconds: number;
  readonly startingPosition: StartingPosition;
  /** AT_TIMESTAMP: epoch milliseconds. */
  readonly startingAt?: number;
  /** -1: retry until the record expires from the stream. */
  readonly maximumRetryAttempts: number;
  /** -1: no limit. */
  readonly maximumRecordAgeSeconds: number;
  readonly bisect: boolean;
  readonly parallelization: number;
  /** An SQS queue or SNS topic that records given up on are reported to. */
  readonly deadLetterArn?: string;
}

export type SourceSettings = SqsSourceSettings | KinesisSourceSettings;

export interface EnrichmentSettings {
  readonly kind: 'function' | 'stateMachine';
  readonly arn: string;
  readonly inputTemplate?: string;
}

export type PipeTargetKind = 'function' | 'stateMachine' | 'queue' | 'topic' | 'eventBus';

export interface TargetSettings {
  readonly kind: PipeTargetKind;
  readonly arn: string;
  readonly inputTemplate?: string;
  /** Functions and state machines (AWS's default: REQUEST_RESPONSE). */
  readonly invocation: InvocationType;
  /** SQS targets; a value starting with `$` is a path into each event. */
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  /** Event bus targets. */
  readonly eventBus?: {
    readonly source?: string;
    readonly detailType?: string;
    readonly resources?: readonly string[];
    readonly time?: string;
  };
}

export interface PipeSettings {
  readonly source: SourceSettings;
  readonly filters: readonly string[];
  readonly enrichment?: EnrichmentSettings;
  readonly target: TargetSettings;
}

/** The members of a pipe that say what it runs, as the API takes them and the store keeps them. */
export interface PipeDefinition {
  readonly Source: string;
  readonly Target: string;
  readonly Enrichment?: string;
  readonly SourceParameters?: JsonObject;
  readonly EnrichmentParameters?: JsonObject;
  readonly TargetParameters?: JsonObject;
}

// Patterns and lengths of the API reference's members.
const ARN_PATTERN =
  /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-]+):([a-z]{2,4}((-gov)|(-de)|(-iso([a-z]?)))?-[a-z]+(-\d{1})?)?:(\d{12})?:(.+)$/;
const ARN_PATTERN_TEXT =
  'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-]+):([a-z]{2,4}((-gov)|(-de)|(-iso([a-z]?)))?-[a-z]+(-\\d{1})?)?:(\\d{12})?:(.+)';
export const ARN_RULE = { min: 1, max: 1600, pattern: ARN_PATTERN, patternText: ARN_PATTERN_TEXT } as const;
const OPTIONAL_ARN_RULE = {
  max: 1600,
  pattern: new RegExp(`^$|${ARN_PATTERN.source}`),
  patternText: `$|${ARN_PATTERN_TEXT}`,
} as const;

const SQS_DEFAULT_BATCH = 10;
const KINESIS_DEFAULT_BATCH = 100;
/** Targets that take at most ten events per call (user guide, "Supported batchable targets"). */
const TEN_AT_A_TIME: ReadonlySet<PipeTargetKind> = new Set(['queue', 'topic', 'eventBus']);
const TARGET_BATCH_MAX = 10;
const UNSUPPORTED_SOURCE_PARAMETERS = [
  'DynamoDBStreamParameters',
  'ActiveMQBrokerParameters',
  'RabbitMQBrokerParameters',
  'ManagedStreamingKafkaParameters',
  'SelfManagedKafkaParameters',
];
const UNSUPPORTED_TARGET_PARAMETERS = [
  'KinesisStreamParameters',
  'EcsTaskParameters',
  'BatchJobParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'SageMakerPipelineParameters',
  'CloudWatchLogsParameters',
  'TimestreamParameters',
];

/**
 * Checks a pipe's definition and reads it into settings (throws a PipeError naming the first
 * problem).
 */
export function readPipe(definition: PipeDefinition): PipeSettings {
  const target = readTarget(definition);
  const enrichment = readEnrichment(definition);
  const arn = Fields.root(definition as unknown as JsonObject).string('Source', { ...ARN_RULE, required: true })!;
  const params = Fields.of(definition.SourceParameters ?? {}, 'sourceParameters')!;
  const source = readSource(arn, params, target);
  const filters = readFilters(params, source.kind);
  return { source, filters, ...(enrichment ? { enrichment } : {}), target };
}

/**
 * The SourceParameters to store: as given, with the source's own parameters completed by their
 * defaults (what DescribePipe shows).
 */
export function storedSourceParameters(definition: PipeDefinition, settings: PipeSettings): JsonObject {
  const given = definition.SourceParameters ?? {};
  const s = settings.source;
  if (s.kind === 'sqs') {
    return {
      ...given,
      SqsQueueParameters: { BatchSize: s.batchSize, MaximumBatchingWindowInSeconds: s.windowSeconds },
    };
  }
  const kinesis = (given.KinesisStreamParameters ?? {}) as JsonObject;
  return {
    ...given,
    KinesisStreamParameters: {
      ...kinesis,
      BatchSize: s.batchSize,
      MaximumBatchingWindowInSeconds: s.windowSeconds,
      MaximumRetryAttempts: s.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: s.maximumRecordAgeSeconds,
      ParallelizationFactor: s.parallelization,
    },
  };
}

function readSource(arn: string, params: Fields, target: TargetSettings): SourceSettings {
  for (const name of UNSUPPORTED_SOURCE_PARAMETERS) {
    if (params.has(name)) {
      throw pipeErrors.invalid(`${name} are not supported by Baton: its pipes read SQS queues and Kinesis streams.`);
    }
  }
  const queue = parseQueueArn(arn);
  const stream = parseStreamArn(arn);
  if (queue) {
    if (params.has('KinesisStreamParameters')) {
      throw pipeErrors.invalid(`KinesisStreamParameters cannot be used with the SQS queue source ${arn}.`);
    }
    const sqs = params.object('SqsQueueParameters');
    const fifo = queue.name.endsWith('.fifo');
    const given = sqs?.integer('BatchSize', { min: 1, max: fifo ? 10 : 10_000 });
    return {
      kind: 'sqs',
      arn,
      fifo,
      batchSize: batchSize(given, SQS_DEFAULT_BATCH, target, 'sourceParameters.sqsQueueParameters.batchSize'),
      windowSeconds: sqs?.integer('MaximumBatchingWindowInSeconds', { min: 0, max: 300 }) ?? 0,
    };
  }
  if (stream) {
    if (params.has('SqsQueueParameters')) {
      throw pipeErrors.invalid(`SqsQueueParameters cannot be used with the Kinesis stream source ${arn}.`);
    }
    const kinesis = params.object('KinesisStreamParameters');
    if (!kinesis) throw pipeErrors.required('sourceParameters.kinesisStreamParameters.startingPosition');
    const startingPosition = kinesis.enumeration<StartingPosition>(
      'StartingPosition',
      ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'],
      true,
    )!;
    const timestamp = kinesis.number('StartingPositionTimestamp');
    if (startingPosition === 'AT_TIMESTAMP' && timestamp === undefined) {
      throw pipeErrors.required('sourceParameters.kinesisStreamParameters.startingPositionTimestamp');
    }
    const deadLetter = kinesis.object('DeadLetterConfig')?.string('Arn', ARN_RULE);
    if (deadLetter !== undefined && !parseQueueArn(deadLetter) && !parseTopicArn(deadLetter)) {
      throw pipeErrors.invalid(
        `Parameter sourceParameters.kinesisStreamParameters.deadLetterConfig.arn is not valid: ${deadLetter} is neither an SQS queue nor an SNS topic.`,
      );
    }
    const given = kinesis.integer('BatchSize', { min: 1, max: 10_000 });
    return {
      kind: 'kinesis',
      arn,
      stream,
      batchSize: batchSize(given, KINESIS_DEFAULT_BATCH, target, 'sourceParameters.kinesisStreamParameters.batchSize'),
      windowSeconds: kinesis.integer('MaximumBatchingWindowInSeconds', { min: 0, max: 300 }) ?? 0,
      startingPosition,
      ...(startingPosition === 'AT_TIMESTAMP' ? { startingAt: Math.round(timestamp! * 1000) } : {}),
      maximumRetryAttempts: kinesis.integer('MaximumRetryAttempts', { min: -1, max: 10_000 }) ?? -1,
      maximumRecordAgeSeconds: kinesis.integer('MaximumRecordAgeInSeconds', { min: -1, max: 604_800 }) ?? -1,
      bisect: kinesis.enumeration('OnPartialBatchItemFailure', ['AUTOMATIC_BISECT']) === 'AUTOMATIC_BISECT',
      parallelization: kinesis.integer('ParallelizationFactor', { min: 1, max: 10 }) ?? 1,
      ...(deadLetter !== undefined ? { deadLetterArn: deadLetter } : {}),
    };
  }
  throw pipeErrors.invalid(
    `Source ${arn} is not supported by Baton: a pipe's source is an SQS queue or a Kinesis stream ARN.`,
  );
}

/**
 * A target that takes ten events at a time limits the source's batch (user guide, "Batching
 * behavior"): a larger BatchSize given is refused, a larger default is lowered.
 */
function batchSize(given: number | undefined, fallback: number, target: TargetSettings, path: string): number {
  if (!TEN_AT_A_TIME.has(target.kind)) return given ?? fallback;
  if (given !== undefined && given > TARGET_BATCH_MAX) {
    throw pipeErrors.invalid(
      `Parameter ${path} is not valid: the target ${target.arn} takes at most ${TARGET_BATCH_MAX} events per batch, so the source's batch size must be ${TARGET_BATCH_MAX} or less.`,
    );
  }
  return Math.min(given ?? fallback, TARGET_BATCH_MAX);
}

function readFilters(params: Fields, source: SourceSettings['kind']): string[] {
  const criteria = params.object('FilterCriteria');
  const filters = criteria?.array('Filters', MAX_FILTERS) ?? [];
  return filters.flatMap((raw, i) => {
    const filter = Fields.of(raw, `${criteria!.pathOf('Filters')}.${i}`)!;
    const path = filter.pathOf('Pattern');
    const pattern = filter.string('Pattern', { max: 4096 });
    if (pattern === undefined || pattern === '') return [];
    const ir = parseFilterPattern(pattern, path);
    // Kinesis data is filtered only as JSON (user guide, "Properly filtering Kinesis and DynamoDB messages").
    const data = ir.branches.some((branch) => branch.some((field) => field.path === 'data'));
    if (source === 'kinesis' && data) {
      throw pipeErrors.invalid(
        `Parameter ${path} is not valid. Reason: the filter pattern for the data property of Kinesis records must be a JSON object.`,
      );
    }
    return [pattern];
  });
}

function readEnrichment(definition: PipeDefinition): EnrichmentSettings | undefined {
  const root = Fields.root(definition as unknown as JsonObject);
  const arn = root.string('Enrichment', OPTIONAL_ARN_RULE);
  const params = root.object('EnrichmentParameters');
  const inputTemplate = params?.string('InputTemplate', { max: MAX_TEMPLATE_LENGTH }) || undefined;
  if (arn === undefined || arn === '') return undefined;
  const kind = targetKind(arn);
  if (kind !== 'function' && kind !== 'stateMachine') {
    throw pipeErrors.invalid(
      `Enrichment ${arn} is not supported by Baton: an enrichment is a Lambda function or an Express state machine.`,
    );
  }
  return { kind, arn, ...(inputTemplate ? { inputTemplate } : {}) };
}

function readTarget(definition: PipeDefinition): TargetSettings {
  const root = Fields.root(definition as unknown as JsonObject);
  const arn = root.string('Target', { ...ARN_RULE, required: true })!;
  const params = root.object('TargetParameters') ?? Fields.of({}, 'targetParameters')!;
  for (const name of UNSUPPORTED_TARGET_PARAMETERS) {
    if (params.has(name)) throw pipeErrors.invalid(`TargetParameters.${name} are not supported by Baton.`);
  }
  const kind = pipeTargetKind(arn);
  const inputTemplate = params.string('InputTemplate', { max: MAX_TEMPLATE_LENGTH }) || undefined;
  const only = (member: string, kinds: readonly PipeTargetKind[]) => {
    if (params.has(member) && !kinds.includes(kind)) {
      throw pipeErrors.invalid(`TargetParameters.${member} cannot be used with the target ${arn}.`);
    }
    return params.object(member);
  };
  const lambda = only('LambdaFunctionParameters', ['function']);
  const states = only('StepFunctionStateMachineParameters', ['stateMachine']);
  const sqs = only('SqsQueueParameters', ['queue']);
  const bus = only('EventBridgeEventBusParameters', ['eventBus']);
  const invocation =
    (lambda ?? states)?.enumeration<InvocationType>('InvocationType', ['REQUEST_RESPONSE', 'FIRE_AND_FORGET']) ??
    'REQUEST_RESPONSE';
  const messageGroupId = sqs?.string('MessageGroupId', { max: 256 });
  const messageDeduplicationId = sqs?.string('MessageDeduplicationId', { max: 256 });
  if (kind === 'queue' && arn.endsWith('.fifo') && messageGroupId === undefined) {
    throw pipeErrors.required('targetParameters.sqsQueueParameters.messageGroupId');
  }
  const eventBus = bus && {
    ...optional('source', bus.string('Source', { min: 1, max: 256 })),
    ...optional('detailType', bus.string('DetailType', { min: 1, max: 128 })),
    ...optional('resources', bus.strings('Resources', 10, { max: 1600 })),
    ...optional('time', bus.string('Time', { max: 256 })),
  };
  return {
    kind,
    arn,
    invocation,
    ...optional('inputTemplate', inputTemplate),
    ...optional('messageGroupId', messageGroupId),
    ...optional('messageDeduplicationId', messageDeduplicationId),
    ...(eventBus ? { eventBus } : {}),
  };
}

function pipeTargetKind(arn: string): PipeTargetKind {
  const kind = targetKind(arn);
  if (kind === 'function' || kind === 'stateMachine' || kind === 'queue' || kind === 'eventBus') return kind;
  if (parseTopicArn(arn)) return 'topic';
  throw pipeErrors.invalid(
    `Target ${arn} is not supported by Baton: a pipe's target is a Lambda function, a state machine, an SQS queue, an SNS topic or an event bus.`,
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

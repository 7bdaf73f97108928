/**
 * Targets (API reference: PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget;
 * Target, RetryPolicy, InputTransformer, DeadLetterConfig, SqsParameters, KinesisParameters,
 * HttpParameters). Members are checked here with AWS's request-validation messages; kinds and
 * input settings by the bus service.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { type TargetInput, targetKind } from '../../../messaging/bus/index.js';
import type { EventTargetRecord } from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import { serialization } from '../json-members.js';
import type { Operation } from '../json-protocol.js';
import type { EventsDeps } from './deps.js';
import {
  busOf,
  checkString,
  forceOf,
  nextToken,
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  pageOf,
  RULE_NAME,
  requiredArray,
  requiredString,
} from './input.js';

const TARGET_ID = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, patternText: '[\\.\\-_A-Za-z0-9]+' };

type FailedEntry = { readonly TargetId: string; readonly ErrorCode: string; readonly ErrorMessage: string };

/** Reads one Target member, checking what the API reference constrains. */
function readTarget(raw: unknown, i: number): TargetInput {
  if (!isJsonObject(raw as never)) throw serialization(`Targets.${i}`, 'an object');
  const t = raw as JsonObject;
  const at = (member: string) => `targets.${i}.member.${member}`;
  const id = requiredString(t, 'Id', { ...TARGET_ID, path: at('id') });
  const arn = requiredString(t, 'Arn', { min: 1, max: 1600, path: at('arn') });
  const roleArn = optionalString(t, 'RoleArn', { min: 1, max: 1600, path: at('roleArn') });
  // EventBridge starts executions with the target's role; AWS refuses such a target without one.
  if (roleArn === undefined && targetKind(arn) === 'stateMachine')
    throw new AwsError('ValidationException', `RoleArn is required for target ${arn}.`);
  optionalString(t, 'Input', { max: 8192, path: at('input') });
  optionalString(t, 'InputPath', { max: 256, path: at('inputPath') });
  const retry = optionalObject(t, 'RetryPolicy');
  if (retry) {
    optionalInteger(retry, 'MaximumRetryAttempts', 0, 185, at('retryPolicy.maximumRetryAttempts'));
    optionalInteger(retry, 'MaximumEventAgeInSeconds', 60, 86_400, at('retryPolicy.maximumEventAgeInSeconds'));
  }
  const transformer = optionalObject(t, 'InputTransformer');
  if (transformer) {
    requiredString(transformer, 'InputTemplate', { min: 1, max: 8192, path: at('inputTransformer.inputTemplate') });
    const paths = optionalObject(transformer, 'InputPathsMap') ?? {};
    for (const [key, path] of Object.entries(paths)) {
      checkString(key, { min: 1, max: 256 }, at('inputTransformer.inputPathsMap.key'));
      if (typeof path !== 'string') throw serialization(key, 'a string');
      checkString(path, { max: 256 }, at('inputTransformer.inputPathsMap.value'));
    }
  }
  const http = optionalObject(t, 'HttpParameters');
  if (http) readHttpParameters(http, at('httpParameters'));
  const sqs = optionalObject(t, 'SqsParameters');
  if (sqs) optionalString(sqs, 'MessageGroupId', { max: 100, path: at('sqsParameters.messageGroupId') });
  const kinesis = optionalObject(t, 'KinesisParameters');
  if (kinesis)
    requiredString(kinesis, 'PartitionKeyPath', { max: 256, path: at('kinesisParameters.partitionKeyPath') });
  const dlq = optionalObject(t, 'DeadLetterConfig');
  if (dlq) {
    const dlqArn = optionalString(dlq, 'Arn', { min: 1, max: 1600, path: at('deadLetterConfig.arn') });
    if (dlqArn !== undefined && targetKind(dlqArn) !== 'queue') {
      throw new AwsError(
        'ValidationException',
        `Parameter DeadLetterConfig.Arn is not valid. Reason: ${dlqArn} is not an Amazon SQS queue ARN.`,
      );
    }
  }
  return { id, arn, target: t };
}

/** HttpParameters (API destination targets): path wildcard values, headers and query parameters, all strings. */
function readHttpParameters(http: JsonObject, path: string): void {
  (optionalArray(http, 'PathParameterValues') ?? []).forEach((v, i) => {
    if (typeof v !== 'string') throw serialization(`PathParameterValues.${i + 1}`, 'a string');
    checkString(v, { max: 512 }, `${path}.pathParameterValues.${i + 1}.member`);
  });
  for (const member of ['HeaderParameters', 'QueryStringParameters']) {
    for (const [key, value] of Object.entries(optionalObject(http, member) ?? {})) {
      if (typeof value !== 'string') throw serialization(key, 'a string');
      checkString(key, { max: 512 }, `${path}.${member.charAt(0).toLowerCase()}${member.slice(1)}.key`);
      checkString(value, { max: 512 }, `${path}.${member.charAt(0).toLowerCase()}${member.slice(1)}.value`);
    }
  }
}

/** What PutTargets refuses per entry rather than for the whole request. */
function entryProblem(t: TargetInput): FailedEntry | undefined {
  const fifoQueue = targetKind(t.arn) === 'queue' && t.arn.endsWith('.fifo');
  if (fifoQueue && !isJsonObject(t.target.SqsParameters ?? null)) {
    return {
      TargetId: t.id,
      ErrorCode: 'ValidationException',
      ErrorMessage: `Parameter(s) SqsParameters must be specified for target: ${t.id}.`,
    };
  }
  return undefined;
}

function targetOutput(record: EventTargetRecord): JsonObject {
  return record.target;
}

export function targetOperations({ bus }: EventsDeps): Record<string, Operation> {
  return {
    async PutTargets(input, ctx) {
      const ref = busOf(ctx, input);
      const rule = requiredString(input, 'Rule', { ...RULE_NAME, path: 'rule' });
      const targets = requiredArray(input, 'Targets', 1, 100).map((raw, i) => readTarget(raw, i + 1));
      const failed: FailedEntry[] = [];
      const accepted: TargetInput[] = [];
      for (const t of targets) {
        const problem = entryProblem(t);
        if (problem) failed.push(problem);
        else accepted.push(t);
      }
      if (accepted.length > 0) await bus.rules.putTargets(ref, rule, accepted);
      else await bus.rules.get(ref, rule);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },

    async RemoveTargets(input, ctx) {
      const ref = busOf(ctx, input);
      const rule = requiredString(input, 'Rule', { ...RULE_NAME, path: 'rule' });
      const ids = requiredArray(input, 'Ids', 1, 100).map((id, i) => {
        if (typeof id !== 'string') throw serialization(`Ids.${i + 1}`, 'a string');
        return checkString(id, { ...TARGET_ID, path: `ids.${i + 1}.member` }, `ids.${i + 1}.member`);
      });
      const missing = await bus.rules.removeTargets(ref, rule, ids, forceOf(input));
      const failed: FailedEntry[] = missing.map((id) => ({
        TargetId: id,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Rule '${rule}' does not have a target with the Id '${id}'.`,
      }));
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },

    async ListTargetsByRule(input, ctx) {
      const ref = busOf(ctx, input);
      const rule = requiredString(input, 'Rule', { ...RULE_NAME, path: 'rule' });
      const scope = `ListTargetsByRule:${ref.arn}:${rule}`;
      const page = await bus.rules.listTargets(ref, rule, pageOf(input, scope));
      return { Targets: page.items.map(targetOutput), ...nextToken(scope, page.next) };
    },

    async ListRuleNamesByTarget(input, ctx) {
      const ref = busOf(ctx, input);
      const targetArn = requiredString(input, 'TargetArn', { min: 1, max: 1600 });
      const scope = `ListRuleNamesByTarget:${ref.arn}:${targetArn}`;
      const page = await bus.rules.namesByTarget(ref, targetArn, pageOf(input, scope));
      return { RuleNames: page.items, ...nextToken(scope, page.next) };
    },
  };
}

/**
 * The configuration members CreateStateMachine and UpdateStateMachine share, read with the API
 * reference's constraints: the definition (validated and compiled, so a stored definition always
 * runs), the IAM role, the type, and the logging and tracing configurations with AWS's defaults.
 */
import { compileDefinition, formatInvalidDefinition } from '../../../asl/index.js';
import { isJsonObject, type Json, type JsonObject, jsonEquals } from '../../../kernel/index.js';
import type { StateMachineRecord, StateMachineType } from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import { checkLength, optionalArray, optionalBoolean, optionalEnum, optionalObject } from './input.js';

const MACHINE_TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];
const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;
/** Definitions reach 1 MiB (API reference, CreateStateMachine `definition`). */
const MAX_DEFINITION_CHARS = 1_048_576;
const MAX_ARN_CHARS = 256;

/** What DescribeStateMachine shows for a machine created without these configurations. */
export const DEFAULT_LOGGING: JsonObject = { level: 'OFF', includeExecutionData: false };
export const DEFAULT_TRACING: JsonObject = { enabled: false };

/** The members a revision consists of: a change to any of them makes a new revision. */
export type Revision = Pick<
  StateMachineRecord,
  'definition' | 'roleArn' | 'type' | 'loggingConfiguration' | 'tracingConfiguration'
>;

export function sameRevision(a: Revision, b: Revision): boolean {
  return (
    a.definition === b.definition &&
    a.roleArn === b.roleArn &&
    a.type === b.type &&
    jsonEquals(a.loggingConfiguration ?? DEFAULT_LOGGING, b.loggingConfiguration ?? DEFAULT_LOGGING) &&
    jsonEquals(a.tracingConfiguration ?? DEFAULT_TRACING, b.tracingConfiguration ?? DEFAULT_TRACING)
  );
}

export function readType(input: JsonObject): StateMachineType {
  return optionalEnum(input, 'type', MACHINE_TYPES) ?? 'STANDARD';
}

/** The definition within its size limit (1 MiB). */
export function checkDefinitionSize(text: string): string {
  return checkLength(text, 'definition', MAX_DEFINITION_CHARS, 1);
}

/** A definition that compiles for `type`; InvalidDefinition lists every problem with its location. */
export function checkDefinition(
  text: string,
  type: StateMachineType,
  checkResource?: (resource: string) => string | undefined,
): string {
  const compiled = compileDefinition(checkDefinitionSize(text), {
    machineType: type,
    ...(checkResource ? { checkResource } : {}),
  });
  if (!compiled.ok) throw new AwsError('InvalidDefinition', formatInvalidDefinition(compiled.error));
  return text;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The execution role: Baton assumes nothing with it, but it must name an IAM role, as AWS checks. */
export function checkRoleArn(arn: string): string {
  if (!ROLE_ARN.test(checkLength(arn, 'roleArn', MAX_ARN_CHARS, 1))) {
    throw new AwsError('InvalidArn', `Invalid Role Arn: '${arn}'`);
  }
  return arn;
}

function invalidLogging(detail: string): AwsError {
  return new AwsError('InvalidLoggingConfiguration', `Invalid Logging Configuration: ${detail}`);
}

/**
 * loggingConfiguration, completed with AWS's defaults (level OFF, no execution data). Logs are
 * not shipped anywhere; the configuration is validated, stored and echoed.
 */
export function readLogging(input: JsonObject): JsonObject | undefined {
  const config = optionalObject(input, 'loggingConfiguration');
  if (config === undefined) return undefined;
  const level = optionalEnum(config, 'level', LOG_LEVELS, 'loggingConfiguration.level') ?? 'OFF';
  const includeExecutionData = optionalBoolean(config, 'includeExecutionData') ?? false;
  const destinations = optionalArray(config, 'destinations') ?? [];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length === 0)) {
    throw invalidLogging('Must specify exactly one Log Destination.');
  }
  const out: JsonObject = { level, includeExecutionData };
  if (destinations.length === 1) out.destinations = [logDestination(destinations[0]!)];
  return out;
}

function logDestination(destination: Json): JsonObject {
  const group = isJsonObject(destination) ? destination.cloudWatchLogsLogGroup : undefined;
  const arn = isJsonObject(group) ? group.logGroupArn : undefined;
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw invalidLogging('Invalid Log Group ARN.');
  if (!arn.endsWith(':*')) throw invalidLogging("Log Group ARN must be provided with '*' qualifier.");
  return { cloudWatchLogsLogGroup: { logGroupArn: arn } };
}

/** tracingConfiguration: `enabled` must be a boolean (X-Ray traces are not emitted). */
export function readTracing(input: JsonObject): JsonObject | undefined {
  const config = optionalObject(input, 'tracingConfiguration');
  if (config === undefined) return undefined;
  const enabled = config.enabled ?? false;
  if (typeof enabled !== 'boolean') {
    throw new AwsError('InvalidTracingConfiguration', "Invalid Tracing Configuration: 'enabled' must be true or false");
  }
  return { enabled };
}

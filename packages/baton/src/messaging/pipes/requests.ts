/**
 * CreatePipe's and UpdatePipe's members read into what a pipe stores (API reference: CreatePipe,
 * UpdatePipe): the definition (source, enrichment, target and their parameters) and the members
 * kept as given (RoleArn, Description, LogConfiguration, KmsKeyIdentifier).
 */
import type { JsonObject } from '../../kernel/index.js';
import { pipeErrors } from './errors.js';
import { Fields } from './fields.js';
import { PIPE_NAME } from './names.js';
import { ARN_RULE, type PipeDefinition } from './settings.js';

const ROLE_ARN = {
  required: true,
  min: 1,
  max: 1600,
  pattern: /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z0-9+=,.@\-_/]+$/,
  patternText: 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z0-9+=,.@\\-_/]+',
} as const;

/** A pipe name as the API reference constrains it (1 to 64 of `.`, `-`, `_`, letters and digits). */
export function checkName(name: string): void {
  if (!PIPE_NAME.test(name)) {
    if (name.length > 64) throw pipeErrors.tooLong(name, 'name', 64);
    throw pipeErrors.pattern(name, 'name', '[\\.\\-_A-Za-z0-9]+');
  }
}

/** CreatePipe's members that say what the pipe runs. */
export function definitionFrom(input: JsonObject): PipeDefinition {
  const root = Fields.root(input);
  const source = root.string('Source', { ...ARN_RULE, required: true })!;
  const target = root.string('Target', { ...ARN_RULE, required: true })!;
  return {
    Source: source,
    Target: target,
    ...(typeof input.Enrichment === 'string' && input.Enrichment !== '' ? { Enrichment: input.Enrichment } : {}),
    ...objectMember(root, 'SourceParameters'),
    ...objectMember(root, 'EnrichmentParameters'),
    ...objectMember(root, 'TargetParameters'),
  };
}

function objectMember(root: Fields, name: string): { [key: string]: JsonObject } {
  const value = root.object(name)?.value;
  return value === undefined ? {} : { [name]: value };
}

/** The stored members that are kept as given (RoleArn, Description, LogConfiguration, KmsKeyIdentifier). */
export function otherSettings(root: Fields): JsonObject {
  const out: JsonObject = {};
  const roleArn = root.string('RoleArn', ROLE_ARN);
  if (roleArn !== undefined) out.RoleArn = roleArn;
  const description = root.string('Description', { max: 512 });
  if (description !== undefined) out.Description = description;
  const logs = root.object('LogConfiguration');
  if (logs) out.LogConfiguration = logs.value;
  const kms = root.string('KmsKeyIdentifier', { max: 2048 });
  if (kms !== undefined) out.KmsKeyIdentifier = kms;
  return out;
}

/** The definition after an UpdatePipe (see PipeService.update). */
export function updatedDefinition(stored: PipeDefinition, input: JsonObject): PipeDefinition {
  const root = Fields.root(input);
  const target = root.string('Target', ARN_RULE) ?? stored.Target;
  const enrichment = root.string('Enrichment', { max: 1600 }) ?? stored.Enrichment ?? '';
  const given = (name: string) => root.object(name)?.value;
  const sourceParameters = mergeSource(stored.SourceParameters ?? {}, given('SourceParameters'));
  // Another target takes other parameters: only the input template carries over.
  const keptTarget =
    target === stored.Target
      ? (stored.TargetParameters ?? {})
      : stored.TargetParameters?.InputTemplate !== undefined
        ? { InputTemplate: stored.TargetParameters.InputTemplate }
        : {};
  const targetParameters = { ...keptTarget, ...given('TargetParameters') };
  const enrichmentParameters = { ...stored.EnrichmentParameters, ...given('EnrichmentParameters') };
  return {
    Source: stored.Source,
    Target: target,
    ...(enrichment !== '' ? { Enrichment: enrichment } : {}),
    SourceParameters: sourceParameters,
    ...(Object.keys(enrichmentParameters).length > 0 ? { EnrichmentParameters: enrichmentParameters } : {}),
    ...(Object.keys(targetParameters).length > 0 ? { TargetParameters: targetParameters } : {}),
  };
}

/** UpdatePipeSourceParameters over the stored ones; a Kinesis source keeps its starting position. */
function mergeSource(stored: JsonObject, given: JsonObject | undefined): JsonObject {
  if (!given) return stored;
  const merged: JsonObject = { ...stored, ...given };
  const kinesis = stored.KinesisStreamParameters as JsonObject | undefined;
  if (kinesis && given.KinesisStreamParameters) {
    const { StartingPosition, StartingPositionTimestamp } = kinesis;
    merged.KinesisStreamParameters = {
      ...(given.KinesisStreamParameters as JsonObject),
      ...(StartingPosition !== undefined ? { StartingPosition } : {}),
      ...(StartingPositionTimestamp !== undefined ? { StartingPositionTimestamp } : {}),
    };
  }
  return merged;
}

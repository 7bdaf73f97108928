/**
 * A running pipe: its stored record read into settings, the chain that processes its batches,
 * and the source that feeds the chain. One per pipe, on the node that holds the pipe's lease
 * (supervisor.ts); a change to the pipe replaces it.
 */
import type { JsonObject } from '../../kernel/index.js';
import type { PipeRecord } from '../../store/port.js';
import { type ChainDeps, PipeChain } from './chain.js';
import { KinesisSource, type KinesisSourceDeps } from './kinesis-source.js';
import { type PipeDefinition, readPipe } from './settings.js';
import type { PipeSource } from './source.js';
import { SqsSource, type SqsSourceDeps } from './sqs-source.js';

export type RunnerDeps = ChainDeps &
  Omit<SqsSourceDeps, 'region' | 'account'> &
  Omit<KinesisSourceDeps, 'roleArn' | 'createdAt'>;

/** The members of a stored pipe that say what it runs. */
export function definitionOf(record: PipeRecord): PipeDefinition {
  const s = record.settings;
  return {
    Source: record.source,
    Target: record.target,
    ...(record.enrichment !== undefined ? { Enrichment: record.enrichment } : {}),
    ...(s.SourceParameters !== undefined ? { SourceParameters: s.SourceParameters as JsonObject } : {}),
    ...(s.EnrichmentParameters !== undefined ? { EnrichmentParameters: s.EnrichmentParameters as JsonObject } : {}),
    ...(s.TargetParameters !== undefined ? { TargetParameters: s.TargetParameters as JsonObject } : {}),
  };
}

/** Builds (and does not start) the runner of a pipe. */
export function createRunner(record: PipeRecord, deps: RunnerDeps): PipeSource {
  const settings = readPipe(definitionOf(record));
  const pipe = { arn: record.arn, name: record.name };
  const chain = new PipeChain(pipe, settings, deps);
  const [, , , region, account] = record.arn.split(':');
  if (settings.source.kind === 'sqs') {
    return new SqsSource(record.arn, settings.source, chain, { ...deps, region: region!, account: account! });
  }
  return new KinesisSource(pipe, settings.source, chain, {
    ...deps,
    roleArn: String(record.settings.RoleArn ?? ''),
    createdAt: record.createdAt,
  });
}

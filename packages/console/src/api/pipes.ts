/**
 * A small typed client for the EventBridge Pipes API over REST JSON, with the requests
 * `@aws-sdk/client-pipes` sends: ListPipes (`GET /v1/pipes`), DescribePipe (`GET
 * /v1/pipes/{Name}`), StartPipe and StopPipe (`POST /v1/pipes/{Name}/start|stop`). Members are
 * AWS's (PascalCase); timestamps are epoch seconds.
 */
import { allPages, page, request, withQuery } from './http.js';
import type { EpochSeconds } from './sfn.js';

/** A pipe's CurrentState, as the API reference lists them. */
export type PipeState =
  | 'RUNNING'
  | 'STOPPED'
  | 'CREATING'
  | 'UPDATING'
  | 'DELETING'
  | 'STARTING'
  | 'STOPPING'
  | 'CREATE_FAILED'
  | 'UPDATE_FAILED'
  | 'START_FAILED'
  | 'STOP_FAILED'
  | 'DELETE_FAILED'
  | 'CREATE_ROLLBACK_FAILED'
  | 'DELETE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_FAILED';

export type PipeDesiredState = 'RUNNING' | 'STOPPED' | 'DELETED';

/** A pipe as ListPipes answers it. */
export interface PipeSummary {
  readonly Name: string;
  readonly Arn: string;
  readonly CurrentState: PipeState;
  readonly DesiredState: PipeDesiredState;
  readonly StateReason?: string;
  readonly Source: string;
  readonly Target: string;
  readonly Enrichment?: string;
  readonly CreationTime?: EpochSeconds;
  readonly LastModifiedTime?: EpochSeconds;
}

/** Parameters as the API carries them: nested structures of the API reference. */
export type Parameters = Readonly<Record<string, unknown>>;

/** DescribePipe's answer. */
export interface Pipe extends PipeSummary {
  readonly Description?: string;
  readonly SourceParameters?: Parameters;
  readonly EnrichmentParameters?: Parameters;
  readonly TargetParameters?: Parameters;
  readonly RoleArn?: string;
  readonly Tags?: Readonly<Record<string, string>>;
  readonly LogConfiguration?: Parameters;
}

/** What StartPipe and StopPipe answer. */
export interface PipeStateChange {
  readonly Name: string;
  readonly Arn: string;
  readonly CurrentState: PipeState;
  readonly DesiredState: PipeDesiredState;
}

const pipePath = (name: string) => `/v1/pipes/${encodeURIComponent(name)}`;

export const pipes = {
  list: (query: { sourcePrefix?: string } = {}) =>
    allPages(async (nextToken) => {
      const out = await request<{ Pipes?: PipeSummary[]; NextToken?: string }>(
        withQuery('/v1/pipes', { Limit: '100', SourcePrefix: query.sourcePrefix, NextToken: nextToken }),
        { method: 'GET' },
      );
      return page(out.Pipes, out.NextToken);
    }),

  describe: (name: string) => request<Pipe>(pipePath(name), { method: 'GET' }),

  start: (name: string) => request<PipeStateChange>(`${pipePath(name)}/start`, { method: 'POST' }),

  stop: (name: string) => request<PipeStateChange>(`${pipePath(name)}/stop`, { method: 'POST' }),
};

/**
 * @module api/aws/pipes
 * The EventBridge Pipes API over the AWS REST JSON protocol (signing name `pipes`): CreatePipe,
 * DescribePipe, ListPipes, UpdatePipe, StartPipe, StopPipe, DeletePipe and the tag operations,
 * as routes over the pipe service. PipeErrors are encoded here, once, with the status the API
 * reference gives each; timestamps are epoch seconds, as restJson1 carries them.
 */
import type { JsonObject } from '../../../kernel/index.js';
import {
  PipeError,
  type PipeErrorCode,
  type PipeRef,
  type PipeService,
  pipeErrors,
} from '../../../messaging/pipes/index.js';
import type { PipeRecord } from '../../../store/port.js';
import { domainErrorsOf } from '../../errors.js';
import { decodeToken, encodeToken, epochSeconds } from '../pagination.js';
import type { RequestContext } from '../request-context.js';
import { queryValue, queryValues, type RestRequest, type RestRoute, type RestService } from '../rest-protocol.js';
import { listFilter, listLimit } from './input.js';

export { PipeInvocations } from './calls.js';
export { deployExamplePipes } from './examples.js';

const STATUS: Record<PipeErrorCode, number> = {
  ValidationException: 400,
  NotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
};

const PIPE = '/v1/pipes/{Name}';
const TAGS = '/tags/{resourceArn}';

const refOf = (request: RestRequest, ctx: RequestContext): PipeRef => ({
  region: ctx.region,
  account: ctx.account,
  name: request.labels.Name ?? '',
});

/** The answer of the calls that change a pipe's state. */
function stateOf(record: PipeRecord): JsonObject {
  return {
    Arn: record.arn,
    Name: record.name,
    DesiredState: record.desiredState,
    CurrentState: record.currentState,
    CreationTime: epochSeconds(record.createdAt),
    LastModifiedTime: epochSeconds(record.lastModifiedAt),
  };
}

function describe(record: PipeRecord, tags: Record<string, string>): JsonObject {
  const {
    RoleArn,
    Description,
    SourceParameters,
    EnrichmentParameters,
    TargetParameters,
    LogConfiguration,
    KmsKeyIdentifier,
  } = record.settings;
  return {
    ...stateOf(record),
    ...(record.stateReason !== undefined ? { StateReason: record.stateReason } : {}),
    ...(Description !== undefined ? { Description } : {}),
    Source: record.source,
    ...(SourceParameters !== undefined ? { SourceParameters } : {}),
    ...(record.enrichment !== undefined ? { Enrichment: record.enrichment } : {}),
    ...(EnrichmentParameters !== undefined ? { EnrichmentParameters } : {}),
    Target: record.target,
    ...(TargetParameters !== undefined ? { TargetParameters } : {}),
    ...(RoleArn !== undefined ? { RoleArn } : {}),
    Tags: tags,
    ...(LogConfiguration !== undefined ? { LogConfiguration } : {}),
    ...(KmsKeyIdentifier !== undefined ? { KmsKeyIdentifier } : {}),
  };
}

function summary(record: PipeRecord): JsonObject {
  return {
    ...stateOf(record),
    ...(record.stateReason !== undefined ? { StateReason: record.stateReason } : {}),
    Source: record.source,
    Target: record.target,
    ...(record.enrichment !== undefined ? { Enrichment: record.enrichment } : {}),
  };
}

/** Tag requests name a pipe by ARN; Schemas tags at the same path, so a request is ours when the ARN is a pipe's. */
const pipeResource = (labels: Readonly<Record<string, string>>) => (labels.resourceArn ?? '').split(':')[2] === 'pipes';

export function pipesService(pipes: PipeService): RestService {
  const routes: RestRoute[] = [
    {
      method: 'POST',
      path: PIPE,
      operation: async (request, ctx) => stateOf(await pipes.create(refOf(request, ctx), request.body)),
    },
    {
      method: 'GET',
      path: PIPE,
      async operation(request, ctx) {
        const { record, tags } = await pipes.describe(refOf(request, ctx));
        return describe(record, tags);
      },
    },
    {
      method: 'PUT',
      path: PIPE,
      operation: async (request, ctx) => stateOf(await pipes.update(refOf(request, ctx), request.body)),
    },
    {
      method: 'DELETE',
      path: PIPE,
      async operation(request, ctx) {
        const record = await pipes.delete(refOf(request, ctx));
        return { ...stateOf(record), DesiredState: 'DELETED', CurrentState: 'DELETING' };
      },
    },
    {
      method: 'POST',
      path: `${PIPE}/start`,
      operation: async (request, ctx) => stateOf(await pipes.startPipe(refOf(request, ctx))),
    },
    {
      method: 'POST',
      path: `${PIPE}/stop`,
      operation: async (request, ctx) => stateOf(await pipes.stopPipe(refOf(request, ctx))),
    },
    {
      method: 'GET',
      path: '/v1/pipes',
      async operation(request, ctx) {
        const filter = listFilter(request);
        const scope = `ListPipes|${ctx.region}|${JSON.stringify(filter)}`;
        const after = decodeToken(queryValue(request, 'NextToken'), scope);
        const page = await pipes.list(ctx, filter, { limit: listLimit(request), ...(after ? { after } : {}) });
        return {
          Pipes: page.items.map(summary),
          ...(page.next !== undefined ? { NextToken: encodeToken(scope, page.next) } : {}),
        };
      },
    },
    {
      method: 'GET',
      path: TAGS,
      accepts: pipeResource,
      operation: async (request) => ({ tags: await pipes.tags(request.labels.resourceArn!) }),
    },
    {
      method: 'POST',
      path: TAGS,
      accepts: pipeResource,
      async operation(request) {
        await pipes.tag(request.labels.resourceArn!, request.body);
        return {};
      },
    },
    {
      method: 'DELETE',
      path: TAGS,
      accepts: pipeResource,
      async operation(request) {
        const keys = queryValues(request, 'tagKeys');
        if (keys.length === 0) throw pipeErrors.required('tagKeys');
        await pipes.untag(request.labels.resourceArn!, keys);
        return {};
      },
    },
  ];
  return { name: 'pipes', routes, domainError: domainErrorsOf(PipeError, (e) => STATUS[e.code]) };
}

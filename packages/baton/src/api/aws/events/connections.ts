/**
 * Connections and API destinations (API reference: CreateConnection, DescribeConnection,
 * ListConnections, UpdateConnection, DeleteConnection, DeauthorizeConnection;
 * CreateApiDestination, DescribeApiDestination, ListApiDestinations, UpdateApiDestination,
 * DeleteApiDestination). Members are checked here with AWS's request-validation messages;
 * secrets never leave the server (Describe shows AuthParameters without them).
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { type EventBusService, publicAuthParameters } from '../../../messaging/bus/index.js';
import type {
  ApiDestinationRecord,
  ConnectionAuthorizationType,
  ConnectionRecord,
  ConnectionState,
} from '../../../store/port.js';
import { validationError } from '../../errors.js';
import { serialization } from '../json-members.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { EventsDeps } from './deps.js';
import {
  nextToken,
  optionalArray,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  pageOf,
  requiredString,
  type StringRule,
} from './input.js';

const NAME: StringRule = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, patternText: '[\\.\\-_A-Za-z0-9]+' };
const AUTH_TYPES: readonly ConnectionAuthorizationType[] = ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY'];
const CONNECTION_STATES: readonly ConnectionState[] = [
  'CREATING',
  'UPDATING',
  'DELETING',
  'AUTHORIZED',
  'DEAUTHORIZED',
  'AUTHORIZING',
  'DEAUTHORIZING',
];
const HTTP_METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] as const;
const CONNECTION_ARN: StringRule = {
  min: 1,
  max: 1600,
  pattern: /^arn:aws([a-z]|-)*:events:([a-z]|\d|-)*:([0-9]{12})?:connection\/[.\-_A-Za-z0-9]+\/[-A-Za-z0-9]+$/,
  patternText:
    '^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$',
};
const ENDPOINT: StringRule = {
  min: 1,
  max: 2048,
  pattern: /^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?$/,
  patternText: "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?$",
};
const SECRET: StringRule = { min: 1, max: 512 };

/** Checks an AuthParameters member (any of its parts may be absent: UpdateConnection sends some). */
function readAuthParameters(input: JsonObject, required: boolean): JsonObject | undefined {
  const params = optionalObject(input, 'AuthParameters');
  if (!params) {
    if (required) {
      throw validationError(
        "1 validation error detected: Value null at 'authParameters' failed to satisfy constraint: Member must not be null",
      );
    }
    return undefined;
  }
  const at = (path: string) => `authParameters.${path}`;
  const basic = optionalObject(params, 'BasicAuthParameters');
  if (basic) {
    optionalString(basic, 'Username', { ...SECRET, path: at('basicAuthParameters.username') });
    optionalString(basic, 'Password', { ...SECRET, path: at('basicAuthParameters.password') });
  }
  const apiKey = optionalObject(params, 'ApiKeyAuthParameters');
  if (apiKey) {
    optionalString(apiKey, 'ApiKeyName', { ...SECRET, path: at('apiKeyAuthParameters.apiKeyName') });
    optionalString(apiKey, 'ApiKeyValue', { ...SECRET, path: at('apiKeyAuthParameters.apiKeyValue') });
  }
  const oauth = optionalObject(params, 'OAuthParameters');
  if (oauth) {
    const client = optionalObject(oauth, 'ClientParameters');
    if (client) {
      optionalString(client, 'ClientID', { ...SECRET, path: at('oAuthParameters.clientParameters.clientID') });
      optionalString(client, 'ClientSecret', { ...SECRET, path: at('oAuthParameters.clientParameters.clientSecret') });
    }
    const endpoint = optionalString(oauth, 'AuthorizationEndpoint', {
      min: 1,
      max: 2048,
      path: at('oAuthParameters.authorizationEndpoint'),
    });
    if (endpoint !== undefined && !URL.canParse(endpoint)) {
      throw validationError(`Parameter AuthorizationEndpoint is not valid. Reason: ${endpoint} is not a URL.`);
    }
    optionalEnum(oauth, 'HttpMethod', ['GET', 'POST', 'PUT']);
    const http = optionalObject(oauth, 'OAuthHttpParameters');
    if (http) readHttpParameters(http, at('oAuthParameters.oAuthHttpParameters'));
  }
  const invocation = optionalObject(params, 'InvocationHttpParameters');
  if (invocation) readHttpParameters(invocation, at('invocationHttpParameters'));
  return params;
}

/** ConnectionHttpParameters: lists of {Key, Value, IsValueSecret}. */
function readHttpParameters(http: JsonObject, path: string): void {
  for (const member of ['HeaderParameters', 'QueryStringParameters', 'BodyParameters']) {
    const list = optionalArray(http, member) ?? [];
    list.forEach((p, i) => {
      if (!isJsonObject(p)) throw serialization(`${member}.${i + 1}`, 'an object');
      const at = `${path}.${member.charAt(0).toLowerCase()}${member.slice(1)}.${i + 1}.member`;
      optionalString(p, 'Key', { max: 512, path: `${at}.key` });
      optionalString(p, 'Value', { max: 512, path: `${at}.value` });
    });
  }
}

function connectionTimes(c: ConnectionRecord): JsonObject {
  return {
    CreationTime: epochSeconds(c.createdAt),
    LastModifiedTime: epochSeconds(c.lastModifiedAt),
    ...(c.lastAuthorizedAt !== undefined ? { LastAuthorizedTime: epochSeconds(c.lastAuthorizedAt) } : {}),
  };
}

/** What CreateConnection, UpdateConnection, DeleteConnection and DeauthorizeConnection answer. */
function connectionChange(c: ConnectionRecord): JsonObject {
  return { ConnectionArn: c.arn, ConnectionState: c.state, ...connectionTimes(c) };
}

function connectionSummary(c: ConnectionRecord): JsonObject {
  return {
    ConnectionArn: c.arn,
    Name: c.name,
    ConnectionState: c.state,
    ...(c.stateReason !== undefined ? { StateReason: c.stateReason } : {}),
    AuthorizationType: c.authorizationType,
    ...connectionTimes(c),
  };
}

/** What CreateApiDestination and UpdateApiDestination answer. */
async function destinationChange(bus: EventBusService, d: ApiDestinationRecord): Promise<JsonObject> {
  return {
    ApiDestinationArn: d.arn,
    ApiDestinationState: await bus.apiDestinations.state(d),
    CreationTime: epochSeconds(d.createdAt),
    LastModifiedTime: epochSeconds(d.lastModifiedAt),
  };
}

async function destinationOutput(bus: EventBusService, d: ApiDestinationRecord): Promise<JsonObject> {
  return {
    ApiDestinationArn: d.arn,
    Name: d.name,
    ...(d.description !== undefined ? { Description: d.description } : {}),
    ApiDestinationState: await bus.apiDestinations.state(d),
    ConnectionArn: d.connectionArn,
    InvocationEndpoint: d.invocationEndpoint,
    HttpMethod: d.httpMethod,
    InvocationRateLimitPerSecond: d.invocationRateLimitPerSecond,
    CreationTime: epochSeconds(d.createdAt),
    LastModifiedTime: epochSeconds(d.lastModifiedAt),
  };
}

export function connectionOperations({ bus }: EventsDeps): Record<string, Operation> {
  const destinationFields = (input: JsonObject) => {
    const description = optionalString(input, 'Description', { max: 512 });
    const connectionArn = optionalString(input, 'ConnectionArn', CONNECTION_ARN);
    const invocationEndpoint = optionalString(input, 'InvocationEndpoint', ENDPOINT);
    const httpMethod = optionalEnum(input, 'HttpMethod', HTTP_METHODS);
    const rate = optionalInteger(input, 'InvocationRateLimitPerSecond', 1, Number.MAX_SAFE_INTEGER);
    return {
      ...(description !== undefined ? { description } : {}),
      ...(connectionArn !== undefined ? { connectionArn } : {}),
      ...(invocationEndpoint !== undefined ? { invocationEndpoint } : {}),
      ...(httpMethod !== undefined ? { httpMethod } : {}),
      ...(rate !== undefined ? { invocationRateLimitPerSecond: rate } : {}),
    };
  };

  return {
    async CreateConnection(input, ctx) {
      const name = requiredString(input, 'Name', NAME);
      const description = optionalString(input, 'Description', { max: 512 });
      const authorizationType = optionalEnum(input, 'AuthorizationType', AUTH_TYPES);
      if (authorizationType === undefined) {
        throw validationError(
          "1 validation error detected: Value null at 'authorizationType' failed to satisfy constraint: Member must not be null",
        );
      }
      const authParameters = readAuthParameters(input, true)!;
      const c = await bus.connections.create(ctx, {
        name,
        ...(description !== undefined ? { description } : {}),
        authorizationType,
        authParameters,
      });
      return connectionChange(c);
    },

    async DescribeConnection(input, ctx) {
      const c = await bus.connections.get(ctx, requiredString(input, 'Name', NAME));
      return {
        ...connectionSummary(c),
        ...(c.description !== undefined ? { Description: c.description } : {}),
        SecretArn: c.secretArn,
        ...(c.authParameters ? { AuthParameters: publicAuthParameters(c.authParameters) } : {}),
      };
    },

    async ListConnections(input, ctx) {
      const namePrefix = optionalString(input, 'NamePrefix', NAME);
      const state = optionalEnum(input, 'ConnectionState', CONNECTION_STATES);
      const scope = `ListConnections:${ctx.region}:${ctx.account}:${namePrefix ?? ''}:${state ?? ''}`;
      const page = await bus.connections.list(
        ctx,
        { ...(namePrefix !== undefined ? { namePrefix } : {}), ...(state !== undefined ? { state } : {}) },
        pageOf(input, scope),
      );
      return { Connections: page.items.map(connectionSummary), ...nextToken(scope, page.next) };
    },

    async UpdateConnection(input, ctx) {
      const name = requiredString(input, 'Name', NAME);
      const description = optionalString(input, 'Description', { max: 512 });
      const authorizationType = optionalEnum(input, 'AuthorizationType', AUTH_TYPES);
      const authParameters = readAuthParameters(input, false);
      const c = await bus.connections.update(ctx, name, {
        ...(description !== undefined ? { description } : {}),
        ...(authorizationType !== undefined ? { authorizationType } : {}),
        ...(authParameters !== undefined ? { authParameters } : {}),
      });
      return connectionChange(c);
    },

    async DeleteConnection(input, ctx) {
      const c = await bus.connections.delete(ctx, requiredString(input, 'Name', NAME));
      return connectionChange(c);
    },

    async DeauthorizeConnection(input, ctx) {
      const c = await bus.connections.deauthorize(ctx, requiredString(input, 'Name', NAME));
      return connectionChange(c);
    },

    async CreateApiDestination(input, ctx) {
      const name = requiredString(input, 'Name', NAME);
      const fields = destinationFields(input);
      for (const [member, value] of [
        ['connectionArn', fields.connectionArn],
        ['invocationEndpoint', fields.invocationEndpoint],
        ['httpMethod', fields.httpMethod],
      ] as const) {
        if (value === undefined) {
          throw validationError(
            `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
          );
        }
      }
      const d = await bus.apiDestinations.create(ctx, {
        ...fields,
        name,
        connectionArn: fields.connectionArn!,
        invocationEndpoint: fields.invocationEndpoint!,
        httpMethod: fields.httpMethod!,
      });
      return destinationChange(bus, d);
    },

    async DescribeApiDestination(input, ctx) {
      return destinationOutput(bus, await bus.apiDestinations.get(ctx, requiredString(input, 'Name', NAME)));
    },

    async ListApiDestinations(input, ctx) {
      const namePrefix = optionalString(input, 'NamePrefix', NAME);
      const connectionArn = optionalString(input, 'ConnectionArn', CONNECTION_ARN);
      const scope = `ListApiDestinations:${ctx.region}:${ctx.account}:${namePrefix ?? ''}:${connectionArn ?? ''}`;
      const page = await bus.apiDestinations.list(
        ctx,
        {
          ...(namePrefix !== undefined ? { namePrefix } : {}),
          ...(connectionArn !== undefined ? { connectionArn } : {}),
        },
        pageOf(input, scope),
      );
      const items = await Promise.all(page.items.map((d) => destinationOutput(bus, d)));
      return { ApiDestinations: items, ...nextToken(scope, page.next) };
    },

    async UpdateApiDestination(input, ctx) {
      const d = await bus.apiDestinations.update(ctx, requiredString(input, 'Name', NAME), destinationFields(input));
      return destinationChange(bus, d);
    },

    async DeleteApiDestination(input, ctx) {
      await bus.apiDestinations.delete(ctx, requiredString(input, 'Name', NAME));
      return {};
    },
  };
}

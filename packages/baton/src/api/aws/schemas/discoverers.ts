/**
 * Discoverers and discovery (API reference, "Discoverers", "Discoverer", "Start discoverer",
 * "Stop discoverer", "Discover": CreateDiscoverer, DescribeDiscoverer, UpdateDiscoverer,
 * DeleteDiscoverer, ListDiscoverers, StartDiscoverer, StopDiscoverer, GetDiscoveredSchema).
 * A discoverer's id is derived from its bus (`events-event-bus-<name>`), one per bus.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { SchemaError, type SchemaService } from '../../../messaging/schemas/index.js';
import type { SchemaDiscovererRecord } from '../../../store/port.js';
import { queryValue, type RestRequest, type RestRoute } from '../rest-protocol.js';
import type { SchemasDeps } from './deps.js';
import { bodyBoolean, bodyString, bodyTags, DESCRIPTION, label, nextToken, pageOf, schemaType } from './input.js';

const DISCOVERER = '/v1/discoverers/id/{DiscovererId}';
/** GetDiscoveredSchema takes 1 to 10 events of at most 100,000 characters each. */
const MAX_EVENTS = 10;
const MAX_EVENT_LENGTH = 100_000;

const discovererId = (request: RestRequest) => label(request, 'DiscovererId');

async function discovererOutput(schemas: SchemaService, record: SchemaDiscovererRecord): Promise<JsonObject> {
  return {
    ...(record.description !== undefined ? { Description: record.description } : {}),
    DiscovererArn: record.arn,
    DiscovererId: record.id,
    SourceArn: record.sourceArn,
    State: record.state,
    CrossAccount: record.crossAccount,
    tags: await schemas.tags(record.arn),
  };
}

export function discovererRoutes({ schemas }: SchemasDeps): RestRoute[] {
  const setState =
    (state: 'STARTED' | 'STOPPED'): RestRoute['operation'] =>
    async (request, ctx) => {
      const record = await schemas.updateDiscoverer(ctx, discovererId(request), { state });
      return { DiscovererId: record.id, State: record.state };
    };
  return [
    {
      method: 'POST',
      path: '/v1/discoverers',
      status: 201,
      async operation(request, ctx) {
        const description = bodyString(request, 'Description', DESCRIPTION);
        const crossAccount = bodyBoolean(request, 'CrossAccount');
        const input = {
          sourceArn: bodyString(request, 'SourceArn', { required: true, min: 20, max: 1600 }),
          ...(description !== undefined ? { description } : {}),
          ...(crossAccount !== undefined ? { crossAccount } : {}),
        };
        return discovererOutput(schemas, await schemas.createDiscoverer(ctx, input, bodyTags(request)));
      },
    },
    {
      method: 'GET',
      path: DISCOVERER,
      status: 200,
      operation: async (request, ctx) =>
        discovererOutput(schemas, await schemas.discoverer(ctx, discovererId(request))),
    },
    {
      method: 'PUT',
      path: DISCOVERER,
      status: 200,
      async operation(request, ctx) {
        const description = bodyString(request, 'Description', DESCRIPTION);
        const crossAccount = bodyBoolean(request, 'CrossAccount');
        const record = await schemas.updateDiscoverer(ctx, discovererId(request), {
          ...(description !== undefined ? { description } : {}),
          ...(crossAccount !== undefined ? { crossAccount } : {}),
        });
        return discovererOutput(schemas, record);
      },
    },
    {
      method: 'DELETE',
      path: DISCOVERER,
      status: 204,
      async operation(request, ctx) {
        await schemas.deleteDiscoverer(ctx, discovererId(request));
        return {};
      },
    },
    { method: 'POST', path: `${DISCOVERER}/start`, status: 200, operation: setState('STARTED') },
    { method: 'POST', path: `${DISCOVERER}/stop`, status: 200, operation: setState('STOPPED') },
    {
      method: 'GET',
      path: '/v1/discoverers',
      status: 200,
      async operation(request, ctx) {
        const idPrefix = queryValue(request, 'discovererIdPrefix') ?? '';
        const sourcePrefix = queryValue(request, 'sourceArnPrefix') ?? '';
        const scope = `ListDiscoverers:${idPrefix}:${sourcePrefix}`;
        const found = await schemas.listDiscoverers(ctx, idPrefix, sourcePrefix, pageOf(request, scope));
        const items = await Promise.all(found.items.map((d) => discovererOutput(schemas, d)));
        return { Discoverers: items, ...nextToken(scope, found.next) };
      },
    },
    {
      method: 'POST',
      path: '/v1/discover',
      status: 200,
      async operation(request) {
        const type = schemaType(bodyString(request, 'Type', { required: true }))!;
        const events = request.body.Events;
        if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS) {
          throw new SchemaError('BadRequestException', `Events must be a list of 1 to ${MAX_EVENTS} events.`);
        }
        const texts = events.map((event, i) => {
          if (typeof event !== 'string' || event.length < 1 || event.length > MAX_EVENT_LENGTH) {
            throw new SchemaError(
              'BadRequestException',
              `Events[${i}] must be a string of 1 to ${MAX_EVENT_LENGTH} characters.`,
            );
          }
          return event;
        });
        return { Content: schemas.getDiscoveredSchema(texts, type) };
      },
    },
  ];
}

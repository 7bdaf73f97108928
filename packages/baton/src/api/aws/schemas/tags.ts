/**
 * Tags on registries, schemas and discoverers (API reference, "Tags": TagResource,
 * UntagResource, ListTagsForResource): `/tags/{resourceArn}`, the ARN URL-encoded in the path.
 */

import { parseSchemasArn } from '../../../messaging/schemas/index.js';
import { queryValues, type RestRequest, type RestRoute } from '../rest-protocol.js';
import type { SchemasDeps } from './deps.js';
import { bodyTags, label } from './input.js';

/** The path Pipes tags at too: a request is this service's when its ARN is a Schemas ARN. */
const TAGS = '/tags/{resourceArn}';
const accepts = (labels: Readonly<Record<string, string>>) => parseSchemasArn(labels.resourceArn ?? '') !== undefined;

const resourceArn = (request: RestRequest) => label(request, 'resourceArn');

export function tagRoutes({ schemas }: SchemasDeps): RestRoute[] {
  return [
    {
      method: 'GET',
      path: TAGS,
      accepts,
      status: 200,
      operation: async (request) => ({ tags: await schemas.tags(resourceArn(request)) }),
    },
    {
      method: 'POST',
      path: TAGS,
      accepts,
      status: 204,
      async operation(request) {
        await schemas.tag(resourceArn(request), bodyTags(request, true));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: TAGS,
      accepts,
      status: 204,
      async operation(request) {
        await schemas.untag(resourceArn(request), queryValues(request, 'tagKeys'));
        return {};
      },
    },
  ];
}

/**
 * @module api/aws/schemas
 * The EventBridge Schemas API over the AWS REST JSON protocol (signing name `schemas`): one
 * table of routes over the schema service (registries, schemas and versions, search,
 * discoverers, discovery, tags). Errors of the schema domain (SchemaError) are encoded once
 * here, with the status the API reference gives each and the `{Code, Message}` body of its
 * ErrorOutput.
 */
import { SchemaError, type SchemaErrorCode } from '../../../messaging/schemas/index.js';
import { type AwsError, domainErrorsOf } from '../../errors.js';
import type { RestRoute, RestService } from '../rest-protocol.js';
import type { SchemasDeps } from './deps.js';
import { discovererRoutes } from './discoverers.js';
import { registryRoutes } from './registries.js';
import { schemaRoutes } from './schemas.js';
import { tagRoutes } from './tags.js';

export type { SchemasDeps } from './deps.js';
export { deployExampleSchemas } from './examples.js';

const STATUS: Record<SchemaErrorCode, number> = {
  BadRequestException: 400,
  NotFoundException: 404,
  ConflictException: 409,
};

/** The body of the API reference's ErrorOutput. */
const errorBody = (error: AwsError) => ({ Code: error.code, Message: error.message });

/** Operations of the API not served yet: refused in words, rather than left to the console's 404 page. */
const UNSUPPORTED: readonly [RestRoute['method'], string, string][] = [
  ['GET', '/v1/registries/name/{RegistryName}/schemas/name/{SchemaName}/export', 'ExportSchema'],
  ['POST', '/v1/registries/name/{RegistryName}/schemas/name/{SchemaName}/language/{Language}', 'PutCodeBinding'],
  ['GET', '/v1/registries/name/{RegistryName}/schemas/name/{SchemaName}/language/{Language}', 'DescribeCodeBinding'],
  [
    'GET',
    '/v1/registries/name/{RegistryName}/schemas/name/{SchemaName}/language/{Language}/source',
    'GetCodeBindingSource',
  ],
  ['GET', '/v1/policy', 'GetResourcePolicy'],
  ['PUT', '/v1/policy', 'PutResourcePolicy'],
  ['DELETE', '/v1/policy', 'DeleteResourcePolicy'],
];

function unsupported([method, path, name]: (typeof UNSUPPORTED)[number]): RestRoute {
  return {
    method,
    path,
    async operation() {
      throw new SchemaError(
        'BadRequestException',
        `${name} is not supported by this Baton server yet (for TypeScript types, use \`baton schemas codegen\`).`,
      );
    },
  };
}

export function schemasService(deps: SchemasDeps): RestService {
  const routes = [
    ...registryRoutes(deps),
    ...schemaRoutes(deps),
    ...discovererRoutes(deps),
    ...tagRoutes(deps),
    ...UNSUPPORTED.map(unsupported),
  ];
  return {
    name: 'schemas',
    routes,
    domainError: domainErrorsOf(SchemaError, (e) => STATUS[e.code]),
    errorBody,
  };
}

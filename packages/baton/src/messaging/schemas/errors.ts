/**
 * Schema registry errors, by the names of the API reference's error shapes (each with its HTTP
 * status there). Every path that raises one says it with these words; the API layer encodes a
 * SchemaError once (api/aws/schemas). AWS does not document its messages: these name the
 * resource and what is wrong with it.
 */
export type SchemaErrorCode = 'BadRequestException' | 'NotFoundException' | 'ConflictException';

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new SchemaError('BadRequestException', message);
const notFound = (message: string) => new SchemaError('NotFoundException', message);
const conflict = (message: string) => new SchemaError('ConflictException', message);

export const schemaErrors = {
  badRequest,
  registryNotFound: (name: string) => notFound(`Registry with name ${name} does not exist.`),
  registryExists: (name: string) => conflict(`Registry with name ${name} already exists.`),
  schemaNotFound: (registry: string, name: string) =>
    notFound(`Schema with name ${name} does not exist in registry ${registry}.`),
  schemaExists: (registry: string, name: string) =>
    conflict(`Schema with name ${name} already exists in registry ${registry}.`),
  versionNotFound: (name: string, version: string) => notFound(`Version ${version} of schema ${name} does not exist.`),
  onlyVersion: (name: string, version: string) =>
    badRequest(`Version ${version} is the only version of schema ${name}: delete the schema instead.`),
  discovererNotFound: (id: string) => notFound(`Discoverer with id ${id} does not exist.`),
  discovererExists: (sourceArn: string) => conflict(`A discoverer for ${sourceArn} already exists.`),
  busNotFound: (sourceArn: string) => badRequest(`SourceArn ${sourceArn} is not an existing event bus.`),
  resourceNotFound: (arn: string) => notFound(`Resource ${arn} does not exist.`),
  invalidContent: (type: string, reason: string) => badRequest(`Invalid ${type} schema content: ${reason}`),
  invalidEvent: (index: number, reason: string) => badRequest(`Events[${index}] is not a JSON event: ${reason}`),
};

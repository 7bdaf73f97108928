/**
 * Where registries, schemas and discoverers live: their ARNs (`registry/<name>`,
 * `schema/<registry>/<name>`, `discoverer/<id>`), the names the service accepts, the registry
 * discovery writes to, and a discoverer's id, which is derived from its event bus (one discoverer
 * per bus, as on AWS: `events-event-bus-<bus name>`).
 */
export interface SchemaLocation {
  readonly region: string;
  readonly account: string;
}

/** The registry discovered schemas are written to (created with the first discoverer). */
export const DISCOVERED_REGISTRY = 'discovered-schemas';

/** Names of registries: letters, digits, `.`, `-` and `_`, as AWS's console allows. */
export const REGISTRY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** Names of schemas: as registries', plus `@` (discovered schemas are `<source>@<DetailType>`). */
export const SCHEMA_NAME = /^[A-Za-z0-9._@-]{1,385}$/;

const base = (at: SchemaLocation) => `arn:aws:schemas:${at.region}:${at.account}:`;

export const registryArn = (at: SchemaLocation, name: string) => `${base(at)}registry/${name}`;
export const registryArnPrefix = (at: SchemaLocation) => `${base(at)}registry/`;
export const schemaArn = (at: SchemaLocation, registry: string, name: string) =>
  `${base(at)}schema/${registry}/${name}`;
export const discovererArn = (at: SchemaLocation, id: string) => `${base(at)}discoverer/${id}`;
export const discovererArnPrefix = (at: SchemaLocation) => `${base(at)}discoverer/`;

/** The id of the discoverer of an event bus, from the bus's name. */
export const discovererIdOf = (busName: string) => `events-event-bus-${busName}`;

/**
 * The name discovery gives the schema of one kind of event: `<source>@<detail-type>`, the
 * detail-type without spaces (as AWS names them: `aws.ec2@EC2InstanceStateChangeNotification`);
 * characters a schema name cannot hold become `_`.
 */
export function discoveredSchemaName(source: string, detailType: string): string {
  const name = `${source}@${detailType.replace(/\s+/g, '')}`.replace(/[^A-Za-z0-9._@-]/g, '_');
  return name.slice(0, 385);
}

/** The location and name in a registry, schema or discoverer ARN, or undefined when the text is not one. */
export function parseSchemasArn(
  arn: string,
): (SchemaLocation & { kind: 'registry' | 'schema' | 'discoverer'; path: string }) | undefined {
  const m = /^arn:aws[\w-]*:schemas:([a-z0-9-]+):(\d{12}):(registry|schema|discoverer)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, kind: m[3] as 'registry' | 'schema' | 'discoverer', path: m[4]! };
}

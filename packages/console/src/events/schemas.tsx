/**
 * The Schemas tab: the registries (ListRegistries), the chosen registry's schemas (ListSchemas),
 * and a chosen schema's content at one of its versions (DescribeSchema, ListSchemaVersions). What
 * is chosen lives in the URL (registries and schemas are links), so a view can be shared.
 */
import { newestFirst, type SchemaSummary, type SchemaType, schemas } from '../api/schemas.js';
import { Link, navigate } from '../router.js';
import { Empty, ErrorBanner, JsonBlock, Loading, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';

/** A registry, one of its schemas, and a version of it (the latest when absent). */
export interface SchemaChoice {
  readonly registry?: string | undefined;
  readonly schema?: string | undefined;
  readonly version?: string | undefined;
}

type HrefOf = (choice: SchemaChoice) => string;

/** The Schemas API's timestamps are ISO 8601. */
const msOf = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

const cli = () => `aws --endpoint-url ${window.location.origin} schemas`;

/** `busArn` names the bus in the discovery example. */
export function Schemas({
  choice,
  hrefOf,
  busArn,
}: {
  choice: SchemaChoice;
  hrefOf: HrefOf;
  busArn: string | undefined;
}) {
  const registries = useAsync(() => schemas.registries(), []);
  if (registries.error) return <ErrorBanner error={registries.error} title="Could not list schema registries" />;
  if (!registries.data) return <Loading what="schema registries" />;
  if (registries.data.length === 0)
    return (
      <Empty title="No schema registries">
        <p>
          A registry keeps schemas: the shapes of events, versioned. CreateRegistry makes one; a discoverer on a bus
          makes <code>discovered-schemas</code> and adds a schema for each kind of event the bus sees:
        </p>
        <pre className="snippet">{`${cli()} create-registry --registry-name orders
${cli()} create-discoverer --source-arn ${busArn ?? 'arn:aws:events:<region>:<account>:event-bus/default'}`}</pre>
      </Empty>
    );
  const registry = choice.registry ?? registries.data[0]!.RegistryName;
  const known = registries.data.some((r) => r.RegistryName === registry);
  return (
    <div className="schemas-split">
      <nav className="pick-list" aria-label="Registries">
        <h2 className="nav-heading">Registries</h2>
        <ul>
          {registries.data.map((r) => (
            <li key={r.RegistryArn}>
              <Link
                href={hrefOf({ registry: r.RegistryName })}
                aria-current={r.RegistryName === registry ? 'page' : undefined}
              >
                {r.RegistryName}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        {known ? (
          <RegistrySchemas key={registry} registry={registry} choice={choice} hrefOf={hrefOf} />
        ) : (
          <ErrorBanner error={new Error(`There is no schema registry named ${registry}.`)} title="No such registry" />
        )}
      </div>
    </div>
  );
}

interface SchemaRow extends SchemaSummary {
  readonly Type: SchemaType;
}

/** ListSchemas gives no type (each version has its own): the latest version's is shown. */
async function schemaRows(registry: string): Promise<SchemaRow[]> {
  const listed = await schemas.list(registry);
  return Promise.all(listed.map(async (s) => ({ ...s, Type: (await schemas.describe(registry, s.SchemaName)).Type })));
}

function RegistrySchemas({ registry, choice, hrefOf }: { registry: string; choice: SchemaChoice; hrefOf: HrefOf }) {
  const rows = useAsync(() => schemaRows(registry), [registry]);
  if (rows.error) return <ErrorBanner error={rows.error} title={`Could not list the schemas of ${registry}`} />;
  if (!rows.data) return <Loading what="schemas" />;
  if (rows.data.length === 0)
    return (
      <Empty title={`No schemas in ${registry}`}>
        <p>CreateSchema adds one; discovery on a bus adds what it sees (into discovered-schemas).</p>
        <pre className="snippet">{`${cli()} create-schema --registry-name ${registry} \\
  --schema-name OrderPlaced --type JSONSchemaDraft4 \\
  --content '{"type": "object", "properties": {"orderId": {"type": "string"}}}'`}</pre>
      </Empty>
    );
  return (
    <>
      <table className="table" aria-label="Schemas">
        <thead>
          <tr>
            <th>Schema</th>
            <th>Type</th>
            <th className="number">Versions</th>
            <th>Last modified</th>
          </tr>
        </thead>
        <tbody>
          {rows.data.map((s) => (
            <tr key={s.SchemaArn} data-schema={s.SchemaName}>
              <td>
                <Link
                  href={hrefOf({ registry, schema: s.SchemaName })}
                  aria-current={s.SchemaName === choice.schema ? 'page' : undefined}
                >
                  {s.SchemaName}
                </Link>
              </td>
              <td>
                <span className="tag">{s.Type}</span>
              </td>
              <td className="number">{s.VersionCount ?? '—'}</td>
              <td>
                <Time ms={msOf(s.LastModified)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {choice.schema ? (
        <SchemaVersionView
          key={choice.schema}
          registry={registry}
          schema={choice.schema}
          version={choice.version}
          hrefOf={hrefOf}
        />
      ) : (
        <p className="muted">Pick a schema to read its content.</p>
      )}
    </>
  );
}

function SchemaVersionView({
  registry,
  schema,
  version,
  hrefOf,
}: {
  registry: string;
  schema: string;
  version: string | undefined;
  hrefOf: HrefOf;
}) {
  const shown = useAsync(() => schemas.describe(registry, schema, version), [registry, schema, version]);
  const versions = useAsync(() => schemas.versions(registry, schema), [registry, schema]);
  const pick = (next: string) => navigate(hrefOf({ registry, schema, version: next }), { replace: true });
  return (
    <section className="schema-version" aria-label={`Schema ${schema}`} aria-busy={shown.loading}>
      <header className="page-header">
        <h2>{schema}</h2>
        {versions.data ? (
          <label className="inline-label">
            Version
            <select
              value={version ?? shown.data?.SchemaVersion ?? ''}
              onChange={(e) => pick(e.target.value)}
              aria-label="Version"
            >
              {newestFirst(versions.data).map((v, i) => (
                <option key={v.SchemaVersion} value={v.SchemaVersion}>
                  {i === 0 ? `${v.SchemaVersion} (latest)` : v.SchemaVersion}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </header>
      <ErrorBanner error={versions.error} title={`Could not list the versions of ${schema}`} />
      {shown.error ? (
        <ErrorBanner
          error={shown.error}
          title={version ? `Could not read version ${version} of ${schema}` : `Could not read ${schema}`}
        />
      ) : shown.data ? (
        <>
          <dl className="facts compact">
            <dt>ARN</dt>
            <dd className="arn">{shown.data.SchemaArn}</dd>
            <dt>Type</dt>
            <dd>
              <span className="tag">{shown.data.Type}</span>
            </dd>
            <dt>Version created</dt>
            <dd>
              <Time ms={msOf(shown.data.VersionCreatedDate)} />
            </dd>
            {shown.data.Description ? (
              <>
                <dt>Description</dt>
                <dd>{shown.data.Description}</dd>
              </>
            ) : null}
          </dl>
          <JsonBlock text={shown.data.Content} label={`Content of version ${shown.data.SchemaVersion}`} />
        </>
      ) : (
        <Loading what={`schema ${schema}`} />
      )}
    </section>
  );
}

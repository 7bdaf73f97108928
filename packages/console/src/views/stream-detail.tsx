/**
 * One stream: its summary (DescribeStreamSummary), its shards (ListShards) open and closed with
 * their lineage, its registered consumers (ListStreamConsumers), the pipes that read it
 * (ListPipes), and a read-only look at a shard's records.
 */
import { kinesis } from '../api/kinesis.js';
import { pipes } from '../api/pipes.js';
import { PipeStateBadge } from '../pipes/state-badge.js';
import { Link, paths } from '../router.js';
import { retention } from '../streams/retention.js';
import { ShardRecords } from '../streams/shard-records.js';
import { type ShardRow, shardRows } from '../streams/shards.js';
import { StreamStatusBadge } from '../streams/status-badge.js';
import { ErrorBanner, NotLoaded, ResourceHeader, Time } from '../ui/components.js';
import { resourceName } from '../ui/resource-link.js';
import { useAsync } from '../ui/use-async.js';

async function loadStream(arn: string) {
  const [summary, shards, consumers] = await Promise.all([
    kinesis.summary(arn),
    kinesis.shards(arn),
    kinesis.consumers(arn),
  ]);
  return { summary, shards: shardRows(shards), consumers };
}

export function StreamDetailPage({ arn }: { arn: string }) {
  const loaded = useAsync(() => loadStream(arn), [arn]);
  // The pipes API is another service: a server without it still shows the stream.
  const readers = useAsync(
    async () => (await pipes.list({ sourcePrefix: arn })).filter((p) => p.Source === arn),
    [arn],
  );
  const refresh = () => {
    loaded.reload();
    readers.reload();
  };
  const header = (
    <ResourceHeader crumbs={<Link href={paths.streams()}>Streams</Link>} title={resourceName(arn)} arn={arn}>
      <button type="button" className="button" onClick={refresh}>
        Refresh
      </button>
    </ResourceHeader>
  );
  if (!loaded.data) return <NotLoaded header={header} error={loaded.error} what="stream" />;
  const { summary, shards, consumers } = loaded.data;
  return (
    <div className="page wide">
      {header}
      <ErrorBanner error={loaded.error} title="Could not refresh the stream" />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StreamStatusBadge status={summary.StreamStatus} />
        </dd>
        <dt>Capacity mode</dt>
        <dd>
          <span className="tag">{summary.StreamModeDetails?.StreamMode ?? 'PROVISIONED'}</span>
        </dd>
        <dt>Open shards</dt>
        <dd data-testid="open-shards">{summary.OpenShardCount}</dd>
        <dt>Retention</dt>
        <dd>{retention(summary.RetentionPeriodHours)}</dd>
        <dt>Encryption</dt>
        <dd>{summary.EncryptionType ?? 'NONE'}</dd>
        <dt>Created</dt>
        <dd>
          <Time seconds={summary.StreamCreationTimestamp} />
        </dd>
        <dt>Read by pipes</dt>
        <dd>
          {readers.error ? (
            <span className="muted">unknown ({readers.error.message})</span>
          ) : !readers.data ? (
            <span className="muted">…</span>
          ) : readers.data.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            readers.data.map((p, i) => (
              <span key={p.Arn}>
                {i > 0 ? ', ' : ''}
                <Link href={paths.pipe(p.Arn)}>{p.Name}</Link> <PipeStateBadge state={p.CurrentState} />
              </span>
            ))
          )}
        </dd>
      </dl>
      <h2>Shards</h2>
      <ShardsTable shards={shards} />
      <h2>Consumers</h2>
      {consumers.length === 0 ? (
        <p className="muted">
          No registered consumers (RegisterStreamConsumer). Readers that poll with GetRecords, pipes among them, are not
          registered.
        </p>
      ) : (
        <table className="table" aria-label="Consumers">
          <thead>
            <tr>
              <th>Consumer</th>
              <th>Status</th>
              <th>Registered</th>
              <th>ARN</th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((c) => (
              <tr key={c.ConsumerARN} data-consumer={c.ConsumerName}>
                <td>{c.ConsumerName}</td>
                <td>
                  <span className="tag">{c.ConsumerStatus}</span>
                </td>
                <td>
                  <Time seconds={c.ConsumerCreationTimestamp} />
                </td>
                <td className="mono small">{c.ConsumerARN}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShardRecords streamArn={arn} shards={shards} />
    </div>
  );
}

function ShardsTable({ shards }: { shards: readonly ShardRow[] }) {
  if (shards.length === 0) return <p className="muted">No shards.</p>;
  return (
    <table className="table" aria-label="Shards">
      <thead>
        <tr>
          <th>Shard</th>
          <th>State</th>
          <th>Hash key range</th>
          <th>Parents</th>
          <th>Children</th>
        </tr>
      </thead>
      <tbody>
        {shards.map((s) => (
          <tr key={s.shard.ShardId} data-shard={s.shard.ShardId} data-open={s.open ? 'yes' : 'no'}>
            <td className="mono">{s.shard.ShardId}</td>
            <td>
              <span className={`badge ${s.open ? 'status-succeeded' : 'status-aborted'}`}>
                {s.open ? 'open' : 'closed'}
              </span>
            </td>
            <td title={`${s.shard.HashKeyRange.StartingHashKey} – ${s.shard.HashKeyRange.EndingHashKey}`}>
              {s.share} <span className="muted small">of the key space</span>
            </td>
            <td className="mono small">
              {s.parents.length > 0 ? s.parents.join(', ') : <span className="muted">—</span>}
            </td>
            <td className="mono small">
              {s.children.length > 0 ? s.children.join(', ') : <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

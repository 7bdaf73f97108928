/**
 * Streams: every Kinesis data stream (ListStreams, DescribeStreamSummary) with its status,
 * capacity mode, open shards and retention. Refreshed every few seconds while open.
 */
import { kinesis } from '../api/kinesis.js';
import { Link, paths } from '../router.js';
import { retention } from '../streams/retention.js';
import { StreamStatusBadge } from '../streams/status-badge.js';
import { Empty, ListPage, Time } from '../ui/components.js';
import { useAsync, useEvery } from '../ui/use-async.js';

const REFRESH_MS = 3000;

export function StreamsPage() {
  const streams = useAsync(
    async () => (await kinesis.summaries()).sort((a, b) => a.StreamName.localeCompare(b.StreamName)),
    [],
  );
  const { reload } = streams;
  useEvery(REFRESH_MS, reload);
  return (
    <ListPage title="Streams" what="streams" list={streams} empty={<FirstStream />} wide>
      {(items) => (
        <table className="table" aria-label="Streams">
          <thead>
            <tr>
              <th>Stream</th>
              <th>Status</th>
              <th>Capacity mode</th>
              <th className="number">Open shards</th>
              <th>Retention</th>
              <th className="number">Consumers</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.StreamARN} data-stream={s.StreamName}>
                <td>
                  <Link href={paths.stream(s.StreamARN)}>{s.StreamName}</Link>
                </td>
                <td>
                  <StreamStatusBadge status={s.StreamStatus} />
                </td>
                <td>
                  <span className="tag">{s.StreamModeDetails?.StreamMode ?? 'PROVISIONED'}</span>
                </td>
                <td className="number" data-testid="open-shards">
                  {s.OpenShardCount}
                </td>
                <td>{retention(s.RetentionPeriodHours)}</td>
                <td className="number">{s.ConsumerCount ?? 0}</td>
                <td>
                  <Time seconds={s.StreamCreationTimestamp} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListPage>
  );
}

function FirstStream() {
  return (
    <Empty title="No streams yet">
      <p>
        A stream keeps records in order per shard for its retention period; any number of readers (and pipes) read it at
        their own pace. Create one from any AWS SDK or the AWS CLI pointed at this server:
      </p>
      <pre className="snippet">{`aws --endpoint-url ${window.location.origin} kinesis create-stream --stream-name rides --shard-count 2
aws --endpoint-url ${window.location.origin} kinesis put-record --stream-name rides --partition-key r-1 \\
  --cli-binary-format raw-in-base64-out --data '{"ride":"r-1","city":"Lisbon"}'`}</pre>
    </Empty>
  );
}

/**
 * A read-only look at one shard's records: GetShardIterator from the chosen start, then one
 * GetRecords of at most READ_LIMIT records, of which the newest few are shown. Reading never
 * loops: when more records follow, "Read on" makes one more call from where the last one ended.
 * Reading changes nothing (Kinesis readers keep their own positions).
 */
import { useState } from 'react';
import { kinesis, type StreamRecord } from '../api/kinesis.js';
import { ErrorBanner, Loading, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import { decodeData, iteratorStart, newestFirst, START_CHOICES, type StartChoice } from './records.js';
import type { ShardRow } from './shards.js';

/** Records one GetRecords call reads. */
const READ_LIMIT = 1000;
const SHOWN = [10, 25, 100];

export function ShardRecords({ streamArn, shards }: { streamArn: string; shards: readonly ShardRow[] }) {
  const [shardId, setShardId] = useState(shards[0]?.shard.ShardId ?? '');
  const [start, setStart] = useState<StartChoice>('oldest');
  const [shown, setShown] = useState(25);
  // Where the read starts: the chosen position, or the iterator a previous read ended at. `round` re-reads.
  const [from, setFrom] = useState<{ iterator?: string; round: number }>({ round: 0 });
  const read = useAsync(async () => {
    if (!shardId) return undefined;
    const iterator =
      from.iterator ?? (await kinesis.shardIterator(streamArn, shardId, iteratorStart(start, Date.now())));
    const page = await kinesis.records(streamArn, iterator, READ_LIMIT);
    const origin = from.iterator ? 'where the previous read ended' : START_CHOICES.find((c) => c.id === start)?.label;
    return { ...page, shardId, origin };
  }, [streamArn, shardId, start, from]);
  const restart = () => setFrom((f) => ({ round: f.round + 1 }));
  const data = read.data;
  const records = data ? newestFirst(data.records, shown) : [];
  // A full read may end just short of the newest record even when MillisBehindLatest rounds to 0.
  const more = Boolean(data?.nextShardIterator && (data.millisBehindLatest > 0 || data.records.length >= READ_LIMIT));

  return (
    <section aria-label="Records" aria-busy={read.loading}>
      <h2>Records</h2>
      <p className="muted small">
        Read-only: one GetRecords call of up to {READ_LIMIT.toLocaleString()} records from the chosen start; the newest
        of them are shown, newest first. No reader's position changes.
      </p>
      <div className="form-row">
        <label>
          Shard
          <select
            aria-label="Shard"
            value={shardId}
            onChange={(e) => {
              setShardId(e.target.value);
              restart();
            }}
          >
            {shards.map((s) => (
              <option key={s.shard.ShardId} value={s.shard.ShardId}>
                {s.shard.ShardId}
                {s.open ? '' : ' (closed)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <select
            aria-label="From"
            value={start}
            onChange={(e) => {
              setStart(e.target.value as StartChoice);
              restart();
            }}
          >
            {START_CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select aria-label="Show" value={shown} onChange={(e) => setShown(Number(e.target.value))}>
            {SHOWN.map((n) => (
              <option key={n} value={n}>
                the newest {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={restart} disabled={!shardId}>
          Read again
        </button>
      </div>
      <ErrorBanner error={read.error} title="Could not read the shard" />
      {!shardId ? <p className="muted">The stream has no shards.</p> : null}
      {read.loading && !data ? <Loading what="records" /> : null}
      {data ? (
        <p className="muted small" data-testid="read-summary">
          Read {data.records.length.toLocaleString()} {data.records.length === 1 ? 'record' : 'records'} of{' '}
          {data.shardId} from {data.origin}
          {data.records.length > records.length ? `, showing the newest ${records.length}` : ''}.{' '}
          {!data.nextShardIterator
            ? 'The shard is closed and was read to its end.'
            : more
              ? 'More records follow.'
              : 'These reach the newest record of the shard.'}
          {more ? (
            <>
              {' '}
              <button
                type="button"
                className="button ghost"
                onClick={() => setFrom((f) => ({ iterator: data.nextShardIterator!, round: f.round + 1 }))}
              >
                Read on
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {data && data.records.length === 0 ? (
        <p className="muted">No records from there: the shard is empty from that point, or its records expired.</p>
      ) : null}
      {records.length > 0 ? (
        <table className="table compact" aria-label="Shard records">
          <thead>
            <tr>
              <th>Arrived</th>
              <th>Partition key</th>
              <th>Sequence number</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <RecordRow key={r.SequenceNumber} record={r} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

const KIND_LABEL = { json: 'JSON', text: 'text', binary: 'binary' } as const;

function RecordRow({ record }: { record: StreamRecord }) {
  const data = decodeData(record.Data);
  return (
    <tr data-sequence={record.SequenceNumber}>
      <td>
        <Time seconds={record.ApproximateArrivalTimestamp} />
      </td>
      <td className="mono">{record.PartitionKey}</td>
      <td className="mono small sequence">{record.SequenceNumber}</td>
      <td>
        <div className="muted small">
          {KIND_LABEL[data.kind]}, {data.bytes.toLocaleString()} {data.bytes === 1 ? 'byte' : 'bytes'}
        </div>
        <pre className="small body" data-kind={data.kind}>
          {data.text}
        </pre>
      </td>
    </tr>
  );
}

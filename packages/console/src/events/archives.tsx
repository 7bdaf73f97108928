/**
 * A bus's archives and replays (ListArchives, ListReplays). A server without them answers
 * UnknownOperationException: then this says so instead of failing.
 */
import { type Archive, archiveArn, events, type Replay } from '../api/events.js';
import { isUnknownOperation } from '../api/http.js';
import { Empty, ErrorBanner, Loading, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';

type Loaded = { readonly available: false } | { readonly available: true; archives: Archive[]; replays: Replay[] };

async function load(busArn: string): Promise<Loaded> {
  try {
    const [archives, replays] = await Promise.all([events.archives(busArn), events.replays()]);
    const mine = new Set(archives.map((a) => archiveArn(busArn, a.ArchiveName)));
    return {
      available: true,
      archives,
      replays: replays.filter((r) => r.EventSourceArn && mine.has(r.EventSourceArn)),
    };
  } catch (e) {
    if (isUnknownOperation(e)) return { available: false };
    throw e;
  }
}

export function Archives({ bus }: { bus: { Name: string; Arn: string } }) {
  const loaded = useAsync(() => load(bus.Arn), [bus.Arn]);
  if (loaded.error) return <ErrorBanner error={loaded.error} title="Could not list archives" />;
  if (!loaded.data) return <Loading what="archives" />;
  if (!loaded.data.available)
    return (
      <Empty title="Archives are not available on this server">
        <p>
          This Baton server does not answer ListArchives yet. Archives keep a bus's events so they can be replayed (sent
          to the bus's rules again) later; once the server has them, they are listed here.
        </p>
      </Empty>
    );
  const { archives, replays } = loaded.data;
  return (
    <section aria-label="Archives and replays">
      <h2>Archives</h2>
      {archives.length === 0 ? (
        <Empty title={`No archives of ${bus.Name}`}>
          <p>An archive keeps the events put on a bus (all of them, or those matching a pattern) for replay:</p>
          <pre className="snippet">{`aws --endpoint-url ${window.location.origin} events create-archive \\
  --archive-name ${bus.Name}-all --event-source-arn ${bus.Arn} --retention-days 7`}</pre>
        </Empty>
      ) : (
        <table className="table" aria-label="Archives">
          <thead>
            <tr>
              <th>Archive</th>
              <th>State</th>
              <th className="number">Events</th>
              <th className="number">Size</th>
              <th>Retention</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {archives.map((a) => (
              <tr key={a.ArchiveName}>
                <td>{a.ArchiveName}</td>
                <td>
                  <span className="tag">{a.State}</span>{' '}
                  {a.StateReason ? <span className="muted">{a.StateReason}</span> : null}
                </td>
                <td className="number">{a.EventCount ?? '—'}</td>
                <td className="number">{a.SizeBytes !== undefined ? `${a.SizeBytes.toLocaleString()} B` : '—'}</td>
                <td>{a.RetentionDays ? `${a.RetentionDays} days` : 'indefinite'}</td>
                <td>
                  <Time seconds={a.CreationTime} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Replays</h2>
      {replays.length === 0 ? (
        <p className="muted">
          No replays from {bus.Name}'s archives. StartReplay sends an archive's events of a time range again.
        </p>
      ) : (
        <table className="table" aria-label="Replays">
          <thead>
            <tr>
              <th>Replay</th>
              <th>State</th>
              <th>Events from</th>
              <th>to</th>
              <th>Started</th>
              <th>Ended</th>
            </tr>
          </thead>
          <tbody>
            {replays.map((r) => (
              <tr key={r.ReplayName}>
                <td>{r.ReplayName}</td>
                <td>
                  <span className="tag">{r.State}</span>{' '}
                  {r.StateReason ? <span className="muted">{r.StateReason}</span> : null}
                </td>
                <td>
                  <Time seconds={r.EventStartTime} />
                </td>
                <td>
                  <Time seconds={r.EventEndTime} />
                </td>
                <td>
                  <Time seconds={r.ReplayStartTime} />
                </td>
                <td>
                  <Time seconds={r.ReplayEndTime} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

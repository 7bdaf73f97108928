/** The history events, as GetExecutionHistory returns them; details expand on demand. */
import { useState } from 'react';
import type { WireHistoryEvent } from '../api/sfn.js';
import { detailsOf } from './analyze.js';

const PAGE = 500;

export function HistoryTable({ events, origin }: { events: readonly WireHistoryEvent[]; origin: number }) {
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState<number>();
  return (
    <div>
      <table className="table compact history" aria-label="History events">
        <thead>
          <tr>
            <th>ID</th>
            <th>Type</th>
            <th>State</th>
            <th>Elapsed</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {events.slice(0, shown).map((e) => {
            const details = detailsOf(e);
            const failed = /Failed|TimedOut|Aborted/.test(e.type);
            return (
              <tr key={e.id} className={failed ? 'failed-row' : undefined}>
                <td>{e.id}</td>
                <td>{e.type}</td>
                <td>{typeof details.name === 'string' ? details.name : ''}</td>
                <td title={new Date(e.timestamp * 1000).toISOString()}>
                  {(e.timestamp * 1000 - origin).toFixed(0)} ms
                </td>
                <td>
                  {Object.keys(details).length > 0 ? (
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === e.id}
                      onClick={() => setOpen(open === e.id ? undefined : e.id)}
                    >
                      {open === e.id ? 'Hide' : summary(details)}
                    </button>
                  ) : null}
                  {open === e.id ? <pre className="mono small">{JSON.stringify(details, null, 2)}</pre> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {events.length > shown ? (
        <button className="button" type="button" onClick={() => setShown((s) => s + PAGE)}>
          Show {Math.min(PAGE, events.length - shown)} more of {events.length - shown}
        </button>
      ) : null}
    </div>
  );
}

function summary(details: Record<string, unknown>): string {
  if (typeof details.error === 'string')
    return `${details.error}${typeof details.cause === 'string' ? `: ${details.cause.slice(0, 60)}` : ''}`;
  if (typeof details.resource === 'string') return details.resource.split(':').slice(-2).join(':');
  return Object.keys(details).join(', ');
}

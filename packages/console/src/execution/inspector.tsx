/** The selected state of an execution: its outcome, each visit's input, output, error and cause, attempts and timings. */
import { useEffect, useState } from 'react';
import { JsonBlock, OutcomeBadge } from '../ui/components.js';
import type { StateSummary, StateVisit } from './analyze.js';
import { formatDuration } from './timeline.js';

export function StateInspector({ summary, name, now }: { summary?: StateSummary; name: string; now: number }) {
  const [index, setIndex] = useState(0);
  const visits = summary?.visits ?? [];
  // Show the visit that decided the colour (the first failed one, else the latest).
  useEffect(() => {
    const failed = visits.findIndex((v) => v.outcome === 'failed');
    setIndex(failed >= 0 ? failed : Math.max(0, visits.length - 1));
  }, [visits]);
  if (!summary || visits.length === 0)
    return (
      <aside className="inspector" aria-label="State inspector">
        <h3>{name}</h3>
        <OutcomeBadge outcome="notReached" />
        <p className="muted">This state was not reached in this execution.</p>
      </aside>
    );
  const visit = visits[Math.min(index, visits.length - 1)]!;
  return (
    <aside className="inspector" aria-label="State inspector">
      <h3>
        {name} <OutcomeBadge outcome={visit.superseded ? 'retried' : visit.outcome} />
      </h3>
      {visits.length > 1 ? (
        <label className="visit-picker">
          Visit
          <select value={index} onChange={(e) => setIndex(Number(e.target.value))} aria-label="Visit">
            {visits.map((v, i) => (
              <option key={v.key} value={i}>
                {i + 1} of {visits.length}
                {laneLabel(v)} ({v.superseded ? 'redriven' : v.outcome})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <dl className="facts compact">
        <dt>Type</dt>
        <dd>{visit.type}</dd>
        <dt>Entered</dt>
        <dd>{clock(visit.enteredAt)}</dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(visitEnd(visit, now) - visit.enteredAt)}
          {visit.outcome === 'running' ? ' so far' : ''}
        </dd>
        {visit.attempts.length > 1 ? (
          <>
            <dt>Retries</dt>
            <dd>{visit.attempts.length - 1}</dd>
          </>
        ) : null}
      </dl>
      {visit.error !== undefined || visit.cause !== undefined ? (
        <section className="failure" aria-label="Error">
          <h4>Error</h4>
          <p className="error-name" data-testid="state-error">
            {visit.error ?? '(no error name)'}
          </p>
          {visit.cause ? <pre className="cause">{prettyCause(visit.cause)}</pre> : null}
        </section>
      ) : null}
      {visit.attempts.length > 0 ? <Attempts visit={visit} now={now} /> : null}
      <JsonBlock label="Input" text={visit.input} />
      <JsonBlock label="Output" text={visit.output} />
    </aside>
  );
}

/** Causes are often JSON (a Lambda error with its trace): shown indented when they are. */
function prettyCause(cause: string): string {
  try {
    const parsed: unknown = JSON.parse(cause);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : cause;
  } catch {
    return cause;
  }
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });
}

/** When a visit stopped: its exit, else its last attempt's end, else (running) now. */
function visitEnd(visit: StateVisit, now: number): number {
  if (visit.exitedAt !== undefined) return visit.exitedAt;
  if (visit.outcome === 'running') return now;
  return visit.attempts.at(-1)?.endedAt ?? visit.enteredAt;
}

function laneLabel(visit: StateVisit): string {
  const lane = visit.lane;
  if (lane.kind === 'iteration') return `, iteration ${lane.index}`;
  if (lane.kind === 'branch') return `, branch ${lane.index + 1}`;
  return '';
}

function Attempts({ visit, now }: { visit: StateVisit; now: number }) {
  return (
    <section>
      <h4>Attempts</h4>
      <table className="table compact" aria-label="Attempts">
        <thead>
          <tr>
            <th>#</th>
            <th>Result</th>
            <th>Waited</th>
            <th>Ran</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {visit.attempts.map((a) => (
            <tr key={`${a.scheduledAt}-${a.endedAt}`}>
              <td>{visit.attempts.indexOf(a) + 1}</td>
              <td>{a.status === 'timedOut' ? 'timed out' : a.status}</td>
              <td>{formatDuration((a.startedAt ?? a.endedAt ?? now) - a.scheduledAt)}</td>
              <td>{a.startedAt !== undefined ? formatDuration((a.endedAt ?? now) - a.startedAt) : '—'}</td>
              <td>{a.error ? <span title={a.cause}>{a.error}</span> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The timeline (Gantt) of an execution's states, Parallel branches and Map iterations. */
import type { Timeline } from './timeline.js';
import { formatDuration } from './timeline.js';

export function TimelineView({
  timeline,
  selected,
  onSelect,
}: {
  timeline: Timeline;
  selected?: string;
  onSelect(name: string): void;
}) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const pct = (ms: number) => `${(100 * ms) / timeline.span}%`;
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="timeline-row axis">
        <div className="timeline-label">State</div>
        <div className="timeline-track">
          {ticks.map((t) => (
            <span key={t} className="tick" style={{ left: `${t * 100}%` }}>
              {formatDuration(t * timeline.span)}
            </span>
          ))}
        </div>
      </div>
      {timeline.rows.map((row) => (
        <div
          key={row.id}
          className={`timeline-row kind-${row.kind}${row.stateName === selected && row.kind === 'state' ? ' chosen' : ''}`}
        >
          <div className="timeline-label" style={{ paddingLeft: `${row.depth * 14 + 6}px` }}>
            <button type="button" className="link" onClick={() => row.stateName && onSelect(row.stateName)}>
              {row.label}
            </button>
            {row.retries > 0 ? <span className="muted"> ×{row.retries + 1}</span> : null}
          </div>
          <div className="timeline-track">
            <span
              className={`bar outcome-${row.outcome}${row.running ? ' running' : ''}`}
              style={{ left: pct(row.start), width: `max(3px, ${pct(row.end - row.start)})` }}
              title={`${row.label}: ${formatDuration(row.end - row.start)} (${row.outcome})`}
            />
            <span className="bar-label" style={{ left: `calc(${pct(row.end)} + 6px)` }}>
              {formatDuration(row.end - row.start)}
            </span>
          </div>
        </div>
      ))}
      {timeline.hidden > 0 ? <p className="muted">{timeline.hidden} more rows not shown.</p> : null}
    </section>
  );
}

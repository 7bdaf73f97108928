/**
 * The event map: the live system's producers, events, buses, rules, targets and workflows in one
 * picture, with counts over a recent window (native `GET /baton/event-map`, polled every few
 * seconds). The structure comes from the EventBridge and Step Functions APIs.
 */
import { useMemo, useState } from 'react';
import { events } from '../api/events.js';
import { native } from '../api/native.js';
import { sfn } from '../api/sfn.js';
import { buildEventMap, type WorkflowInfo } from '../event-map/build-map.js';
import { emittedEvents } from '../event-map/emitted-events.js';
import { EventMapGraph, MapLegend } from '../event-map/event-map-graph.js';
import { Link, paths } from '../router.js';
import { Empty, ErrorBanner, Loading, Time } from '../ui/components.js';
import { useAsync, useEvery } from '../ui/use-async.js';

const WINDOWS = [
  { seconds: 300, label: '5 minutes' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
];
const REFRESH_MS = 5000;

async function loadStructure() {
  const buses = await events.buses();
  const [rules, machines] = await Promise.all([
    Promise.all(buses.map((b) => events.rulesWithTargets(b.Name))).then((r) => r.flat()),
    sfn.stateMachines(),
  ]);
  const workflows = await Promise.all(
    machines.map(async (m): Promise<WorkflowInfo> => {
      const described = await sfn.describeStateMachine(m.stateMachineArn);
      let definition: unknown;
      try {
        definition = JSON.parse(described.definition);
      } catch {
        definition = undefined;
      }
      return { arn: m.stateMachineArn, name: m.name, emits: emittedEvents(definition) };
    }),
  );
  return { buses, rules, workflows };
}

export function EventMapPage() {
  const [windowSeconds, setWindowSeconds] = useState(900);
  const structure = useAsync(loadStructure, []);
  const counts = useAsync(() => native.eventMap(windowSeconds), [windowSeconds]);
  const { reload } = counts;
  useEvery(REFRESH_MS, reload);
  const model = useMemo(
    () =>
      structure.data
        ? buildEventMap({ ...structure.data, ...(counts.data ? { counts: counts.data } : {}) })
        : undefined,
    [structure.data, counts.data],
  );
  const empty = structure.data && structure.data.rules.length === 0 && (counts.data?.events.length ?? 0) === 0;
  return (
    <div className="page wide">
      <header className="page-header">
        <div>
          <h1>Event map</h1>
          <p className="muted">
            Who puts which events on which bus, the rules that route them, and where they go — workflows included, with
            the events they emit in turn. Counts cover the last{' '}
            {WINDOWS.find((w) => w.seconds === windowSeconds)?.label}.
          </p>
        </div>
        <div className="actions">
          <label className="inline-label">
            Window
            <select
              value={windowSeconds}
              onChange={(e) => setWindowSeconds(Number(e.target.value))}
              aria-label="Window"
            >
              {WINDOWS.map((w) => (
                <option key={w.seconds} value={w.seconds}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={structure.reload}>
            Reload rules and workflows
          </button>
        </div>
      </header>
      <ErrorBanner error={structure.error ?? counts.error} title="Could not draw the map" />
      {structure.loading && !structure.data ? <Loading what="the event map" /> : null}
      {empty ? (
        <Empty title="Nothing to map yet">
          <p>
            The map draws rules and the events that flow through buses. Create a rule on the{' '}
            <Link href={paths.events()}>Events</Link> page (or with <code>aws events put-rule</code>), then put events —
            the pattern sandbox can put one for you.
          </p>
        </Empty>
      ) : null}
      {model && !empty ? (
        <>
          <EventMapGraph model={model} />
          <div className="map-foot">
            <MapLegend />
            {counts.data ? (
              <p className="muted small">
                Counts are kept in this server's memory since <Time ms={counts.data.countingSince} /> (each node of a
                cluster counts what it saw); a rule counts the events it matched. Updated every {REFRESH_MS / 1000} s.
                {counts.data.uncounted > 0
                  ? ` ${counts.data.uncounted} events from too many distinct producers were not counted.`
                  : ''}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

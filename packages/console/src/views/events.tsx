/**
 * Events: a bus (ListEventBuses) with its rules and targets, the pattern sandbox, and its archives
 * and replays; and the schema registries, which are not a bus's. The bus and the tab are in the
 * URL (`/events?bus=orders&tab=sandbox`), and so are the registry, schema and version chosen on the
 * Schemas tab (`&registry=orders&schema=OrderPlaced&version=1`).
 */
import { type EventBus, events } from '../api/events.js';
import { native } from '../api/native.js';
import { Archives } from '../events/archives.js';
import { PatternSandbox } from '../events/pattern-sandbox.js';
import { RulesTable } from '../events/rules-table.js';
import { type SchemaChoice, Schemas } from '../events/schemas.js';
import { type EventsQuery, navigate, paths, useLocation } from '../router.js';
import { ErrorBanner, Loading, Time } from '../ui/components.js';
import { type TabSpec, Tabs } from '../ui/tabs.js';
import { useAsync } from '../ui/use-async.js';

type Tab = 'rules' | 'sandbox' | 'archives' | 'schemas';
const TABS: TabSpec<Tab>[] = [
  { id: 'rules', label: 'Rules' },
  { id: 'sandbox', label: 'Pattern sandbox' },
  { id: 'archives', label: 'Archives & replays' },
  { id: 'schemas', label: 'Schemas' },
];
/** The window of the matched counts beside each rule. */
const WINDOW_SECONDS = 900;

export function EventsPage() {
  const { query } = useLocation();
  const buses = useAsync(() => events.buses(), []);
  const busName = query.get('bus') ?? 'default';
  const tab = (TABS.find((t) => t.id === query.get('tab'))?.id ?? 'rules') as Tab;
  const bus = buses.data?.find((b) => b.Name === busName);
  const choice: SchemaChoice = {
    registry: query.get('registry') ?? undefined,
    schema: query.get('schema') ?? undefined,
    version: query.get('version') ?? undefined,
  };
  // The other tabs' choices stay in the URL, so coming back to a tab finds it as it was.
  const href = (next: EventsQuery) => {
    const merged = { bus: busName, tab, ...choice, ...next };
    return paths.events({ ...merged, tab: merged.tab === 'rules' ? undefined : merged.tab });
  };
  const go = (next: EventsQuery) => navigate(href(next), { replace: true });
  const panel =
    tab === 'schemas' ? (
      <Schemas
        choice={choice}
        hrefOf={(c) => href({ tab, registry: c.registry, schema: c.schema, version: c.version })}
        busArn={bus?.Arn}
      />
    ) : !bus ? null : tab === 'archives' ? (
      <Archives bus={bus} />
    ) : (
      <BusRules bus={bus} tab={tab} />
    );
  return (
    <div className="page wide">
      <header className="page-header">
        <div>
          <h1>Events</h1>
          <p className="muted">
            Producers put events on a bus; each rule routes the events its pattern matches to its targets. Schemas
            describe the events' shapes.
          </p>
        </div>
        {buses.data && tab !== 'schemas' ? (
          <label className="inline-label">
            Bus
            <select value={busName} onChange={(e) => go({ bus: e.target.value })} aria-label="Bus">
              {buses.data.map((b) => (
                <option key={b.Arn} value={b.Name}>
                  {b.Name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </header>
      {tab === 'schemas' ? null : (
        <>
          <ErrorBanner error={buses.error} title="Could not list event buses" />
          {buses.loading && !buses.data ? <Loading what="event buses" /> : null}
          {buses.data && !bus ? (
            <ErrorBanner error={new Error(`There is no event bus named ${busName}.`)} title="No such bus" />
          ) : null}
          {bus ? <BusFacts bus={bus} /> : null}
        </>
      )}
      {/* One place in the tree for every tab, so the focused tab survives a switch (←/→). */}
      {panel ? (
        <>
          <Tabs tabs={TABS} current={tab} onSelect={(id) => go({ tab: id })} label="Events views" />
          <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {panel}
          </div>
        </>
      ) : null}
    </div>
  );
}

function BusFacts({ bus }: { bus: EventBus }) {
  return (
    <dl className="facts compact">
      <dt>ARN</dt>
      <dd className="arn">{bus.Arn}</dd>
      {bus.Description ? (
        <>
          <dt>Description</dt>
          <dd>{bus.Description}</dd>
        </>
      ) : null}
      {bus.CreationTime ? (
        <>
          <dt>Created</dt>
          <dd>
            <Time seconds={bus.CreationTime} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The rules tab and the sandbox share the bus's rules, loaded once. */
function BusRules({ bus, tab }: { bus: EventBus; tab: 'rules' | 'sandbox' }) {
  const rules = useAsync(() => events.rulesWithTargets(bus.Name), [bus.Name]);
  const counts = useAsync(() => native.eventMap(WINDOW_SECONDS), [bus.Name, tab]);
  if (rules.error) return <ErrorBanner error={rules.error} title="Could not list rules" />;
  if (!rules.data) return <Loading what="rules" />;
  if (tab === 'sandbox') return <PatternSandbox key={bus.Arn} bus={bus} rules={rules.data} />;
  const matched = new Map(counts.data?.rules.map((r) => [r.ruleArn, r.matched]));
  return (
    <>
      <RulesTable busName={bus.Name} rules={rules.data} matched={matched} windowLabel="15 min" />
      {counts.error ? <p className="muted small">Matched counts are unavailable: {counts.error.message}</p> : null}
    </>
  );
}

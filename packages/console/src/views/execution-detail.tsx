/**
 * One execution, the graph inspector: states coloured by outcome, the selected state's details,
 * the timeline, the history events, and the actions (stop, redrive, answer a waiting task).
 * The history is fetched once and then grows from the live stream, so a waiting execution is
 * seen finishing without a reload.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Execution, sfn, type WireHistoryEvent } from '../api/sfn.js';
import { useStream } from '../api/stream.js';
import { parseDefinition } from '../definition/format.js';
import { analyzeHistory, type Outcome } from '../execution/analyze.js';
import { HistoryTable } from '../execution/history-table.js';
import { StateInspector } from '../execution/inspector.js';
import { buildTimeline, formatDuration } from '../execution/timeline.js';
import { TimelineView } from '../execution/timeline-view.js';
import { buildGraph } from '../graph/build-graph.js';
import { OutcomeLegend, WorkflowGraphView } from '../graph/workflow-graph.js';
import { Link, paths } from '../router.js';
import { WaitingTasks } from '../tasks/waiting-tasks.js';
import {
  arnName,
  ErrorBanner,
  JsonBlock,
  Loading,
  OutcomeBadge,
  ResourceHeader,
  StatusBadge,
  Time,
} from '../ui/components.js';
import { type TabSpec, Tabs } from '../ui/tabs.js';
import { useAsync } from '../ui/use-async.js';

type Tab = 'graph' | 'timeline' | 'events' | 'io';
const TABS: TabSpec<Tab>[] = [
  { id: 'graph', label: 'Graph' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'events', label: 'Events' },
  { id: 'io', label: 'Input & output' },
];

export function ExecutionDetailPage({ arn }: { arn: string }) {
  const [execution, setExecution] = useState<Execution>();
  const [events, setEvents] = useState<WireHistoryEvent[]>();
  const [error, setError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [tab, setTab] = useState<Tab>('graph');
  const [selected, setSelected] = useState<string>();
  const [now, setNow] = useState(Date.now());
  const stateList = useRef<HTMLUListElement>(null);
  const machine = useAsync(() => sfn.describeStateMachineForExecution(arn), [arn]);

  const refresh = async () => {
    try {
      const [described, history] = await Promise.all([sfn.describeExecution(arn), sfn.history(arn)]);
      setExecution(described);
      setEvents(history);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the execution changes
  useEffect(() => {
    setExecution(undefined);
    setEvents(undefined);
    setSelected(undefined);
    void refresh();
  }, [arn]);

  useStream(
    { executionArn: arn },
    {
      onReady: () => void refresh(),
      onTransition(t) {
        setEvents((current) => {
          if (!current) return current;
          const last = current.at(-1)?.id ?? 0;
          const fresh = t.events.filter((e) => e.id > last);
          return fresh.length ? [...current, ...fresh] : current;
        });
        setExecution((e) => (e ? { ...e, status: t.status } : e));
        if (t.status !== 'RUNNING') void sfn.describeExecution(arn).then(setExecution, () => {});
      },
    },
  );

  const running = execution?.status === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const graph = useMemo(() => {
    const parsed = machine.data ? parseDefinition(machine.data.definition, 'json') : undefined;
    return buildGraph(parsed?.ok ? parsed.value : null);
  }, [machine.data]);
  const analysis = useMemo(() => (events ? analyzeHistory(events) : undefined), [events]);
  const outcomes = useMemo(
    () => new Map<string, Outcome>([...(analysis?.byState.values() ?? [])].map((s) => [s.name, s.outcome])),
    [analysis],
  );
  const stateNames = useMemo(
    () => graph.nodes.flatMap((n) => (n.stateName !== undefined ? [n.stateName] : [])),
    [graph],
  );

  // Until the user picks one, select the state that tells the story: the failed one, else the running one.
  const focus =
    selected ??
    [...(analysis?.byState.values() ?? [])].find((s) => s.outcome === 'failed')?.name ??
    [...(analysis?.byState.values() ?? [])].find((s) => s.outcome === 'running')?.name;

  if (error && !execution) return <ErrorBanner error={error} title="Could not load the execution" />;
  if (!execution || !events || !analysis) return <Loading what="execution" />;

  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
      await refresh();
    } catch (e) {
      setActionError(e);
    }
  };
  const ended = execution.stopDate !== undefined ? execution.stopDate * 1000 : now;
  const redrivable = execution.redriveStatus === 'REDRIVABLE';

  // ↑/↓ (or j/k) move through the states, and focus follows the selection (a roving tabindex).
  const onStatesKey = (event: KeyboardEvent) => {
    if (!['ArrowDown', 'ArrowUp', 'j', 'k'].includes(event.key) || stateNames.length === 0) return;
    event.preventDefault();
    const at = focus ? stateNames.indexOf(focus) : -1;
    const step = event.key === 'ArrowDown' || event.key === 'j' ? 1 : -1;
    const next = (at + step + stateNames.length) % stateNames.length;
    setSelected(stateNames[next]);
    stateList.current?.querySelectorAll('button')[next]?.focus();
  };

  return (
    <div className="page wide">
      <ResourceHeader
        crumbs={
          <>
            <Link href={paths.executions()}>Executions</Link> /{' '}
            <Link href={paths.workflow(execution.stateMachineArn)}>{arnName(execution.stateMachineArn)}</Link>
          </>
        }
        title={
          <>
            {execution.name} <StatusBadge status={execution.status} />
          </>
        }
        arn={execution.executionArn}
      >
        {execution.status === 'RUNNING' ? (
          <button
            className="button danger"
            type="button"
            onClick={() =>
              act(() =>
                sfn.stopExecution({ executionArn: arn, error: 'Stopped', cause: 'Stopped from the Baton console' }),
              )
            }
          >
            Stop
          </button>
        ) : null}
        {redrivable ? (
          <button className="button" type="button" onClick={() => act(() => sfn.redriveExecution(arn))}>
            Redrive
          </button>
        ) : null}
      </ResourceHeader>
      <dl className="facts">
        <dt>Started</dt>
        <dd>
          <Time seconds={execution.startDate} />
        </dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(ended - execution.startDate * 1000)}
          {execution.status === 'RUNNING' ? ' so far' : ''}
        </dd>
        {execution.redriveCount ? (
          <>
            <dt>Redriven</dt>
            <dd>{execution.redriveCount}×</dd>
          </>
        ) : null}
        {execution.status !== 'RUNNING' && !redrivable && execution.redriveStatusReason ? (
          <>
            <dt>Redrive</dt>
            <dd className="muted">{execution.redriveStatusReason}</dd>
          </>
        ) : null}
      </dl>
      <ErrorBanner error={actionError} title="The action failed" />
      {execution.error || execution.cause ? (
        <div className="banner error" role="status">
          <strong>{execution.error}</strong>
          {execution.cause ? <div className="banner-message">{causeSummary(execution.cause)}</div> : null}
        </div>
      ) : null}
      <WaitingTasks executionArn={arn} waiting={analysis.waiting} />
      <Tabs tabs={TABS} current={tab} onSelect={setTab} label="Execution views" />
      {tab === 'graph' ? (
        <div className="inspector-split" role="tabpanel" aria-labelledby="tab-graph">
          <div className="graph-column">
            {machine.error ? <ErrorBanner error={machine.error} title="Could not load the definition" /> : null}
            <WorkflowGraphView
              graph={graph}
              outcomes={outcomes}
              {...(focus ? { selected: focus } : {})}
              onSelect={setSelected}
              label="Execution graph"
            />
            <OutcomeLegend />
          </div>
          <div className="side-column">
            <nav className="state-list" aria-label="States">
              <ul ref={stateList}>
                {stateNames.map((name) => (
                  <li key={name}>
                    <button
                      type="button"
                      className={name === focus ? 'state-button chosen' : 'state-button'}
                      aria-current={name === focus}
                      tabIndex={name === focus || (!focus && name === stateNames[0]) ? 0 : -1}
                      onClick={() => setSelected(name)}
                      onKeyDown={onStatesKey}
                    >
                      <span>{name}</span> <OutcomeBadge outcome={outcomes.get(name) ?? 'notReached'} />
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            {focus ? (
              <StateInspector
                name={focus}
                now={now}
                {...(analysis.byState.get(focus) ? { summary: analysis.byState.get(focus)! } : {})}
              />
            ) : (
              <p className="muted">Select a state to see its input, output and errors.</p>
            )}
          </div>
        </div>
      ) : null}
      {tab === 'timeline' ? (
        <div role="tabpanel" aria-labelledby="tab-timeline">
          <TimelineView
            timeline={buildTimeline(analysis, now)}
            {...(focus ? { selected: focus } : {})}
            onSelect={(n) => {
              setSelected(n);
              setTab('graph');
            }}
          />
        </div>
      ) : null}
      {tab === 'events' ? (
        <div role="tabpanel" aria-labelledby="tab-events">
          <HistoryTable events={events} origin={execution.startDate * 1000} />
        </div>
      ) : null}
      {tab === 'io' ? (
        <div role="tabpanel" aria-labelledby="tab-io" className="columns">
          <JsonBlock label="Execution input" text={execution.input} />
          {execution.output !== undefined ? (
            <JsonBlock label="Execution output" text={execution.output} />
          ) : (
            <p className="muted">
              No output {execution.status === 'RUNNING' ? 'yet' : '(the execution did not succeed)'}.
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** A Lambda-style cause (`{"errorType","errorMessage","trace"}`) reads best as its message; the inspector shows all of it. */
function causeSummary(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}

/**
 * Executions: a filterable, paginated list (ListExecutions with nextToken, merged across
 * machines when no machine is chosen), updated live from the stream.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { type ExecutionListItem, type ExecutionStatus, type StateMachineListItem, sfn } from '../api/sfn.js';
import { useStream } from '../api/stream.js';
import { type Cursor, hasMore, nextPage, startCursor } from '../execution/pager.js';
import { Link, navigate, paths, useLocation } from '../router.js';
import { arnName, Empty, ErrorBanner, Loading, StatusBadge, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';

const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const PAGE_SIZE = 25;

async function standardMachines(): Promise<StateMachineListItem[]> {
  const machines = await sfn.stateMachines();
  return machines.filter((m) => m.type === 'STANDARD').sort((a, b) => a.name.localeCompare(b.name));
}

export function ExecutionsPage() {
  const { query } = useLocation();
  const machineFilter = query.get('machine') ?? '';
  const statusFilter = (query.get('status') ?? '') as ExecutionStatus | '';
  const nameFilter = query.get('name') ?? '';
  const machines = useAsync(standardMachines, []);
  const [rows, setRows] = useState<ExecutionListItem[]>([]);
  const [cursor, setCursor] = useState<Cursor>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);

  const setFilter = (key: string, value: string) => {
    const next = { machine: machineFilter, status: statusFilter, name: nameFilter, [key]: value };
    navigate(paths.executions(next), { replace: true });
  };

  const load = async (from: Cursor, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await nextPage(from, PAGE_SIZE, (stateMachineArn, nextToken) =>
        sfn.listExecutions({
          stateMachineArn,
          maxResults: PAGE_SIZE,
          ...(statusFilter ? { statusFilter } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      if (mine !== generation.current) return;
      setRows((r) => (append ? [...r, ...page.items] : page.items));
      setCursor(page.cursor);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  // A new filter (or the machine list arriving) starts over from the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` reads the filters listed here.
  useEffect(() => {
    if (!machines.data) return;
    const arns = machineFilter ? [machineFilter] : machines.data.map((m) => m.stateMachineArn);
    void load(startCursor(arns), false);
  }, [machines.data, machineFilter, statusFilter]);

  // Live: statuses change in place; new executions of the listed machines appear on top.
  useStream(machines.data ? {} : undefined, {
    onTransition(t) {
      const started = t.events.find((e) => e.type === 'ExecutionStarted');
      setRows((current) => {
        const known = current.some((r) => r.executionArn === t.executionArn);
        if (known)
          return current.map((r) =>
            r.executionArn === t.executionArn ? { ...r, status: t.status, ...stopDateOf(t.events) } : r,
          );
        const listed = machineFilter ? t.stateMachineArn === machineFilter : true;
        if (!started || !listed || (statusFilter && statusFilter !== t.status)) return current;
        const item: ExecutionListItem = {
          executionArn: t.executionArn,
          stateMachineArn: t.stateMachineArn,
          name: arnName(t.executionArn),
          status: t.status,
          startDate: started.timestamp,
        };
        return [item, ...current];
      });
    },
  });

  const shown = useMemo(
    () => (nameFilter ? rows.filter((r) => r.name.toLowerCase().includes(nameFilter.toLowerCase())) : rows),
    [rows, nameFilter],
  );
  const machineName = new Map(machines.data?.map((m) => [m.stateMachineArn, m.name]));

  return (
    <div className="page">
      <header className="page-header">
        <h1>Executions</h1>
      </header>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Workflow
          <select value={machineFilter} onChange={(e) => setFilter('machine', e.target.value)} aria-label="Workflow">
            <option value="">All standard workflows</option>
            {machines.data?.map((m) => (
              <option key={m.stateMachineArn} value={m.stateMachineArn}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={statusFilter} onChange={(e) => setFilter('status', e.target.value)} aria-label="Status">
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name contains
          <input
            type="search"
            value={nameFilter}
            onChange={(e) => setFilter('name', e.target.value)}
            placeholder="filters the loaded pages"
            aria-label="Name contains"
            data-shortcut="/"
          />
        </label>
      </form>
      <ErrorBanner error={machines.error ?? error} title="Could not list executions" />
      {machines.data && machines.data.length === 0 ? (
        <Empty title="No standard workflows yet">
          <p>
            Executions belong to a workflow. <Link href={paths.newWorkflow()}>Create a workflow</Link>, then start it
            from its page, from an SDK or with <code>aws stepfunctions start-execution</code>.
          </p>
        </Empty>
      ) : null}
      {(loading || machines.loading) && rows.length === 0 ? <Loading what="executions" /> : null}
      {!loading && machines.data && machines.data.length > 0 && shown.length === 0 ? (
        <Empty title={rows.length > 0 || statusFilter || nameFilter ? 'No executions match' : 'No executions yet'}>
          <p>
            {rows.length > 0 || statusFilter || nameFilter
              ? 'Try another filter.'
              : 'Start an execution from a workflow page, or with StartExecution from any AWS SDK.'}
          </p>
        </Empty>
      ) : null}
      {shown.length > 0 ? (
        <table className="table" aria-label="Executions">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Workflow</th>
              <th>Started</th>
              <th>Ended</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.executionArn}>
                <td>
                  <Link href={paths.execution(e.executionArn)}>{e.name}</Link>
                </td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td>
                  <Link href={paths.workflow(e.stateMachineArn)}>
                    {machineName.get(e.stateMachineArn) ?? arnName(e.stateMachineArn)}
                  </Link>
                </td>
                <td>
                  <Time seconds={e.startDate} />
                </td>
                <td>{e.stopDate ? <Time seconds={e.stopDate} /> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor && hasMore(cursor) ? (
        <button className="button" type="button" disabled={loading} onClick={() => load(cursor, true)}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}

function stopDateOf(events: { type: string; timestamp: number }[]): { stopDate?: number } {
  const end = events.find((e) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(e.type));
  return end ? { stopDate: end.timestamp } : {};
}

/**
 * One pipe (DescribePipe): its state, and its stages in the order a record meets them — source
 * and its parameters, filter criteria, enrichment, target and its parameters — with Start and
 * Stop (StartPipe, StopPipe).
 */
import { Fragment, type ReactNode } from 'react';
import { type Pipe, pipes } from '../api/pipes.js';
import { compactJson } from '../definition/format.js';
import { filterPatterns, type ParameterRow, parameterRows } from '../pipes/parameters.js';
import { PipeStateBadge } from '../pipes/state-badge.js';
import { Link, paths } from '../router.js';
import { ErrorBanner, NotLoaded, ResourceHeader, Time } from '../ui/components.js';
import { ResourceLink, resourceName } from '../ui/resource-link.js';
import { useAction } from '../ui/use-action.js';
import { useAsync } from '../ui/use-async.js';

export function PipeDetailPage({ arn }: { arn: string }) {
  const name = resourceName(arn);
  const loaded = useAsync(() => pipes.describe(name), [name]);
  const action = useAction<'start' | 'stop'>();
  const pipe = loaded.data;
  const change = (key: 'start' | 'stop') =>
    action.run(key, async () => {
      await (key === 'start' ? pipes.start(name) : pipes.stop(name));
      loaded.reload();
    });
  const header = (
    <ResourceHeader crumbs={<Link href={paths.pipes()}>Pipes</Link>} title={name} arn={arn}>
      <button type="button" className="button" onClick={loaded.reload}>
        Refresh
      </button>
      <button
        type="button"
        className="button"
        disabled={!pipe || action.busy !== undefined || pipe.DesiredState === 'STOPPED'}
        onClick={() => change('stop')}
      >
        {action.busy === 'stop' ? 'Stopping…' : 'Stop'}
      </button>
      <button
        type="button"
        className="button primary"
        disabled={
          !pipe || action.busy !== undefined || (pipe.DesiredState === 'RUNNING' && pipe.CurrentState === 'RUNNING')
        }
        onClick={() => change('start')}
      >
        {action.busy === 'start' ? 'Starting…' : 'Start'}
      </button>
    </ResourceHeader>
  );
  if (!pipe) return <NotLoaded header={header} error={loaded.error} what="pipe" />;
  return (
    <div className="page wide">
      {header}
      <ErrorBanner error={action.error} title="Could not change the pipe's state" />
      <ErrorBanner error={loaded.error} title="Could not refresh the pipe" />
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="current-state">
          <PipeStateBadge state={pipe.CurrentState} />
          {pipe.StateReason ? <div className="muted small">{pipe.StateReason}</div> : null}
        </dd>
        <dt>Desired state</dt>
        <dd data-testid="desired-state">{pipe.DesiredState}</dd>
        {pipe.Description ? (
          <>
            <dt>Description</dt>
            <dd>{pipe.Description}</dd>
          </>
        ) : null}
        {pipe.RoleArn ? (
          <>
            <dt>Role</dt>
            <dd className="mono small">{pipe.RoleArn}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>
          <Time seconds={pipe.CreationTime} />
        </dd>
        <dt>Last modified</dt>
        <dd>
          <Time seconds={pipe.LastModifiedTime} />
        </dd>
      </dl>
      <PipeStages pipe={pipe} />
    </div>
  );
}

/** Source → filter → enrichment → target, as a record goes through them. */
function PipeStages({ pipe }: { pipe: Pipe }) {
  const patterns = filterPatterns(pipe.SourceParameters);
  return (
    <ol className="pipe-stages" aria-label="Stages">
      <Stage title="Source" name="source">
        <ResourceLink arn={pipe.Source} />
        <Parameters rows={parameterRows(pipe.SourceParameters, ['FilterCriteria'])} label="Source parameters" />
      </Stage>
      <Stage title="Filter" name="filter">
        {patterns.length === 0 ? (
          <p className="muted">No filter criteria: every record goes on.</p>
        ) : (
          <>
            <p className="muted small">
              A record goes on when it matches {patterns.length === 1 ? 'this pattern' : 'any of these patterns'}.
            </p>
            {patterns.map((p) => (
              <pre key={p} className="small pattern">
                {compactJson(p)}
              </pre>
            ))}
          </>
        )}
      </Stage>
      <Stage title="Enrichment" name="enrichment">
        {pipe.Enrichment ? (
          <>
            <ResourceLink arn={pipe.Enrichment} />
            <Parameters rows={parameterRows(pipe.EnrichmentParameters)} label="Enrichment parameters" />
          </>
        ) : (
          <p className="muted">None: records go to the target as they are.</p>
        )}
      </Stage>
      <Stage title="Target" name="target">
        <ResourceLink arn={pipe.Target} />
        <Parameters rows={parameterRows(pipe.TargetParameters)} label="Target parameters" />
      </Stage>
    </ol>
  );
}

function Stage({ title, name, children }: { title: string; name: string; children: ReactNode }) {
  return (
    <li className="card pipe-stage" data-stage={name}>
      <h2>{title}</h2>
      {children}
    </li>
  );
}

function Parameters({ rows, label }: { rows: readonly ParameterRow[]; label: string }) {
  if (rows.length === 0) return <p className="muted small">Default parameters.</p>;
  return (
    <dl className="facts compact small" aria-label={label}>
      {rows.map((r) => (
        <Fragment key={r.label}>
          <dt>{r.label}</dt>
          <dd className={r.block ? 'block' : undefined}>
            {r.block ? (
              <pre className="small pattern">{r.value}</pre>
            ) : r.value.startsWith('arn:') ? (
              <ResourceLink arn={r.value} />
            ) : (
              r.value
            )}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

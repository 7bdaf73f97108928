/**
 * Pipes: every EventBridge pipe (ListPipes) with its current and desired state, its source, its
 * enrichment and its target. Refreshed every few seconds while open.
 */
import { pipes } from '../api/pipes.js';
import { PipeStateBadge } from '../pipes/state-badge.js';
import { Link, paths } from '../router.js';
import { Empty, ListPage } from '../ui/components.js';
import { ResourceLink } from '../ui/resource-link.js';
import { useAsync, useEvery } from '../ui/use-async.js';

const REFRESH_MS = 3000;

export function PipesPage() {
  const list = useAsync(async () => (await pipes.list()).sort((a, b) => a.Name.localeCompare(b.Name)), []);
  const { reload } = list;
  useEvery(REFRESH_MS, reload);
  return (
    <ListPage title="Pipes" what="pipes" list={list} empty={<FirstPipe />} wide>
      {(items) => (
        <table className="table" aria-label="Pipes">
          <thead>
            <tr>
              <th>Pipe</th>
              <th>State</th>
              <th>Desired state</th>
              <th>Source</th>
              <th>Enrichment</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.Arn} data-pipe={p.Name}>
                <td>
                  <Link href={paths.pipe(p.Arn)}>{p.Name}</Link>
                  {p.StateReason ? <div className="muted small">{p.StateReason}</div> : null}
                </td>
                <td data-testid="current-state">
                  <PipeStateBadge state={p.CurrentState} />
                </td>
                <td data-testid="desired-state">
                  <span className="tag">{p.DesiredState}</span>
                </td>
                <td>
                  <ResourceLink arn={p.Source} />
                </td>
                <td>{p.Enrichment ? <ResourceLink arn={p.Enrichment} /> : <span className="muted">—</span>}</td>
                <td>
                  <ResourceLink arn={p.Target} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListPage>
  );
}

function FirstPipe() {
  return (
    <Empty title="No pipes yet">
      <p>
        A pipe reads a queue or a stream, filters and enriches what it reads, and delivers it to a target (a workflow, a
        queue, a topic, a bus or a function). Create one from any AWS SDK or the AWS CLI pointed at this server:
      </p>
      <pre className="snippet">{`aws --endpoint-url ${window.location.origin} pipes create-pipe --name rides-to-dispatch \\
  --role-arn arn:aws:iam::123456789012:role/pipes \\
  --source arn:aws:kinesis:us-east-1:123456789012:stream/rides \\
  --source-parameters '{"KinesisStreamParameters":{"StartingPosition":"TRIM_HORIZON"}}' \\
  --target arn:aws:sqs:us-east-1:123456789012:dispatches`}</pre>
    </Empty>
  );
}

/** Workflows: every state machine (ListStateMachines, every page), newest first. */
import { type StateMachineListItem, sfn } from '../api/sfn.js';
import { Link, paths } from '../router.js';
import { Empty, ListPage, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';

async function allMachines(): Promise<StateMachineListItem[]> {
  return (await sfn.stateMachines()).sort((a, b) => b.creationDate - a.creationDate);
}

export function WorkflowsPage() {
  const machines = useAsync(allMachines, []);
  return (
    <ListPage
      title="Workflows"
      what="workflows"
      list={machines}
      empty={<FirstWorkflow />}
      actions={
        <Link className="button primary" href={paths.newWorkflow()}>
          New workflow
        </Link>
      }
    >
      {(items) => (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Created</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.stateMachineArn}>
                <td>
                  <Link href={paths.workflow(m.stateMachineArn)}>{m.name}</Link>
                </td>
                <td>
                  <span className="tag">{m.type}</span>
                </td>
                <td>
                  <Time seconds={m.creationDate} />
                </td>
                <td className="row-actions">
                  <Link href={paths.executions({ machine: m.stateMachineArn })}>Executions</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListPage>
  );
}

function FirstWorkflow() {
  return (
    <Empty title="No workflows yet">
      <p>
        A workflow is a state machine written in the Amazon States Language. Create one here, or from any AWS SDK or the
        AWS CLI pointed at this server:
      </p>
      <pre className="snippet">{`aws --endpoint-url ${window.location.origin} stepfunctions create-state-machine \\
  --name hello --role-arn arn:aws:iam::123456789012:role/any \\
  --definition '{"StartAt":"Hello","States":{"Hello":{"Type":"Pass","End":true}}}'`}</pre>
      <p>
        <code>npm start</code> deploys the talk's examples (<code>examples/</code>) so there is something to look at.
      </p>
      <Link className="button primary" href={paths.newWorkflow()}>
        Create your first workflow
      </Link>
    </Empty>
  );
}

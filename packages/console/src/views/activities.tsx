/**
 * Activities (ListActivities) and the tasks the console holds as their worker. "Answer the next
 * task" calls GetActivityTask: the oldest waiting task of that activity, whichever execution it
 * belongs to.
 */
import { useState } from 'react';
import { sfn } from '../api/sfn.js';
import { Link, paths } from '../router.js';
import { claimNextTask, forgetTask, useClaimedTasks } from '../tasks/claimed.js';
import { TaskAnswerForm } from '../tasks/task-answer.js';
import { arnName, Empty, ErrorBanner, Loading, Time } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';
import { useAsync } from '../ui/use-async.js';

export function ActivitiesPage() {
  const activities = useAsync(() => sfn.listActivities(), []);
  const claimed = useClaimedTasks();
  const { busy, error, run } = useAction<string>();
  const [note, setNote] = useState<string>();
  const [token, setToken] = useState('');
  const take = (activityArn: string) =>
    run(activityArn, async () => {
      setNote(undefined);
      const task = await claimNextTask(activityArn);
      if (!task) setNote(`No task of ${arnName(activityArn)} arrived within the 60-second poll.`);
    });
  return (
    <div className="page">
      <header className="page-header">
        <h1>Activities</h1>
      </header>
      <p className="muted">
        An activity is work done by a worker you run: it polls GetActivityTask and answers with SendTaskSuccess or
        SendTaskFailure. The console can be that worker for a moment, e.g. for a manager's approval.
      </p>
      <ErrorBanner error={activities.error ?? error} title="Activities" />
      {note ? <p className="note">{note}</p> : null}
      {claimed.length > 0 ? (
        <section className="card">
          <h2>Tasks you hold</h2>
          {claimed.map((task) => (
            <div key={task.taskToken} className="claimed">
              <h3>
                {arnName(task.activityArn)}{' '}
                {task.executionArn ? (
                  <>
                    for <Link href={paths.execution(task.executionArn)}>{arnName(task.executionArn)}</Link>
                  </>
                ) : null}
              </h3>
              <pre className="mono small">{task.input}</pre>
              <TaskAnswerForm taskToken={task.taskToken} onAnswered={() => forgetTask(task.taskToken)} />
            </div>
          ))}
        </section>
      ) : null}
      {activities.loading && !activities.data ? <Loading what="activities" /> : null}
      {activities.data?.length === 0 ? (
        <Empty title="No activities">
          <p>
            Create one with CreateActivity, then use its ARN as a Task state's <code>Resource</code>.
          </p>
        </Empty>
      ) : null}
      {activities.data && activities.data.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {activities.data.map((a) => (
              <tr key={a.activityArn}>
                <td>{a.name}</td>
                <td>
                  <Time seconds={a.creationDate} />
                </td>
                <td className="row-actions">
                  <button
                    className="button"
                    type="button"
                    disabled={busy !== undefined}
                    onClick={() => take(a.activityArn)}
                  >
                    {busy === a.activityArn ? 'Waiting for a task…' : 'Answer the next task'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <section className="card">
        <h2>Answer a task token</h2>
        <p className="muted">
          A callback task (<code>.waitForTaskToken</code>) hands its token to a service; paste it here to answer as that
          service.
        </p>
        <input
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="task token"
          aria-label="Task token"
          className="mono"
        />
        {token.trim() ? <TaskAnswerForm key={token} taskToken={token.trim()} onAnswered={() => setToken('')} /> : null}
      </section>
    </div>
  );
}

/**
 * What an execution is waiting for, and how to answer it from the browser:
 * - an activity task: the console becomes a worker of that activity. GetActivityTask gives the
 *   oldest waiting task of the activity, which may be another execution's; the console says
 *   whose it got, and keeps the token until it is answered.
 * - a callback (`.waitForTaskToken`): the token is in the task's parameters (`$$.Task.Token`);
 *   the console offers to answer with it.
 */
import { useState } from 'react';
import { prettyJson } from '../definition/format.js';
import type { Attempt, StateVisit } from '../execution/analyze.js';
import { Link, paths } from '../router.js';
import { arnName, ErrorBanner } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';
import { claimNextTask, forgetTask, useClaimedTasks } from './claimed.js';
import { TaskAnswerForm } from './task-answer.js';
import { tokenCandidates } from './tokens.js';

export function WaitingTasks({
  executionArn,
  waiting,
}: {
  executionArn: string;
  waiting: readonly { visit: StateVisit; attempt: Attempt }[];
}) {
  const claimed = useClaimedTasks();
  const mine = claimed.filter((t) => t.executionArn === executionArn);
  const actionable = waiting.filter((w) => w.attempt.family === 'Activity' || isCallback(w.attempt));
  if (actionable.length === 0 && mine.length === 0) return null;
  return (
    <section className="card waiting" aria-label="Waiting tasks">
      {mine.map((task) => (
        <div key={task.taskToken} className="claimed">
          <h3>Your task from activity {arnName(task.activityArn)}</h3>
          <p className="muted">
            Taken as worker <code>{task.workerName}</code>. Its input:
          </p>
          <pre className="mono small">{prettyJson(task.input)}</pre>
          <TaskAnswerForm taskToken={task.taskToken} onAnswered={() => forgetTask(task.taskToken)} />
        </div>
      ))}
      {actionable
        .filter((w) => !mine.some((t) => w.attempt.workerName === t.workerName))
        .map((w) =>
          w.attempt.family === 'Activity' ? (
            <ActivityWait key={w.visit.key} executionArn={executionArn} visit={w.visit} attempt={w.attempt} />
          ) : (
            <CallbackWait key={w.visit.key} visit={w.visit} attempt={w.attempt} />
          ),
        )}
    </section>
  );
}

function ActivityWait({ executionArn, visit, attempt }: { executionArn: string; visit: StateVisit; attempt: Attempt }) {
  const activityArn = attempt.resource ?? '';
  const activity = arnName(activityArn);
  const { busy, error, run } = useAction();
  const [note, setNote] = useState<{ text: string; other?: string }>();
  if (attempt.startedAt !== undefined)
    return (
      <div>
        <h3>
          {visit.name} is with a worker of activity {activity}
        </h3>
        <p className="muted">
          Worker <code>{attempt.workerName ?? 'unnamed'}</code> took the task; the execution goes on when it sends
          SendTaskSuccess or SendTaskFailure (or the state's timeout or heartbeat expires).
        </p>
      </div>
    );
  const take = () =>
    run(true, async () => {
      setNote(undefined);
      const task = await claimNextTask(activityArn);
      if (!task) setNote({ text: `No task of ${activity} was waiting (another worker may have taken it).` });
      else if (task.executionArn && task.executionArn !== executionArn)
        setNote({
          text: `The oldest task of ${activity} belonged to another execution; it is yours to answer now:`,
          other: task.executionArn,
        });
      else if (!task.executionArn)
        setNote({ text: 'A task was taken, but the stream did not say whose; answer it from the Activities page.' });
    });
  return (
    <div>
      <h3>
        {visit.name} is waiting for a worker of activity {activity}
      </h3>
      <p className="muted">
        Answer it as that activity's worker: the console calls GetActivityTask, which hands out the <em>oldest</em>{' '}
        waiting task of {activity} (possibly another execution's) and marks it started. You then send its result.
      </p>
      <button className="button primary" type="button" disabled={busy} onClick={take}>
        {busy ? 'Waiting for a task…' : `Answer the next task of ${activity}`}
      </button>
      {note ? (
        <p className="note" role="status">
          {note.text} {note.other ? <Link href={paths.execution(note.other)}>{arnName(note.other)}</Link> : null}
        </p>
      ) : null}
      <ErrorBanner error={error} title="GetActivityTask failed" />
    </div>
  );
}

function isCallback(attempt: Attempt): boolean {
  return attempt.family === 'Task' && (attempt.resource ?? '').endsWith('.waitForTaskToken');
}

function CallbackWait({ visit, attempt }: { visit: StateVisit; attempt: Attempt }) {
  const candidates = tokenCandidates(attempt.parameters);
  const [answered, setAnswered] = useState(false);
  return (
    <div>
      <h3>
        {visit.name} waits for a callback ({attempt.resource?.split(':').slice(5).join(':')})
      </h3>
      {answered ? (
        <p role="status">Answer sent.</p>
      ) : candidates.length > 0 ? (
        <>
          <p className="muted">
            The task token was passed in its parameters at <code>{candidates[0]!.path}</code>; answer with it as the
            called service would.
          </p>
          <TaskAnswerForm taskToken={candidates[0]!.token} onAnswered={() => setAnswered(true)} />
        </>
      ) : (
        <p className="muted">
          Its token (<code>$$.Task.Token</code>) was not found under a key containing "token" in the parameters; the
          service that received it must answer.
        </p>
      )}
    </div>
  );
}

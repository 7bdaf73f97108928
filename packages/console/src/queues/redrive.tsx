/**
 * Redrive from a dead-letter queue: StartMessageMoveTask moves its messages back to the queues
 * they came from (or to a queue chosen here), and ListMessageMoveTasks reports the progress,
 * polled while a task runs.
 */
import { useEffect, useRef, useState } from 'react';
import { type MoveTask, sqs } from '../api/sqs.js';
import { ErrorBanner, Time } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';
import { useAsync } from '../ui/use-async.js';
import { queueNameOfArn } from './relations.js';

const POLL_MS = 500;

export function Redrive({
  queueArn,
  sources,
  queues,
  onMoved,
}: {
  queueArn: string;
  /** ARNs of the queues that dead-letter into this one. */
  sources: readonly string[];
  /** Every queue's ARN, for another destination. */
  queues: readonly string[];
  onMoved(): void;
}) {
  const tasks = useAsync(() => sqs.moveTasks(queueArn), [queueArn]);
  const [destination, setDestination] = useState('');
  const { busy: starting, error, run } = useAction();
  const running = tasks.data?.some((t) => t.Status === 'RUNNING' || t.Status === 'CANCELLING') ?? false;

  // While a task runs, follow it; when it ends, the queues' counts have changed.
  const { reload } = tasks;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) onMoved();
    wasRunning.current = running;
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload, onMoved]);

  const start = () =>
    run(true, async () => {
      await sqs.startMoveTask(queueArn, destination || undefined);
      // A small queue may be moved before the first poll sees the task running.
      tasks.reload();
      onMoved();
    });

  return (
    <section className="card redrive" aria-label="Redrive">
      <h2>Redrive</h2>
      <p className="muted">
        This is the dead-letter queue of{' '}
        {sources.map((s, i) => (
          <span key={s}>
            {i > 0 ? ', ' : ''}
            <strong>{queueNameOfArn(s)}</strong>
          </span>
        ))}
        . A redrive moves its messages out, oldest first, as new messages (receive count 0).
      </p>
      <div className="form-row">
        <label>
          Move messages to
          <select value={destination} onChange={(e) => setDestination(e.target.value)} aria-label="Redrive destination">
            <option value="">the queues they came from</option>
            {queues
              .filter((q) => q !== queueArn)
              .map((q) => (
                <option key={q} value={q}>
                  {queueNameOfArn(q)}
                </option>
              ))}
          </select>
        </label>
        <button type="button" className="button primary" disabled={starting || running} onClick={start}>
          {running ? 'Redriving…' : starting ? 'Starting…' : 'Start redrive'}
        </button>
      </div>
      <ErrorBanner error={error ?? tasks.error} title="Redrive" />
      {tasks.data && tasks.data.length > 0 ? (
        <table className="table compact" aria-label="Move tasks">
          <thead>
            <tr>
              <th>Started</th>
              <th>Status</th>
              <th>Moved</th>
              <th>To</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((t) => (
              <TaskRow key={`${t.StartedTimestamp}-${t.TaskHandle ?? ''}`} task={t} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function TaskRow({ task }: { task: MoveTask }) {
  const total = task.ApproximateNumberOfMessagesToMove;
  return (
    <tr data-status={task.Status}>
      <td>
        <Time ms={task.StartedTimestamp} />
      </td>
      <td>
        <span className={`badge task-${task.Status.toLowerCase()}`}>{task.Status}</span>
        {task.FailureReason ? <div className="muted small">{task.FailureReason}</div> : null}
      </td>
      <td className="number" data-testid="moved">
        {task.ApproximateNumberOfMessagesMoved}
        {total !== undefined ? ` of ${total}` : ''}
      </td>
      <td>{task.DestinationArn ? queueNameOfArn(task.DestinationArn) : 'their sources'}</td>
    </tr>
  );
}

/**
 * Answering a task as its worker would: SendTaskSuccess with an output, or SendTaskFailure with
 * an error and a cause. Used for activity tasks the console took and for callback tokens.
 */
import { useState } from 'react';
import { sfn } from '../api/sfn.js';
import { jsonSyntaxError } from '../definition/format.js';
import { ErrorBanner } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';

export function TaskAnswerForm({
  taskToken,
  onAnswered,
  defaultOutput = '{\n  "approved": true\n}',
}: {
  taskToken: string;
  onAnswered(kind: 'success' | 'failure'): void;
  defaultOutput?: string;
}) {
  const [output, setOutput] = useState(defaultOutput);
  const [error, setError] = useState('Rejected');
  const [cause, setCause] = useState('Rejected from the Baton console');
  const { busy, error: failure, run } = useAction();
  const outputError = jsonSyntaxError(output);
  const send = (kind: 'success' | 'failure') =>
    run(true, async () => {
      if (kind === 'success') await sfn.sendTaskSuccess(taskToken, output);
      else await sfn.sendTaskFailure(taskToken, error, cause);
      onAnswered(kind);
    });
  return (
    <div className="task-answer">
      <div className="answer-columns">
        <div>
          <label>
            Output (JSON)
            <textarea
              className="mono"
              rows={4}
              value={output}
              onChange={(e) => setOutput(e.target.value)}
              aria-label="Task output"
              spellCheck={false}
            />
          </label>
          {outputError ? <p className="field-error">Output is not valid JSON: {outputError}</p> : null}
          <button
            className="button success"
            type="button"
            disabled={busy || outputError !== undefined}
            onClick={() => send('success')}
          >
            Approve: send success
          </button>
        </div>
        <div>
          <label>
            Error
            <input value={error} onChange={(e) => setError(e.target.value)} aria-label="Task error" />
          </label>
          <label>
            Cause
            <input value={cause} onChange={(e) => setCause(e.target.value)} aria-label="Task cause" />
          </label>
          <button className="button danger" type="button" disabled={busy} onClick={() => send('failure')}>
            Reject: send failure
          </button>
        </div>
      </div>
      <ErrorBanner error={failure} title="The task could not be answered" />
    </div>
  );
}

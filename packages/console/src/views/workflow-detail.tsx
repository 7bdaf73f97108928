/**
 * One workflow: its definition as graph and text, versions and aliases, recent executions, and
 * starting an execution with input.
 */
import { useState } from 'react';
import { sfn } from '../api/sfn.js';
import { DefinitionEditor } from '../definition/definition-editor.js';
import { jsonSyntaxError, prettyJson } from '../definition/format.js';
import { Link, navigate, paths } from '../router.js';
import { arnName, ErrorBanner, Loading, ResourceHeader, StatusBadge, Time } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';
import { useAsync } from '../ui/use-async.js';

export function WorkflowDetailPage({ arn }: { arn: string }) {
  const machine = useAsync(() => sfn.describeStateMachine(arn), [arn]);
  const related = useAsync(
    () =>
      Promise.all([
        sfn.listVersions(arn),
        sfn.listAliases(arn),
        machine.data?.type === 'EXPRESS'
          ? Promise.resolve({ items: [] })
          : sfn.listExecutions({ stateMachineArn: arn, maxResults: 10 }),
      ]),
    [arn, machine.data?.type],
  );
  const [starting, setStarting] = useState(false);
  if (machine.error) return <ErrorBanner error={machine.error} title="Could not load the workflow" />;
  if (!machine.data) return <Loading what="workflow" />;
  const m = machine.data;
  const [versions, aliases, executions] = related.data ?? [[], [], { items: [] }];
  return (
    <div className="page wide">
      <ResourceHeader crumbs={<Link href={paths.workflows()}>Workflows</Link>} title={m.name} arn={m.stateMachineArn}>
        <Link className="button" href={paths.editWorkflow(arn)}>
          Edit
        </Link>
        <button
          className="button primary"
          type="button"
          onClick={() => setStarting((s) => !s)}
          aria-expanded={starting}
        >
          Start execution
        </button>
      </ResourceHeader>
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          <span className="tag">{m.type}</span>
        </dd>
        <dt>Created</dt>
        <dd>
          <Time seconds={m.creationDate} />
        </dd>
        <dt>Role</dt>
        <dd className="arn">{m.roleArn}</dd>
        {m.description ? (
          <>
            <dt>Description</dt>
            <dd>{m.description}</dd>
          </>
        ) : null}
      </dl>
      {starting ? (
        <StartExecution arn={arn} express={m.type === 'EXPRESS'} onCancel={() => setStarting(false)} />
      ) : null}
      <h2>Definition</h2>
      <DefinitionEditor
        key={m.definition}
        initialValue={prettyJson(m.definition)}
        onChange={() => {}}
        type={m.type}
        readOnly
      />
      <div className="columns">
        <section>
          <h2>Recent executions</h2>
          {m.type === 'EXPRESS' ? (
            <p className="muted">Express executions run in memory and are not listed (as on AWS).</p>
          ) : executions.items.length === 0 ? (
            <p className="muted">No executions yet. Start one above.</p>
          ) : (
            <ul className="plain-list">
              {executions.items.map((e) => (
                <li key={e.executionArn}>
                  <StatusBadge status={e.status} /> <Link href={paths.execution(e.executionArn)}>{e.name}</Link>{' '}
                  <span className="muted">
                    <Time seconds={e.startDate} />
                  </span>
                </li>
              ))}
              <li>
                <Link href={paths.executions({ machine: arn })}>All executions of {m.name} →</Link>
              </li>
            </ul>
          )}
        </section>
        <section>
          <h2>Versions</h2>
          {versions.length === 0 ? (
            <p className="muted">No published versions (PublishStateMachineVersion creates one).</p>
          ) : (
            <ul className="plain-list">
              {versions.map((v) => (
                <li key={v.stateMachineVersionArn}>
                  Version {arnName(v.stateMachineVersionArn)}{' '}
                  <span className="muted">
                    <Time seconds={v.creationDate} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>Aliases</h2>
          {aliases.length === 0 ? (
            <p className="muted">No aliases (CreateStateMachineAlias routes to versions).</p>
          ) : (
            <ul className="plain-list">
              {aliases.map((a) => (
                <li key={a.stateMachineAliasArn}>
                  {arnName(a.stateMachineAliasArn)}{' '}
                  <span className="muted">
                    <Time seconds={a.creationDate} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function StartExecution({ arn, express, onCancel }: { arn: string; express: boolean; onCancel(): void }) {
  const [input, setInput] = useState('{}');
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();
  const inputError = jsonSyntaxError(input);
  const start = () =>
    run(true, async () => {
      const out = await sfn.startExecution({
        stateMachineArn: arn,
        input,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      if (!express) navigate(paths.execution(out.executionArn));
      else
        setError(
          new Error(`Started ${out.executionArn}; Express executions are not listed, so there is no page to open.`),
        );
    });
  return (
    <form
      className="card start-execution"
      aria-label="Start execution"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <label>
        Execution name <span className="muted">(optional; a name is generated)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Execution name" />
      </label>
      <label>
        Input (JSON)
        <textarea
          className="mono"
          rows={6}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          aria-label="Input"
          spellCheck={false}
        />
      </label>
      {inputError ? <p className="field-error">Input is not valid JSON: {inputError}</p> : null}
      <ErrorBanner error={error} title="Could not start the execution" />
      <div className="actions">
        <button className="button" type="button" onClick={onCancel}>
          Cancel
        </button>
        <button className="button primary" type="submit" disabled={busy || inputError !== undefined}>
          {busy ? 'Starting…' : 'Start'}
        </button>
      </div>
    </form>
  );
}

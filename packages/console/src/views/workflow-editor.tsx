/** Create a state machine (CreateStateMachine) or update one's definition (UpdateStateMachine). */
import { useState } from 'react';
import { defaultRoleArn, type StateMachineType, sfn } from '../api/sfn.js';
import { DefinitionEditor } from '../definition/definition-editor.js';
import { prettyJson } from '../definition/format.js';
import { Link, navigate, paths } from '../router.js';
import { ErrorBanner, Loading } from '../ui/components.js';
import { useAction } from '../ui/use-action.js';
import { useAsync } from '../ui/use-async.js';

export const STARTER_DEFINITION = JSON.stringify(
  {
    Comment: 'A first workflow: say hello, then decide.',
    StartAt: 'Hello',
    States: {
      Hello: { Type: 'Pass', Result: { greeting: 'hello' }, ResultPath: '$.hello', Next: 'IsWorld' },
      IsWorld: {
        Type: 'Choice',
        Choices: [{ Variable: '$.who', StringEquals: 'world', Next: 'Done' }],
        Default: 'Unknown',
      },
      Done: { Type: 'Succeed' },
      Unknown: { Type: 'Fail', Error: 'UnknownAudience', Cause: 'Start with {"who": "world"}' },
    },
  },
  null,
  2,
);

export function NewWorkflowPage() {
  const [name, setName] = useState('');
  const [type, setType] = useState<StateMachineType>('STANDARD');
  const [definition, setDefinition] = useState(STARTER_DEFINITION);
  const { busy, error, run } = useAction();
  const create = () =>
    run(true, async () => {
      const out = await sfn.createStateMachine({ name: name.trim(), definition, type, roleArn: defaultRoleArn() });
      navigate(paths.workflow(out.stateMachineArn));
    });
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>New workflow</h1>
      </header>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            pattern="[A-Za-z0-9_\-]{1,80}"
            placeholder="order-processing"
            aria-label="Name"
          />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value as StateMachineType)} aria-label="Type">
            <option value="STANDARD">Standard (durable, listed)</option>
            <option value="EXPRESS">Express (in memory)</option>
          </select>
        </label>
        <button className="button primary" type="submit" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create workflow'}
        </button>
      </form>
      <ErrorBanner error={error} title="Could not create the workflow" />
      <DefinitionEditor initialValue={STARTER_DEFINITION} onChange={(json) => setDefinition(json)} type={type} />
    </div>
  );
}

export function EditWorkflowPage({ arn }: { arn: string }) {
  const machine = useAsync(() => sfn.describeStateMachine(arn), [arn]);
  const [definition, setDefinition] = useState<string>();
  const { busy, error, run } = useAction();
  if (machine.error) return <ErrorBanner error={machine.error} title="Could not load the workflow" />;
  if (!machine.data) return <Loading what="workflow" />;
  const m = machine.data;
  const save = () =>
    run(true, async () => {
      await sfn.updateStateMachine({ stateMachineArn: arn, definition: definition ?? m.definition });
      navigate(paths.workflow(arn));
    });
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Edit {m.name}</h1>
        <div className="actions">
          <Link className="button" href={paths.workflow(arn)}>
            Cancel
          </Link>
          <button className="button primary" type="button" disabled={busy || definition === undefined} onClick={save}>
            {busy ? 'Saving…' : 'Save (UpdateStateMachine)'}
          </button>
        </div>
      </header>
      <ErrorBanner error={error} title="Could not update the workflow" />
      <DefinitionEditor
        key={m.revisionId ?? m.definition}
        initialValue={prettyJson(m.definition)}
        onChange={setDefinition}
        type={m.type}
      />
    </div>
  );
}

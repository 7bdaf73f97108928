/**
 * State machines through the official SDK client: CreateStateMachine, UpdateStateMachine,
 * DescribeStateMachine, DeleteStateMachine, ListStateMachines. Expected messages are the ones
 * AWS answers with where they were measured (LocalStack's AWS-recorded snapshots).
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  type CreateStateMachineCommandInput,
  DeleteStateMachineCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestBaton } from '../support/baton.js';
import { clientIn, passDefinition, ROLE_ARN } from './fixtures.js';

const t = useTestBaton();

const machineArn = (name: string, region = 'us-east-1') => `arn:aws:states:${region}:123456789012:stateMachine:${name}`;
const create = (input: Partial<CreateStateMachineCommandInput> & { name: string }) =>
  t.sfn.send(new CreateStateMachineCommand({ definition: passDefinition(), roleArn: ROLE_ARN, ...input }));
const describeMachine = (stateMachineArn: string) => t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));

const CALLBACK = JSON.stringify({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } },
});

describe('CreateStateMachine (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html)', () => {
  it('creates a STANDARD machine in the region and account of the request, with AWS defaults', async () => {
    const before = Date.now();
    const out = await create({ name: 'create-standard' });
    expect(out.stateMachineArn).toBe(machineArn('create-standard'));
    expect(out.creationDate!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(out.stateMachineVersionArn).toBeUndefined();
    const described = await describeMachine(out.stateMachineArn!);
    expect(described).toMatchObject({
      stateMachineArn: out.stateMachineArn,
      name: 'create-standard',
      status: 'ACTIVE',
      definition: passDefinition(),
      roleArn: ROLE_ARN,
      type: 'STANDARD',
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(described.creationDate).toEqual(out.creationDate);
    // AWS assigns no revision id before the first update.
    expect(described.revisionId).toBeUndefined();
  });

  it('creates an EXPRESS machine, whose definition is checked against what EXPRESS supports', async () => {
    const out = await create({ name: 'create-express', type: 'EXPRESS' });
    expect((await describeMachine(out.stateMachineArn!)).type).toBe('EXPRESS');
    await expect(create({ name: 'express-callback', type: 'EXPRESS', definition: CALLBACK })).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/Wait/Resource'",
    });
    await expect(create({ name: 'standard-callback', definition: CALLBACK })).resolves.toMatchObject({
      stateMachineArn: machineArn('standard-callback'),
    });
  });

  it('is idempotent: the same request answers with the machine it made, ignoring a different role', async () => {
    const first = await create({ name: 'create-twice' });
    const again = await create({ name: 'create-twice', roleArn: 'arn:aws:iam::123456789012:role/other' });
    expect(again).toMatchObject({ stateMachineArn: first.stateMachineArn, creationDate: first.creationDate });
    expect((await describeMachine(first.stateMachineArn!)).roleArn).toBe(ROLE_ARN);
  });

  it('refuses the name of a machine with another definition or type: StateMachineAlreadyExists', async () => {
    const { stateMachineArn } = await create({ name: 'create-clash' });
    const message = `State Machine Already Exists: '${stateMachineArn}'`;
    await expect(create({ name: 'create-clash', definition: passDefinition('other') })).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
      message,
    });
    await expect(create({ name: 'create-clash', type: 'EXPRESS' })).rejects.toMatchObject({ message });
    await expect(create({ name: 'create-clash', tracingConfiguration: { enabled: true } })).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });
  });

  it('refuses an invalid definition with InvalidDefinition and the location of every problem', async () => {
    await expect(
      create({
        name: 'no-end',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } }),
      }),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'",
    });
    await expect(create({ name: 'not-json', definition: '{"StartAt": ' })).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringMatching(/^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /),
    });
    await expect(describeMachine(machineArn('no-end'))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('refuses a role that is not an IAM role ARN, a bad name and an unknown type', async () => {
    await expect(
      create({ name: 'bad-role', roleArn: 'arn:aws:iam::aws:policy/AWSBatchFullAccess' }),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Role Arn: 'arn:aws:iam::aws:policy/AWSBatchFullAccess'",
    });
    await expect(create({ name: 'bad name' })).rejects.toMatchObject({
      name: 'InvalidName',
      message: "Invalid Name: 'bad name'",
    });
    await expect(create({ name: 'bad-type', type: 'FAST' as 'STANDARD' })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    });
  });

  it('publishes version 1 with its description when asked, and refuses a description without publish', async () => {
    const out = await create({ name: 'create-published', publish: true, versionDescription: 'first' });
    expect(out.stateMachineVersionArn).toBe(`${machineArn('create-published')}:1`);
    expect(await describeMachine(out.stateMachineVersionArn!)).toMatchObject({
      stateMachineArn: out.stateMachineVersionArn,
      name: 'create-published',
      description: 'first',
    });
    // Repeating the request publishes nothing new.
    const again = await create({ name: 'create-published', publish: true, versionDescription: 'first' });
    expect(again.stateMachineVersionArn).toBe(out.stateMachineVersionArn);
    const versions = await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: out.stateMachineArn }));
    expect(versions.stateMachineVersions).toHaveLength(1);
    await expect(create({ name: 'description-alone', versionDescription: 'orphan' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Version description can only be set when publish is true',
    });
  });

  it('stores and echoes the logging and tracing configurations, and refuses invalid logging', async () => {
    const destinations = [
      { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g:*' } },
    ];
    const out = await create({
      name: 'create-observed',
      loggingConfiguration: { level: 'ERROR', includeExecutionData: true, destinations },
      tracingConfiguration: { enabled: true },
    });
    expect(await describeMachine(out.stateMachineArn!)).toMatchObject({
      loggingConfiguration: { level: 'ERROR', includeExecutionData: true, destinations },
      tracingConfiguration: { enabled: true },
    });
    await expect(create({ name: 'log-nowhere', loggingConfiguration: { level: 'ALL' } })).rejects.toMatchObject({
      name: 'InvalidLoggingConfiguration',
      message: 'Invalid Logging Configuration: Must specify exactly one Log Destination.',
    });
    const unqualified = [
      { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g' } },
    ];
    await expect(
      create({ name: 'log-unqualified', loggingConfiguration: { level: 'ALL', destinations: unqualified } }),
    ).rejects.toMatchObject({
      name: 'InvalidLoggingConfiguration',
      message: "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.",
    });
  });
});

describe('UpdateStateMachine (https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html)', () => {
  it('changes the definition and role, making a new revision each time something changes', async () => {
    const { stateMachineArn } = await create({ name: 'update-basic' });
    const first = await t.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition('after-1') }),
    );
    expect(first.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.updateDate).toBeInstanceOf(Date);
    expect(first.stateMachineVersionArn).toBeUndefined();
    expect(await describeMachine(stateMachineArn!)).toMatchObject({
      definition: passDefinition('after-1'),
      revisionId: first.revisionId,
    });
    const role = 'arn:aws:iam::123456789012:role/next';
    const second = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: role }));
    expect(second.revisionId).not.toBe(first.revisionId);
    expect(await describeMachine(stateMachineArn!)).toMatchObject({ roleArn: role, revisionId: second.revisionId });
    // The same values again change nothing: the revision stays.
    const same = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: role }));
    expect(same.revisionId).toBe(second.revisionId);
  });

  it('updates logging and tracing', async () => {
    const { stateMachineArn } = await create({ name: 'update-observed' });
    await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, tracingConfiguration: { enabled: true } }));
    expect((await describeMachine(stateMachineArn!)).tracingConfiguration).toEqual({ enabled: true });
  });

  it('publishes the revision it makes, and repeats the version when nothing changed', async () => {
    const { stateMachineArn } = await create({ name: 'update-publish' });
    // Publishing alone is a valid update: it snapshots the initial revision.
    const initial = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, publish: true }));
    expect(initial.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    expect(initial.revisionId).toBeUndefined();
    const repeated = await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, publish: true }));
    expect(repeated.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    const changed = await t.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn,
        definition: passDefinition('v2'),
        publish: true,
        versionDescription: 'second',
      }),
    );
    expect(changed.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);
    expect(await describeMachine(changed.stateMachineVersionArn!)).toMatchObject({
      definition: passDefinition('v2'),
      revisionId: changed.revisionId,
      description: 'second',
    });
  });

  it('refuses an update with nothing to update: MissingRequiredParameter', async () => {
    const { stateMachineArn } = await create({ name: 'update-nothing' });
    await expect(t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'MissingRequiredParameter',
      message:
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    });
    await expect(
      t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, roleArn: ROLE_ARN, versionDescription: 'x' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Version description can only be set when publish is true',
    });
  });

  it('refuses an invalid definition for the machine type and leaves the machine as it was', async () => {
    const { stateMachineArn } = await create({ name: 'update-invalid', type: 'EXPRESS' });
    await expect(
      t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: CALLBACK })),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
    expect((await describeMachine(stateMachineArn!)).definition).toBe(passDefinition());
  });

  it('answers StateMachineDoesNotExist for an unknown machine or a version, InvalidArn for a malformed ARN', async () => {
    const arn = machineArn('update-missing');
    await expect(
      t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE_ARN })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}'`,
    });
    await expect(
      t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: 'not-an-arn', roleArn: ROLE_ARN })),
    ).rejects.toMatchObject({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'" });
    // A version is immutable: its ARN names no state machine to update (measured against AWS).
    const { stateMachineVersionArn } = await create({ name: 'update-version', publish: true });
    await expect(
      t.sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: stateMachineVersionArn, definition: passDefinition('x') }),
      ),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${stateMachineVersionArn}'`,
    });
  });
});

describe('DescribeStateMachine (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html)', () => {
  it('describes a version from its ARN, keeping what the version was published with', async () => {
    const out = await create({ name: 'describe-version', publish: true });
    await t.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: out.stateMachineArn, definition: passDefinition('later') }),
    );
    const version = await describeMachine(out.stateMachineVersionArn!);
    expect(version).toMatchObject({ stateMachineArn: out.stateMachineVersionArn, definition: passDefinition() });
    await expect(describeMachine(`${out.stateMachineArn}:7`)).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${out.stateMachineArn}:7'`,
    });
  });

  it('describes the version an alias sends most executions to', async () => {
    const { stateMachineArn } = await create({ name: 'describe-alias', publish: true });
    const v2 = await t.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition('two'), publish: true }),
    );
    const { stateMachineAliasArn } = await t.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [
          { stateMachineVersionArn: `${stateMachineArn}:1`, weight: 20 },
          { stateMachineVersionArn: v2.stateMachineVersionArn, weight: 80 },
        ],
      }),
    );
    expect(await describeMachine(stateMachineAliasArn!)).toMatchObject({
      stateMachineArn: v2.stateMachineVersionArn,
      definition: passDefinition('two'),
    });
  });

  it('refuses malformed and unknown ARNs, and machines of another region', async () => {
    await expect(describeMachine('not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
    const { stateMachineArn } = await create({ name: 'describe-regional' });
    const west = clientIn(t, 'eu-west-1');
    await expect(west.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${stateMachineArn}'`,
    });
    west.destroy();
  });
});

describe('DeleteStateMachine (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachine.html)', () => {
  it('deletes the machine with its versions and aliases, and succeeds again when it is gone', async () => {
    const { stateMachineArn, stateMachineVersionArn } = await create({ name: 'delete-me', publish: true });
    const { stateMachineAliasArn } = await t.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn, weight: 100 }],
      }),
    );
    await t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(describeMachine(stateMachineArn!)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(describeMachine(stateMachineVersionArn!)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(t.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    await expect(t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn }))).resolves.toBeDefined();
    // The name is free again; the new machine has only its own version.
    const again = await create({ name: 'delete-me', publish: true });
    expect(again.stateMachineArn).toBe(stateMachineArn);
    const versions = await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
    expect(versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([again.stateMachineVersionArn]);
  });

  it('refuses an ARN that is not a state machine ARN', async () => {
    await expect(
      t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: 'arn:aws:sqs:us-east-1:1:q' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });
});

describe('ListStateMachines (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html)', () => {
  it('lists by name, page by page, only the machines of the caller region', async () => {
    // A region of its own keeps the other tests' machines out of the listing.
    const north = clientIn(t, 'eu-north-1');
    const names = ['m-e', 'm-a', 'm-d', 'm-b', 'm-c'];
    for (const name of names) {
      await north.send(
        new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN, type: 'EXPRESS' }),
      );
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await north.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      expect(page.stateMachines!.length).toBeLessThanOrEqual(2);
      for (const m of page.stateMachines!) {
        expect(m).toMatchObject({ stateMachineArn: machineArn(m.name!, 'eu-north-1'), type: 'EXPRESS' });
        expect(m.creationDate).toBeInstanceOf(Date);
        seen.push(m.name!);
      }
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual([...names].sort());
    expect(pages).toBe(3);
    const home = await t.sfn.send(new ListStateMachinesCommand({}));
    expect(home.stateMachines!.some((m) => m.name === 'm-a')).toBe(false);
    const empty = clientIn(t, 'ap-south-1');
    expect((await empty.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    north.destroy();
    empty.destroy();
  });

  it('refuses maxResults above 1000 and a token it did not issue', async () => {
    await expect(t.sfn.send(new ListStateMachinesCommand({ maxResults: 1001 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
    await expect(t.sfn.send(new ListStateMachinesCommand({ nextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    // A token of another operation is not one of ListStateMachines.
    await create({ name: 'token-a', publish: true });
    await t.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: machineArn('token-a'),
        definition: passDefinition(2),
        publish: true,
      }),
    );
    const versions = await t.sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: machineArn('token-a'), maxResults: 1 }),
    );
    expect(versions.nextToken).toBeDefined();
    await expect(t.sfn.send(new ListStateMachinesCommand({ nextToken: versions.nextToken }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });
});

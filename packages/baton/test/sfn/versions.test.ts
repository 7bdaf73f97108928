/**
 * State machine versions through the official SDK client: PublishStateMachineVersion,
 * ListStateMachineVersions, DeleteStateMachineVersion. Expected messages are the ones AWS
 * answers with where they were measured (LocalStack's AWS-recorded snapshots).
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually, useTestBaton } from '../support/baton.js';
import { passDefinition, ROLE_ARN } from './fixtures.js';

const t = useTestBaton();

async function machine(name: string): Promise<string> {
  const out = await t.sfn.send(
    new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN }),
  );
  return out.stateMachineArn!;
}
const publish = (stateMachineArn: string, extra: { revisionId?: string; description?: string } = {}) =>
  t.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, ...extra }));
const update = (stateMachineArn: string, result: string) =>
  t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition(result) }));
const listVersions = async (stateMachineArn: string) =>
  (await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions!.map(
    (v) => v.stateMachineVersionArn,
  );

describe('PublishStateMachineVersion (https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html)', () => {
  it('publishes the current revision as version 1, 2, … and is idempotent per revision', async () => {
    const arn = await machine('publish-basic');
    const v1 = await publish(arn, { description: 'one' });
    expect(v1.stateMachineVersionArn).toBe(`${arn}:1`);
    expect(v1.creationDate).toBeInstanceOf(Date);
    const repeat = await publish(arn, { description: 'ignored' });
    expect(repeat).toEqual(expect.objectContaining({ stateMachineVersionArn: v1.stateMachineVersionArn }));
    expect(repeat.creationDate).toEqual(v1.creationDate);
    expect(await listVersions(arn)).toEqual([`${arn}:1`]);
    await update(arn, 'two');
    expect((await publish(arn)).stateMachineVersionArn).toBe(`${arn}:2`);
    expect((await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }))).description).toBe(
      'one',
    );
  });

  it('publishes only the revision named by revisionId: ConflictException otherwise', async () => {
    const arn = await machine('publish-guarded');
    // INITIAL names the revision of a machine never updated.
    expect((await publish(arn, { revisionId: 'INITIAL' })).stateMachineVersionArn).toBe(`${arn}:1`);
    const { revisionId: first } = await update(arn, 'two');
    const { revisionId: second } = await update(arn, 'three');
    await expect(publish(arn, { revisionId: first })).rejects.toMatchObject({
      name: 'ConflictException',
      message: `Failed to publish the State Machine version for revision ${first}. The current State Machine revision is ${second}.`,
      $metadata: { httpStatusCode: 409 },
    });
    await expect(publish(arn, { revisionId: 'INITIAL' })).rejects.toMatchObject({ name: 'ConflictException' });
    expect((await publish(arn, { revisionId: second })).stateMachineVersionArn).toBe(`${arn}:2`);
    expect(await listVersions(arn)).toEqual([`${arn}:2`, `${arn}:1`]);
  });

  it('refuses an unknown machine, a version or malformed ARN and a description over 256 characters', async () => {
    const arn = await machine('publish-refusals');
    const missing = `${arn}-missing`;
    await expect(publish(missing)).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${missing}'`,
    });
    await expect(publish(`${arn}:1`)).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}:1'`,
    });
    await expect(publish('not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(publish(arn, { description: 'x'.repeat(257) })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
      ),
    });
  });

  it('allows at most 1000 versions per state machine: ServiceQuotaExceededException', async () => {
    const arn = await machine('publish-quota');
    for (let v = 1; v <= 1000; v++) {
      await t.sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passDefinition(v), publish: true }),
      );
    }
    const full = { name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } };
    // An update that could not publish its revision changes nothing.
    await expect(
      t.sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passDefinition('x'), publish: true }),
      ),
    ).rejects.toMatchObject(full);
    expect((await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition).toBe(
      passDefinition(1000),
    );
    await update(arn, 'one-more');
    await expect(publish(arn)).rejects.toMatchObject(full);
    // Deleting a version makes room again.
    await t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
    expect((await publish(arn)).stateMachineVersionArn).toBe(`${arn}:1001`);
  });

  it('gives executions started from a version that version’s definition', async () => {
    const arn = await machine('publish-run');
    const { stateMachineVersionArn } = await publish(arn);
    await update(arn, 'newer');
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineVersionArn }));
    const done = await eventually(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    });
    expect(done.output).toBe('"done"');
    expect(done.stateMachineVersionArn).toBe(stateMachineVersionArn);
  });
});

describe('ListStateMachineVersions (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html)', () => {
  it('lists the newest version first, page by page', async () => {
    const arn = await machine('list-versions');
    for (const result of ['a', 'b', 'c']) {
      await t.sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passDefinition(result), publish: true }),
      );
    }
    const first = await t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(first.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:3`, `${arn}:2`]);
    expect(first.stateMachineVersions![0]!.creationDate).toBeInstanceOf(Date);
    const second = await t.sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);
    expect(second.nextToken).toBeUndefined();
    // A token belongs to the listing it came from.
    const other = await machine('list-versions-other');
    await expect(
      t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: other, nextToken: first.nextToken })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('answers InvalidArn for a machine that does not exist (the operation has no StateMachineDoesNotExist)', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:never-made';
    await expect(t.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }))).rejects.toMatchObject({
      name: 'InvalidArn',
      message: `Invalid Arn: '${arn}'`,
    });
  });
});

describe('DeleteStateMachineVersion (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html)', () => {
  it('deletes a version, succeeds again once it is gone, and never reuses its number', async () => {
    const arn = await machine('delete-version');
    await publish(arn);
    await update(arn, 'two');
    const { stateMachineVersionArn } = await publish(arn);
    expect(stateMachineVersionArn).toBe(`${arn}:2`);
    await t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn }));
    expect(await listVersions(arn)).toEqual([`${arn}:1`]);
    await expect(
      t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachineVersionArn })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn }))).resolves.toBeDefined();
    // The revision lost its version: publishing it again makes version 3.
    expect((await publish(arn)).stateMachineVersionArn).toBe(`${arn}:3`);
  });

  it('refuses to delete a version an alias routes to: ConflictException naming the aliases', async () => {
    const arn = await machine('delete-routed');
    const { stateMachineVersionArn } = await publish(arn);
    for (const name of ['live', 'beta']) {
      await t.sfn.send(
        new CreateStateMachineAliasCommand({ name, routingConfiguration: [{ stateMachineVersionArn, weight: 100 }] }),
      );
    }
    await expect(t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn }))).rejects.toMatchObject({
      name: 'ConflictException',
      message:
        'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [beta, live]',
    });
    expect(await listVersions(arn)).toEqual([stateMachineVersionArn]);
  });

  it('refuses an ARN that is not a version ARN', async () => {
    const arn = await machine('delete-not-version');
    await expect(
      t.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: arn })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
      message: `Invalid Arn: '${arn}'`,
    });
  });
});

/**
 * Activities through the official SDK client: CreateActivity, DescribeActivity, DeleteActivity,
 * ListActivities. Expected messages are the ones AWS answers with where they were measured
 * (LocalStack's AWS-recorded snapshots, test_sfn_api_activities).
 */

import { setMaxListeners } from 'node:events';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestBaton } from '../support/baton.js';
import { clientIn } from './fixtures.js';

const t = useTestBaton();

const activityArn = (name: string, region = 'us-east-1') => `arn:aws:states:${region}:123456789012:activity:${name}`;
const describeActivity = (arn: string) => t.sfn.send(new DescribeActivityCommand({ activityArn: arn }));

describe('CreateActivity (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateActivity.html)', () => {
  it('creates an activity in the region and account of the request, and describes it', async () => {
    const out = await t.sfn.send(new CreateActivityCommand({ name: 'resize' }));
    expect(out.activityArn).toBe(activityArn('resize'));
    expect(out.creationDate).toBeInstanceOf(Date);
    expect(await describeActivity(out.activityArn!)).toMatchObject({
      activityArn: out.activityArn,
      name: 'resize',
      creationDate: out.creationDate,
    });
  });

  it('is idempotent by name: a repeated call answers with the activity it made', async () => {
    const first = await t.sfn.send(new CreateActivityCommand({ name: 'twice' }));
    const again = await t.sfn.send(new CreateActivityCommand({ name: 'twice', tags: [{ key: 'k', value: 'v' }] }));
    expect(again).toMatchObject({ activityArn: first.activityArn, creationDate: first.creationDate });
  });

  it('refuses an invalid name: InvalidName', async () => {
    await expect(t.sfn.send(new CreateActivityCommand({ name: 'TestActivity InvalidName$' }))).rejects.toMatchObject({
      name: 'InvalidName',
      message: "Invalid Name: 'TestActivity InvalidName$'",
    });
    await expect(t.sfn.send(new CreateActivityCommand({ name: 'x'.repeat(81) }))).rejects.toMatchObject({
      name: 'InvalidName',
    });
  });
});

describe('DescribeActivity and DeleteActivity (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteActivity.html)', () => {
  it('deletes an activity, which workers can then no longer poll; deleting again succeeds', async () => {
    const { activityArn: arn } = await t.sfn.send(new CreateActivityCommand({ name: 'short-lived' }));
    await t.sfn.send(new DeleteActivityCommand({ activityArn: arn }));
    const gone = { name: 'ActivityDoesNotExist', message: `Activity Does Not Exist: '${arn}'` };
    await expect(describeActivity(arn!)).rejects.toMatchObject(gone);
    await expect(t.sfn.send(new GetActivityTaskCommand({ activityArn: arn }))).rejects.toMatchObject(gone);
    await expect(t.sfn.send(new DeleteActivityCommand({ activityArn: arn }))).resolves.toBeDefined();
  });

  it('refuses ARNs that are not activity ARNs, and activities of another region', async () => {
    const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:resize';
    await expect(describeActivity(machine)).rejects.toMatchObject({
      name: 'InvalidArn',
      message: `Invalid Arn: '${machine}'`,
    });
    await expect(t.sfn.send(new DeleteActivityCommand({ activityArn: 'nope' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
    const { activityArn: arn } = await t.sfn.send(new CreateActivityCommand({ name: 'home-only' }));
    const west = clientIn(t, 'eu-west-1');
    await expect(west.send(new DescribeActivityCommand({ activityArn: arn }))).rejects.toMatchObject({
      name: 'ActivityDoesNotExist',
    });
    // A delete from another region does not reach it either.
    await west.send(new DeleteActivityCommand({ activityArn: arn }));
    await expect(describeActivity(arn!)).resolves.toMatchObject({ name: 'home-only' });
    west.destroy();
  });
});

describe('ListActivities (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListActivities.html)', () => {
  it('lists the activities of the caller region page by page', async () => {
    const south = clientIn(t, 'sa-east-1');
    for (const name of ['w-c', 'w-a', 'w-b']) await south.send(new CreateActivityCommand({ name }));
    const first = await south.send(new ListActivitiesCommand({ maxResults: 2 }));
    const second = await south.send(new ListActivitiesCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.nextToken).toBeUndefined();
    const all = [...first.activities!, ...second.activities!];
    expect(all.map((a) => a.name)).toEqual(['w-a', 'w-b', 'w-c']);
    expect(all[0]).toMatchObject({ activityArn: activityArn('w-a', 'sa-east-1') });
    expect(all[0]!.creationDate).toBeInstanceOf(Date);
    const home = await t.sfn.send(new ListActivitiesCommand({}));
    expect(home.activities!.some((a) => a.name === 'w-a')).toBe(false);
    await expect(south.send(new ListActivitiesCommand({ nextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    south.destroy();
  });
});

describe('GetActivityTask (https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetActivityTask.html)', () => {
  it('hands each waiting task to exactly one of many concurrent pollers, oldest first, naming the worker', async () => {
    const { activityArn: arn } = await t.sfn.send(new CreateActivityCommand({ name: 'contended' }));
    const { stateMachineArn } = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'contended',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        definition: JSON.stringify({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: arn, End: true } } }),
      }),
    );
    const executions = [];
    for (let i = 0; i < 12; i++)
      executions.push(
        (await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ i }) }))).executionArn!,
      );
    // A stopped execution's task is never handed out.
    await t.sfn.send(new StopExecutionCommand({ executionArn: executions.pop()! }));
    // 20 pollers for 11 tasks: once 11 answered, the others (still long-polling) are cancelled.
    const idle = new AbortController();
    // Each of the 20 requests listens on it (more than Node's default of 10 before it warns).
    setMaxListeners(20, idle.signal);
    let answered = 0;
    const polls = await Promise.all(
      Array.from({ length: 20 }, (_, w) =>
        t.sfn
          .send(new GetActivityTaskCommand({ activityArn: arn, workerName: `worker-${w}` }), {
            abortSignal: idle.signal,
          })
          .then(
            (p) => {
              if (++answered === 11) idle.abort();
              return p;
            },
            () => ({}) as { taskToken?: string; input?: string },
          ),
      ),
    );
    const handed = polls.filter((p) => p.taskToken);
    expect(handed.map((p) => JSON.parse(p.input!).i).sort((a, b) => a - b)).toEqual([...Array(11).keys()]);
    expect(new Set(handed.map((p) => p.taskToken)).size).toBe(11);
    // Each execution recorded one ActivityStarted, naming the poller that got its task.
    for (const [w, poll] of polls.entries()) {
      if (!poll.taskToken) continue;
      const { i } = JSON.parse(poll.input!) as { i: number };
      const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: executions[i] }));
      const started = history.events!.filter((e) => e.type === 'ActivityStarted');
      expect(started.map((e) => e.activityStartedEventDetails?.workerName)).toEqual([`worker-${w}`]);
    }
  });
});

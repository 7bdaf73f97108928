/**
 * State machine aliases through the official SDK client: CreateStateMachineAlias,
 * DescribeStateMachineAlias, UpdateStateMachineAlias, DeleteStateMachineAlias,
 * ListStateMachineAliases. Expected messages are the ones AWS answers with where they were
 * measured (LocalStack's AWS-recorded snapshots, tests/aws/services/stepfunctions/v2/test_sfn_api_aliasing).
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  ListStateMachineAliasesCommand,
  type RoutingConfigurationListItem,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually, useTestBaton } from '../support/baton.js';
import { clientIn, passDefinition, ROLE_ARN } from './fixtures.js';

const t = useTestBaton();

/** A machine with `count` published versions; returns its ARN (versions are `${arn}:1` …). */
async function versioned(name: string, count: number): Promise<string> {
  const { stateMachineArn } = await t.sfn.send(
    new CreateStateMachineCommand({ name, definition: passDefinition(1), roleArn: ROLE_ARN, publish: true }),
  );
  for (let v = 2; v <= count; v++) {
    await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition(v), publish: true }));
  }
  return stateMachineArn!;
}
const route = (stateMachineVersionArn: string, weight: number): RoutingConfigurationListItem => ({
  stateMachineVersionArn,
  weight,
});
const createAlias = (name: string, routingConfiguration: RoutingConfigurationListItem[], description?: string) =>
  t.sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration, description }));
const describeAlias = (stateMachineAliasArn: string) =>
  t.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));

describe('CreateStateMachineAlias (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html)', () => {
  it('creates an alias of the machine its versions belong to, and describes it', async () => {
    const arn = await versioned('alias-create', 1);
    const out = await createAlias('prod', [route(`${arn}:1`, 100)], 'production');
    expect(out.stateMachineAliasArn).toBe(`${arn}:prod`);
    const described = await describeAlias(out.stateMachineAliasArn!);
    expect(described).toMatchObject({
      stateMachineAliasArn: `${arn}:prod`,
      name: 'prod',
      description: 'production',
      routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
    });
    expect(described.creationDate).toEqual(out.creationDate);
    expect(described.updateDate).toEqual(out.creationDate);
  });

  it('is idempotent on name, description and routing, and a ConflictException otherwise', async () => {
    const arn = await versioned('alias-idempotent', 2);
    const first = await createAlias('live', [route(`${arn}:1`, 100)], 'd');
    expect(await createAlias('live', [route(`${arn}:1`, 100)], 'd')).toMatchObject({
      stateMachineAliasArn: first.stateMachineAliasArn,
      creationDate: first.creationDate,
    });
    const conflict = {
      name: 'ConflictException',
      message:
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    };
    await expect(createAlias('live', [route(`${arn}:2`, 100)], 'd')).rejects.toMatchObject(conflict);
    await expect(createAlias('live', [route(`${arn}:1`, 100)], 'other')).rejects.toMatchObject(conflict);
  });

  it('refuses names that are not alias names', async () => {
    const arn = await versioned('alias-names', 1);
    const pattern = (name: string) =>
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$`;
    for (const name of ['123', 'INVALID ALIAS', '!INVALID', 'ALIAS@']) {
      await expect(createAlias(name, [route(`${arn}:1`, 100)])).rejects.toMatchObject({
        name: 'ValidationException',
        message: pattern(name),
      });
    }
    const long = 'A'.repeat(81);
    await expect(createAlias(long, [route(`${arn}:1`, 100)])).rejects.toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    });
  });

  it('refuses routing configurations AWS refuses, with its messages', async () => {
    const arn = await versioned('alias-routing', 3);
    const [v1, v2, v3] = [`${arn}:1`, `${arn}:2`, `${arn}:3`];
    const invalid = async (routing: RoutingConfigurationListItem[], message: string) =>
      expect(createAlias('bad', routing)).rejects.toMatchObject({ name: 'ValidationException', message });
    await invalid(
      [route(v1, 50), route(v2, 30), route(v3, 20)],
      `1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=${v1}, weight=50), RoutingConfigurationListItem(stateMachineVersionArn=${v2}, weight=30), RoutingConfigurationListItem(stateMachineVersionArn=${v3}, weight=20)]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2`,
    );
    await invalid(
      [route(v1, 50), route(v1, 50)],
      `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
    );
    await invalid(
      [route(arn, 50), route(v2, 50)],
      `Routing configuration must contain state machine version ARNs. Received: [${arn}, ${v2}]`,
    );
    await invalid(
      [route(v1, 101)],
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    await invalid(
      [route(v1, 70), route(v2, 29)],
      'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    );
    await invalid(
      [route(v1, 70), route(v2, 31)],
      'Sum of routing configuration weights must equal 100. Received: [70, 31]',
    );
    const other = await versioned('alias-routing-other', 1);
    await expect(createAlias('mixed', [route(v1, 50), route(`${other}:1`, 50)])).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(createAlias('ghost', [route(`${arn}:9`, 100)])).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: 'Request references a resource that does not exist.',
    });
  });

  it('routes StartExecution through the alias to its version', async () => {
    const arn = await versioned('alias-start', 2);
    const { stateMachineAliasArn } = await createAlias('live', [route(`${arn}:1`, 100)]);
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
    const done = await eventually(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    });
    expect(done).toMatchObject({ stateMachineAliasArn, stateMachineVersionArn: `${arn}:1`, output: '1' });
  });

  it('allows at most 100 aliases per state machine: ServiceQuotaExceededException', async () => {
    const arn = await versioned('alias-quota', 1);
    for (let i = 0; i < 100; i++) await createAlias(`a${i}`, [route(`${arn}:1`, 100)]);
    await expect(createAlias('one-more', [route(`${arn}:1`, 100)])).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      $metadata: { httpStatusCode: 402 },
    });
    // Repeating an existing alias at the limit is still idempotent.
    await expect(createAlias('a0', [route(`${arn}:1`, 100)])).resolves.toMatchObject({
      stateMachineAliasArn: `${arn}:a0`,
    });
  });
});

describe('UpdateStateMachineAlias (https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachineAlias.html)', () => {
  it('updates the description and the routing', async () => {
    const arn = await versioned('alias-update', 2);
    const { stateMachineAliasArn, creationDate } = await createAlias('live', [route(`${arn}:1`, 100)], 'old');
    const out = await t.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, description: 'new' }));
    expect(out.updateDate!.getTime()).toBeGreaterThanOrEqual(creationDate!.getTime());
    await t.sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn,
        routingConfiguration: [route(`${arn}:1`, 50), route(`${arn}:2`, 50)],
      }),
    );
    expect(await describeAlias(stateMachineAliasArn!)).toMatchObject({
      description: 'new',
      routingConfiguration: [
        { stateMachineVersionArn: `${arn}:1`, weight: 50 },
        { stateMachineVersionArn: `${arn}:2`, weight: 50 },
      ],
    });
  });

  it('refuses an unknown alias, an empty update and versions of another machine', async () => {
    const arn = await versioned('alias-update-refusals', 1);
    const { stateMachineAliasArn } = await createAlias('live', [route(`${arn}:1`, 100)]);
    await expect(
      t.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:nope`, description: 'x' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: 'Request references a resource that does not exist.',
    });
    await expect(t.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const other = await versioned('alias-update-other', 1);
    await expect(
      t.sfn.send(
        new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [route(`${other}:1`, 100)] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect((await describeAlias(stateMachineAliasArn!)).routingConfiguration).toEqual([route(`${arn}:1`, 100)]);
  });
});

describe('DescribeStateMachineAlias and DeleteStateMachineAlias (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineAlias.html)', () => {
  it('deletes an alias, keeps its versions, and succeeds again when it is gone', async () => {
    const arn = await versioned('alias-delete', 1);
    const { stateMachineAliasArn } = await createAlias('live', [route(`${arn}:1`, 100)]);
    await t.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    await expect(describeAlias(stateMachineAliasArn!)).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: 'Request references a resource that does not exist.',
    });
    await expect(t.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }))).resolves.toBeDefined();
    await expect(createAlias('again', [route(`${arn}:1`, 100)])).resolves.toBeDefined();
  });

  it('refuses an ARN that is not an alias ARN, and aliases of another region', async () => {
    const arn = await versioned('alias-describe', 1);
    await expect(describeAlias(`${arn}:1`)).rejects.toMatchObject({
      name: 'InvalidArn',
      message: `Invalid Arn: '${arn}:1'`,
    });
    const { stateMachineAliasArn } = await createAlias('live', [route(`${arn}:1`, 100)]);
    const west = clientIn(t, 'eu-west-1');
    await expect(west.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    west.destroy();
  });
});

describe('ListStateMachineAliases (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineAliases.html)', () => {
  it('lists the aliases of a machine page by page, or those routing to one version', async () => {
    const arn = await versioned('alias-list', 2);
    await createAlias('a-one', [route(`${arn}:1`, 100)]);
    await createAlias('b-two', [route(`${arn}:2`, 100)]);
    await createAlias('c-both', [route(`${arn}:1`, 40), route(`${arn}:2`, 60)]);
    const first = await t.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn, maxResults: 2 }));
    const second = await t.sfn.send(
      new ListStateMachineAliasesCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.nextToken).toBeUndefined();
    const all = [...first.stateMachineAliases!, ...second.stateMachineAliases!];
    expect(all.map((a) => a.stateMachineAliasArn)).toEqual([`${arn}:a-one`, `${arn}:b-two`, `${arn}:c-both`]);
    expect(all.every((a) => a.creationDate instanceof Date)).toBe(true);
    const ofVersion = await t.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: `${arn}:2` }));
    expect(ofVersion.stateMachineAliases!.map((a) => a.stateMachineAliasArn)).toEqual([
      `${arn}:b-two`,
      `${arn}:c-both`,
    ]);
  });

  it('answers StateMachineDoesNotExist for an unknown machine and ResourceNotFound for an unknown version', async () => {
    const arn = await versioned('alias-list-refusals', 1);
    await expect(
      t.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: `${arn}-missing` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(t.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: `${arn}:5` }))).rejects.toMatchObject(
      {
        name: 'ResourceNotFound',
      },
    );
  });
});

/**
 * Tags through the official SDK client: TagResource, UntagResource, ListTagsForResource, and
 * the tags of CreateStateMachine and CreateActivity. State machines and activities carry tags
 * (API reference, "Tag"); a version ARN is answered ResourceNotFound, as AWS does (measured,
 * LocalStack's test_sfn_api_tagging snapshot).
 */
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestBaton } from '../support/baton.js';
import { clientIn, passDefinition, ROLE_ARN } from './fixtures.js';

const t = useTestBaton();

const machine = async (name: string, tags?: Tag[], publish = false) =>
  t.sfn.send(new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN, tags, publish }));
const tagsOf = async (resourceArn: string) => (await t.sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
const manyTags = (count: number): Tag[] => Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));

describe('TagResource, UntagResource, ListTagsForResource (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html)', () => {
  it('keeps the tags a state machine was created with, adds, overwrites and removes them', async () => {
    const { stateMachineArn } = await machine('tagged', [
      { key: 'team', value: 'core' },
      { key: 'env', value: 'dev' },
    ]);
    expect(await tagsOf(stateMachineArn!)).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'core' },
    ]);
    await t.sfn.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'cost', value: '' },
        ],
      }),
    );
    expect(await tagsOf(stateMachineArn!)).toEqual([
      { key: 'cost', value: '' },
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'core' },
    ]);
    await t.sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team', 'absent'] }));
    expect(await tagsOf(stateMachineArn!)).toEqual([
      { key: 'cost', value: '' },
      { key: 'env', value: 'prod' },
    ]);
  });

  it('tags activities, and forgets the tags of a deleted machine', async () => {
    const { activityArn } = await t.sfn.send(
      new CreateActivityCommand({ name: 'tagged', tags: [{ key: 'a', value: '1' }] }),
    );
    await t.sfn.send(new TagResourceCommand({ resourceArn: activityArn, tags: [{ key: 'b', value: '2' }] }));
    expect(await tagsOf(activityArn!)).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    const { stateMachineArn } = await machine('tagged-then-deleted', [{ key: 'old', value: 'x' }]);
    await t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await machine('tagged-then-deleted');
    expect(await tagsOf(stateMachineArn!)).toEqual([]);
  });

  it('answers ResourceNotFound for versions, aliases, unknown machines and other regions', async () => {
    const { stateMachineArn, stateMachineVersionArn } = await machine('untaggable', undefined, true);
    const { stateMachineAliasArn } = await t.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn, weight: 100 }],
      }),
    );
    for (const resourceArn of [stateMachineVersionArn!, stateMachineAliasArn!, `${stateMachineArn}-missing`]) {
      await expect(
        t.sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'k', value: 'v' }] })),
      ).rejects.toMatchObject({ name: 'ResourceNotFound', message: `Resource not found: '${resourceArn}'` });
      await expect(t.sfn.send(new ListTagsForResourceCommand({ resourceArn }))).rejects.toMatchObject({
        name: 'ResourceNotFound',
      });
      await expect(t.sfn.send(new UntagResourceCommand({ resourceArn, tagKeys: ['k'] }))).rejects.toMatchObject({
        name: 'ResourceNotFound',
      });
    }
    const west = clientIn(t, 'eu-west-1');
    await expect(west.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    west.destroy();
    await expect(t.sfn.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  it('allows 50 tags per resource: TooManyTags beyond, changing nothing', async () => {
    const { stateMachineArn } = await machine('crowded', manyTags(49));
    await t.sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'k0', value: 'again' }] }));
    await t.sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'fiftieth', value: 'x' }] }));
    await expect(
      t.sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'one-more', value: 'x' }] })),
    ).rejects.toMatchObject({ name: 'TooManyTags' });
    expect(await tagsOf(stateMachineArn!)).toHaveLength(50);
    // A create carrying too many tags creates nothing.
    await expect(machine('overcrowded', manyTags(51))).rejects.toMatchObject({ name: 'TooManyTags' });
    await expect(
      t.sfn.send(new CreateActivityCommand({ name: 'overcrowded', tags: manyTags(51) })),
    ).rejects.toMatchObject({ name: 'TooManyTags' });
    expect((await machine('overcrowded')).stateMachineArn).toMatch(/:stateMachine:overcrowded$/);
  });

  it('refuses keys over 128 and values over 256 characters', async () => {
    const { stateMachineArn } = await machine('long-tags');
    const key = 'k'.repeat(129);
    await expect(
      t.sfn.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key, value: 'v' }] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${key}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    await expect(
      t.sfn.send(
        new TagResourceCommand({
          resourceArn: stateMachineArn,
          tags: [
            { key: 'ok', value: 'v' },
            { key: 'long', value: 'v'.repeat(257) },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'tags.2.member.value'"),
    });
    expect(await tagsOf(stateMachineArn!)).toEqual([]);
  });
});

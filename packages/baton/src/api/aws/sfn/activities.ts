/**
 * Activities (API reference: CreateActivity, DescribeActivity, DeleteActivity, ListActivities):
 * named queues of work that workers poll with GetActivityTask. CreateActivity is idempotent by
 * name; tags of a repeated call are ignored, as AWS ignores them.
 */

import { arns } from '../../../runtime/arns.js';
import type { ActivityRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { SfnDeps } from './deps.js';
import { checkName, nextToken, pageRequest, requiredString } from './input.js';
import { controlPlaneErrors, expectArn, findActivity } from './resources.js';
import { addTags, readTags } from './tags.js';

function listItem(activity: ActivityRecord) {
  return { activityArn: activity.arn, name: activity.name, creationDate: epochSeconds(activity.createdAt) };
}

export function activityOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async CreateActivity(input, ctx) {
      const name = checkName(requiredString(input, 'name'));
      const record: ActivityRecord = { arn: arns.activity(ctx, name), name, createdAt: deps.clock.now() };
      const tags = readTags(input, record.arn);
      const created = await deps.store.activities.create(record);
      if (created.kind === 'alreadyExists') {
        return { activityArn: created.existing.arn, creationDate: epochSeconds(created.existing.createdAt) };
      }
      await addTags(deps, record.arn, tags);
      return { activityArn: record.arn, creationDate: epochSeconds(record.createdAt) };
    },

    async DescribeActivity(input, ctx) {
      const arn = requiredString(input, 'activityArn');
      expectArn(arn, 'activity');
      const activity = await findActivity(deps, ctx, arn);
      if (!activity) throw controlPlaneErrors.activityNotFound(arn);
      return listItem(activity);
    },

    async DeleteActivity(input, ctx) {
      const arn = requiredString(input, 'activityArn');
      expectArn(arn, 'activity');
      if (await findActivity(deps, ctx, arn)) await deps.store.activities.delete(arn);
      return {};
    },

    async ListActivities(input, ctx) {
      const prefix = arns.activityPrefix(ctx);
      const scope = `ListActivities|${prefix}`;
      const page = await deps.store.activities.list(prefix, pageRequest(input, scope));
      return {
        activities: page.items.map(listItem),
        ...nextToken(scope, page),
      };
    },
  };
}

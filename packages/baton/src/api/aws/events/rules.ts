/**
 * Rules (API reference: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule,
 * TestEventPattern). Patterns are checked by the matcher's parser (InvalidEventPatternException
 * with its reason), schedule expressions by the bus service.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { parseRuleArn } from '../../../messaging/bus/index.js';
import { testEventPattern } from '../../../patterns/index.js';
import type { EventRuleRecord, EventRuleState } from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import type { RequestContext } from '../request-context.js';
import type { EventsDeps } from './deps.js';
import {
  busOf,
  forceOf,
  nextToken,
  optionalEnum,
  optionalString,
  pageOf,
  RULE_NAME,
  readTags,
  requiredString,
} from './input.js';

const STATES: readonly EventRuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

function ruleOutput(rule: EventRuleRecord, ctx: RequestContext, describe: boolean): JsonObject {
  const busName = parseRuleArn(rule.arn)?.bus.name ?? 'default';
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    ...(rule.managedBy !== undefined ? { ManagedBy: rule.managedBy } : {}),
    EventBusName: busName,
    ...(describe ? { CreatedBy: ctx.account } : {}),
  };
}

export function ruleOperations({ bus }: EventsDeps): Record<string, Operation> {
  return {
    async PutRule(input, ctx) {
      const ref = busOf(ctx, input);
      const name = requiredString(input, 'Name', RULE_NAME);
      const eventPattern = optionalString(input, 'EventPattern', { max: 4096 });
      const scheduleExpression = optionalString(input, 'ScheduleExpression', { max: 256 });
      const state = optionalEnum(input, 'State', STATES);
      const description = optionalString(input, 'Description', { max: 512 });
      const roleArn = optionalString(input, 'RoleArn', { min: 1, max: 1600 });
      const arn = await bus.rules.put(
        ref,
        {
          name,
          ...(eventPattern !== undefined ? { eventPattern } : {}),
          ...(scheduleExpression !== undefined ? { scheduleExpression } : {}),
          ...(state !== undefined ? { state } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(roleArn !== undefined ? { roleArn } : {}),
        },
        readTags(input),
      );
      return { RuleArn: arn };
    },

    async DescribeRule(input, ctx) {
      const rule = await bus.rules.get(busOf(ctx, input), requiredString(input, 'Name', RULE_NAME));
      return ruleOutput(rule, ctx, true);
    },

    async ListRules(input, ctx) {
      const ref = busOf(ctx, input);
      const prefix = optionalString(input, 'NamePrefix', { min: 1, max: 64 }) ?? '';
      const scope = `ListRules:${ref.arn}:${prefix}`;
      const page = await bus.rules.list(ref, prefix, pageOf(input, scope));
      return { Rules: page.items.map((r) => ruleOutput(r, ctx, false)), ...nextToken(scope, page.next) };
    },

    async DeleteRule(input, ctx) {
      await bus.rules.delete(busOf(ctx, input), requiredString(input, 'Name', RULE_NAME), forceOf(input));
      return {};
    },

    async EnableRule(input, ctx) {
      await bus.rules.setState(busOf(ctx, input), requiredString(input, 'Name', RULE_NAME), 'ENABLED');
      return {};
    },

    async DisableRule(input, ctx) {
      await bus.rules.setState(busOf(ctx, input), requiredString(input, 'Name', RULE_NAME), 'DISABLED');
      return {};
    },

    async TestEventPattern(input) {
      const pattern = requiredString(input, 'EventPattern');
      const event = requiredString(input, 'Event');
      const result = testEventPattern(pattern, event);
      if (!result.ok) throw new AwsError(result.error.code, result.error.message);
      return { Result: result.value };
    },
  };
}

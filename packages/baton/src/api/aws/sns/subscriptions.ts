/**
 * SNS subscription operations (API reference: Subscribe, ConfirmSubscription, Unsubscribe,
 * ListSubscriptions, ListSubscriptionsByTopic, GetSubscriptionAttributes,
 * SetSubscriptionAttributes). A pending HTTP/S subscription is named `pending confirmation` by
 * Subscribe (unless ReturnSubscriptionArn) and `PendingConfirmation` in lists, as on AWS.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { parseTopicArn, topicErrors } from '../../../messaging/topics/index.js';
import type { SubscriptionRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import type { SnsDeps } from './deps.js';
import { nextToken, optionalString, pageToken, requiredString, stringMap, topicRef } from './input.js';

function listed(s: SubscriptionRecord): JsonObject {
  return {
    SubscriptionArn: s.pendingConfirmation ? 'PendingConfirmation' : s.arn,
    Owner: s.owner,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topicArn,
  };
}

export function subscriptionOperations({ topics }: SnsDeps): Record<string, Operation> {
  return {
    async Subscribe(input, ctx) {
      const ref = topicRef(input, ctx);
      const protocol = requiredString(input, 'Protocol');
      const subscription = await topics.subscribe(
        ref,
        protocol,
        optionalString(input, 'Endpoint'),
        stringMap(input, 'Attributes'),
      );
      const pending = subscription.pendingConfirmation && input.ReturnSubscriptionArn !== true;
      return { SubscriptionArn: pending ? 'pending confirmation' : subscription.arn };
    },

    async ConfirmSubscription(input, ctx) {
      const arn = requiredString(input, 'TopicArn');
      const token = requiredString(input, 'Token');
      // Followed from a SubscribeURL without a signature: the token names the subscription, and a
      // topic ARN that is not its topic's (another region, another account) is refused.
      const ref = parseTopicArn(arn);
      if (!ref || ref.account !== ctx.account) throw topicErrors.topicMismatch();
      const authenticated = optionalString(input, 'AuthenticateOnUnsubscribe')?.toLowerCase() === 'true';
      const subscription = await topics.confirm(ref, token, authenticated);
      return { SubscriptionArn: subscription.arn };
    },

    async Unsubscribe(input) {
      const arn = input.SubscriptionArn;
      if (typeof arn !== 'string') throw topicErrors.invalid('SubscriptionArn Reason: no value for required parameter');
      await topics.unsubscribe(arn);
      return {};
    },

    async ListSubscriptions(input, ctx) {
      const scope = `ListSubscriptions:${ctx.region}`;
      const page = await topics.listSubscriptions(ctx, pageToken(input, scope));
      return { Subscriptions: page.items.map(listed), ...nextToken(scope, page.next) };
    },

    async ListSubscriptionsByTopic(input, ctx) {
      const ref = topicRef(input, ctx);
      const scope = `ListSubscriptionsByTopic:${ref.arn}`;
      const page = await topics.listSubscriptionsByTopic(ref, pageToken(input, scope));
      return { Subscriptions: page.items.map(listed), ...nextToken(scope, page.next) };
    },

    async GetSubscriptionAttributes(input) {
      return { Attributes: await topics.subscriptionAttributes(requiredString(input, 'SubscriptionArn')) };
    },

    async SetSubscriptionAttributes(input) {
      const arn = requiredString(input, 'SubscriptionArn');
      const name = requiredString(input, 'AttributeName');
      await topics.setSubscriptionAttribute(arn, name, optionalString(input, 'AttributeValue') ?? '');
      return {};
    },
  };
}

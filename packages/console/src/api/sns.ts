/**
 * A small client for the SNS API on the Query protocol, the only one SNS speaks: form-encoded
 * `Action=…&Version=2010-03-31` requests to `/`, XML answers (`<Topics><member>…`,
 * `<Attributes><entry><key/><value/>`), errors as `<ErrorResponse><Error><Code/><Message/>`.
 * The console reads topics and subscriptions with it; the browser's DOMParser reads the XML.
 */
import { ApiError, allPages, type Fetch, page, send } from './http.js';

export interface Topic {
  readonly arn: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Subscription {
  readonly SubscriptionArn: string;
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly TopicArn: string;
  readonly Owner?: string;
}

export interface SubscriptionWithAttributes extends Subscription {
  readonly attributes: Readonly<Record<string, string>>;
}

/** Calls one action and returns its `<ActionResult>` element, or throws ApiError with SNS's code. */
async function call(action: string, params: Record<string, string>, fetcher: Fetch = fetch): Promise<Element> {
  const response = await send(
    '/',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString(),
    },
    fetcher,
  );
  const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
  if (!response.ok) {
    const code = xml.querySelector('Error > Code')?.textContent ?? `HTTP ${response.status}`;
    const message = xml.querySelector('Error > Message')?.textContent ?? `HTTP ${response.status}`;
    throw new ApiError(code, message, response.status);
  }
  const result = xml.querySelector(`${action}Result`);
  if (!result) throw new ApiError('InvalidResponse', `The answer to ${action} has no ${action}Result`, 0);
  return result;
}

/** The text of a direct child element, or undefined. */
function childText(parent: Element, name: string): string | undefined {
  for (const child of Array.from(parent.children)) if (child.localName === name) return child.textContent ?? '';
  return undefined;
}

/** `<Name><member>…</member>…</Name>` under `result`: the members. */
function members(result: Element, name: string): Element[] {
  const list = Array.from(result.children).find((c) => c.localName === name);
  return list ? Array.from(list.children).filter((c) => c.localName === 'member') : [];
}

/** `<Attributes><entry><key/><value/></entry>…</Attributes>` as a record. */
function attributes(result: Element): Record<string, string> {
  const out: Record<string, string> = {};
  const list = Array.from(result.children).find((c) => c.localName === 'Attributes');
  for (const entry of Array.from(list?.children ?? [])) {
    const key = childText(entry, 'key');
    if (key !== undefined) out[key] = childText(entry, 'value') ?? '';
  }
  return out;
}

export const topicName = (arn: string) => arn.split(':').at(-1) ?? arn;

export const sns = {
  topicArns: () =>
    allPages(async (nextToken) => {
      const result = await call('ListTopics', nextToken ? { NextToken: nextToken } : {});
      return page(
        members(result, 'Topics').map((m) => childText(m, 'TopicArn') ?? ''),
        childText(result, 'NextToken'),
      );
    }),

  async topic(arn: string): Promise<Topic> {
    const result = await call('GetTopicAttributes', { TopicArn: arn });
    return { arn, name: topicName(arn), attributes: attributes(result) };
  },

  async topics(): Promise<Topic[]> {
    const arns = await sns.topicArns();
    return Promise.all(arns.map((arn) => sns.topic(arn)));
  },

  subscriptions: (topicArn: string) =>
    allPages(async (nextToken) => {
      const result = await call('ListSubscriptionsByTopic', {
        TopicArn: topicArn,
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      const subscriptions = members(result, 'Subscriptions').map(
        (m): Subscription => ({
          SubscriptionArn: childText(m, 'SubscriptionArn') ?? '',
          Protocol: childText(m, 'Protocol') ?? '',
          Endpoint: childText(m, 'Endpoint') ?? '',
          TopicArn: childText(m, 'TopicArn') ?? topicArn,
          ...(childText(m, 'Owner') ? { Owner: childText(m, 'Owner') } : {}),
        }),
      );
      return page(subscriptions, childText(result, 'NextToken'));
    }),

  /** A topic's subscriptions with their attributes (FilterPolicy, RawMessageDelivery, …). */
  async subscriptionsWithAttributes(topicArn: string): Promise<SubscriptionWithAttributes[]> {
    const subscriptions = await sns.subscriptions(topicArn);
    return Promise.all(
      subscriptions.map(async (s) => {
        // A subscription waiting for confirmation has no ARN yet ("PendingConfirmation").
        if (!s.SubscriptionArn.startsWith('arn:')) return { ...s, attributes: {} };
        const result = await call('GetSubscriptionAttributes', { SubscriptionArn: s.SubscriptionArn });
        return { ...s, attributes: attributes(result) };
      }),
    );
  },
};

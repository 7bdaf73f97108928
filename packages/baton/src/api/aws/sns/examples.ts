/**
 * The examples' topics (`examples/<name>/topics.json`), created through the same SQS and SNS
 * operations clients use, so `npm start` shows whole fan-outs:
 *
 * ```json
 * { "Queues": [{ "QueueName": "feed", "Attributes": { … } }],
 *   "Topics": [{ "Name": "posts", "Attributes": { … },
 *                "Subscriptions": [{ "Protocol": "sqs", "Endpoint": "arn:aws:sqs:{region}:{account}:feed",
 *                                    "Attributes": { "FilterPolicy": { … } } }] }] }
 * ```
 *
 * `{region}` and `{account}` stand for the server's; attribute values that are JSON documents
 * (FilterPolicy, RedrivePolicy) may be written as objects. Creating them again changes nothing;
 * one a user has since changed is left alone (the error is reported, the rest goes on).
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import { exampleContext, exampleFiles } from '../example-files.js';
import type { JsonService, Operation } from '../json-protocol.js';
import type { QueryService } from '../query-protocol.js';

interface TopicsFile {
  readonly Queues?: readonly { QueueName: string; Attributes?: JsonObject }[];
  readonly Topics?: readonly {
    Name: string;
    Attributes?: JsonObject;
    Subscriptions?: readonly { Protocol: string; Endpoint: string; Attributes?: JsonObject }[];
  }[];
}

/** Attribute values as the APIs take them: strings, documents written as JSON text. */
function attributes(given: JsonObject | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(given ?? {}).map(([k, v]: [string, Json]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

export async function deployExampleTopics(
  dir: string,
  apis: { readonly sns: QueryService; readonly sqs: JsonService },
  region: string,
  account: string,
  onError: (error: unknown, context: string) => void,
): Promise<void> {
  const ctx = exampleContext(region, account);
  const call = async (operations: Readonly<Record<string, Operation>>, name: string, input: JsonObject) => {
    try {
      return await operations[name]!(input, ctx);
    } catch (e) {
      onError(e, `example ${name} ${JSON.stringify(input).slice(0, 200)}`);
      return undefined;
    }
  };
  for (const spec of exampleFiles<TopicsFile>(dir, 'topics.json', region, account)) {
    for (const q of spec.Queues ?? []) {
      await call(apis.sqs.operations, 'CreateQueue', { QueueName: q.QueueName, Attributes: attributes(q.Attributes) });
    }
    for (const t of spec.Topics ?? []) {
      const created = await call(apis.sns.operations, 'CreateTopic', {
        Name: t.Name,
        Attributes: attributes(t.Attributes),
      });
      if (!created) continue;
      for (const s of t.Subscriptions ?? []) {
        await call(apis.sns.operations, 'Subscribe', {
          TopicArn: created.TopicArn!,
          Protocol: s.Protocol,
          Endpoint: s.Endpoint,
          Attributes: attributes(s.Attributes),
        });
      }
    }
  }
}

/**
 * A Baton server for the EventBridge tests, with the official EventBridge client pointed at it,
 * in-process functions that record what they receive, and helpers to read an SDK error and a
 * target queue's messages.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BatonConfig } from '../../src/config.js';
import type { Json } from '../../src/kernel/index.js';
import type { BatonOverrides } from '../../src/main.js';
import { credentials, eventually, recordingFunctions, startTestBaton, type TestBaton } from '../support/baton.js';

export { failure } from '../support/baton.js';

export interface EventsBaton extends TestBaton {
  readonly events: EventBridgeClient;
  /** What each recording function received, by function name. */
  readonly received: Map<string, Json[]>;
  readonly arn: {
    readonly bus: (name: string) => string;
    readonly fn: (name: string) => string;
    readonly machine: (name: string) => string;
    readonly queue: (name: string) => string;
  };
}

/** Functions named here record every payload they receive (and answer it back). */
export async function startEventsBaton(
  recorders: readonly string[] = [],
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<EventsBaton> {
  const { received, functions } = recordingFunctions(recorders, (payload) => payload);
  const t = await startTestBaton(config, {
    ...overrides,
    functions: { ...functions, ...overrides.functions },
    busDelivery: { pollMs: 50, backoff: { baseMs: 20, capMs: 100 }, ...overrides.busDelivery },
  });
  const events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  const prefix = (service: string) => `arn:aws:${service}:${t.region}:${t.account}:`;
  return {
    ...t,
    events,
    received,
    arn: {
      bus: (name) => `${prefix('events')}event-bus/${name}`,
      fn: (name) => `${prefix('lambda')}function:${name}`,
      machine: (name) => `${prefix('states')}stateMachine:${name}`,
      queue: (name) => `${prefix('sqs')}${name}`,
    },
    async close() {
      events.destroy();
      await t.close();
    },
  };
}

/** Receives from a queue until `count` messages have come (10 s at most), with their attributes. */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, count: number) {
  const out: { Body?: string; MessageAttributes?: Record<string, { StringValue?: string }> }[] = [];
  await eventually(async () => {
    const r = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    out.push(...(r.Messages ?? []));
    return out.length >= count ? true : undefined;
  }, 10_000);
  return out;
}

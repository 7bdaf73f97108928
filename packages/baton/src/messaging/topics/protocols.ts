/**
 * Subscription protocols and their endpoints (API reference, Subscribe). Baton delivers to:
 *
 * - `sqs` (a queue ARN), `http`/`https` (a URL; confirmed by the endpoint, see service.ts),
 *   `lambda` (a function ARN: Baton's in-process or HTTP-served functions), as AWS does;
 * - two Baton extensions AWS has no protocol for: `states` (a state machine ARN: each message
 *   starts an execution) and `events` (an event bus ARN: each message is put on the bus).
 *
 * AWS's other protocols (email, email-json, sms, application, firehose) are refused with a reason.
 * FIFO topics deliver to SQS queues only, as on AWS.
 */
import { topicErrors } from './errors.js';

export type Protocol = 'sqs' | 'http' | 'https' | 'lambda' | 'states' | 'events';

const AWS_ONLY: ReadonlySet<string> = new Set(['email', 'email-json', 'sms', 'application', 'firehose']);
const DELIVERED: ReadonlySet<string> = new Set(['sqs', 'http', 'https', 'lambda', 'states', 'events']);

/** Protocols whose endpoints confirm a subscription themselves (the others are confirmed at once). */
export const CONFIRMED_BY_ENDPOINT: ReadonlySet<Protocol> = new Set(['http', 'https']);

/** Protocols that take RawMessageDelivery (AWS: SQS, HTTP/S and Firehose; Baton: states and events too). */
export const RAW_DELIVERY: ReadonlySet<Protocol> = new Set(['sqs', 'http', 'https', 'states', 'events']);

const QUEUE_ARN = /^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,80}$/;
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const MACHINE_ARN = /^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?$/;
const BUS_ARN = /^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[/.\-_A-Za-z0-9]+$/;

const ENDPOINTS: Readonly<Record<'sqs' | 'lambda' | 'states' | 'events', readonly [RegExp, string]>> = {
  sqs: [QUEUE_ARN, 'SQS'],
  lambda: [FUNCTION_ARN, 'Lambda'],
  states: [MACHINE_ARN, 'Step Functions state machine'],
  events: [BUS_ARN, 'EventBridge event bus'],
};

/** Checks a Subscribe's protocol and endpoint for a topic of this kind; returns the protocol. */
export function checkEndpoint(protocol: string, endpoint: string, fifoTopic: boolean): Protocol {
  if (AWS_ONLY.has(protocol)) throw topicErrors.unsupportedProtocol(protocol);
  if (!DELIVERED.has(protocol)) throw topicErrors.protocol(protocol);
  const p = protocol as Protocol;
  if (fifoTopic && p !== 'sqs') throw topicErrors.fifoProtocol(p);
  if (p === 'http' || p === 'https') {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!endpoint.startsWith(`${p}://`) || !url) throw topicErrors.endpointProtocol();
    return p;
  }
  const [pattern, kind] = ENDPOINTS[p];
  if (!pattern.test(endpoint)) throw topicErrors.endpointArn(kind);
  if (p === 'sqs' && endpoint.endsWith('.fifo') && !fifoTopic) throw topicErrors.fifoQueueOnStandardTopic();
  return p;
}

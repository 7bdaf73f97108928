/**
 * Queue names, ARNs and URLs (SQS developer guide, "Queue and message identifiers"): a queue is
 * `arn:aws:sqs:<region>:<account>:<name>` and is addressed by the URL
 * `<endpoint>/<account>/<name>`, served by Baton's own endpoint. A URL names account and queue;
 * the region is the request's (as AWS's regional endpoints imply it).
 */
import { queueErrors } from './errors.js';

export interface QueueLocation {
  readonly region: string;
  readonly account: string;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** Checks a name for CreateQueue: standard names have no '.', FIFO names end with `.fifo`. */
export function checkQueueName(name: string, fifo: boolean): void {
  if (!(fifo ? FIFO_NAME : NAME).test(name)) throw queueErrors.invalidQueueName(fifo);
}

export function queueArn(at: QueueLocation, name: string): string {
  return `arn:aws:sqs:${at.region}:${at.account}:${name}`;
}

export function arnPrefix(at: QueueLocation, namePrefix = ''): string {
  return `arn:aws:sqs:${at.region}:${at.account}:${namePrefix}`;
}

export function queueUrl(endpoint: string, arn: string): string {
  const [, , , , account, name] = arn.split(':');
  return `${endpoint}/${account}/${name}`;
}

/** `arn:aws:sqs:region:account:name` parts, or undefined when `arn` is not a queue ARN. */
export function parseQueueArn(arn: string): (QueueLocation & { name: string }) | undefined {
  const m = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,80})$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/**
 * The ARN a queue URL names, in the caller's region. Any host is accepted (clients reach Baton
 * under several names); the path must be `/<account>/<name>` of the caller's account.
 */
export function arnOfUrl(url: string, at: QueueLocation): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    // Some tools send only the path.
    path = url;
  }
  const m = /^\/(\d{12})\/([A-Za-z0-9_.-]{1,80})\/?$/.exec(path);
  if (!m || m[1] !== at.account) throw queueErrors.queueDoesNotExist();
  return queueArn(at, m[2]!);
}

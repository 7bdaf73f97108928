/**
 * Topic names and ARNs (API reference, CreateTopic: up to 256 letters, digits, hyphens and
 * underscores; FIFO topic names end with `.fifo`). A topic is `arn:aws:sns:<region>:<account>:<name>`
 * and a subscription `<topic ARN>:<uuid>`. Requests name topics of their own region and account:
 * another region is InvalidParameter, as AWS answers it.
 */
import { topicErrors } from './errors.js';

export interface TopicLocation {
  readonly region: string;
  readonly account: string;
}

export interface TopicRef extends TopicLocation {
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
}

const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const TOPIC_ARN = /^arn:aws[\w-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$/;
const SUBSCRIPTION_ARN = /^(arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}):([0-9a-f-]{36})$/;

/** Checks a CreateTopic name: standard names have no '.', FIFO ones end with `.fifo`. */
export function checkTopicName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!FIFO_NAME.test(name)) throw topicErrors.fifoName();
  } else if (!NAME.test(name)) {
    throw topicErrors.topicName();
  }
}

export function topicArn(at: TopicLocation, name: string): string {
  return `arn:aws:sns:${at.region}:${at.account}:${name}`;
}

export function topicArnPrefix(at: TopicLocation): string {
  return `arn:aws:sns:${at.region}:${at.account}:`;
}

/** The topic an ARN names, or undefined when the text is not a topic ARN. */
export function parseTopicArn(arn: string): TopicRef | undefined {
  const m = TOPIC_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, name: m[3]!, arn, fifo: m[3]!.endsWith('.fifo') };
}

/**
 * The topic a request member names, checked as AWS checks it: fewer than six ARN elements,
 * another service or another region is InvalidParameter.
 */
export function topicOf(arn: string, at: TopicLocation, member = 'TopicArn'): TopicRef {
  if (arn.split(':').length < 6) throw topicErrors.badArn(member, arn);
  const ref = parseTopicArn(arn);
  if (!ref || ref.region !== at.region) throw topicErrors.wrongRegion(member);
  return ref;
}

/** The parts of a subscription ARN, or undefined when the text is not one. */
export function parseSubscriptionArn(arn: string): { topicArn: string; id: string } | undefined {
  const m = SUBSCRIPTION_ARN.exec(arn);
  return m ? { topicArn: m[1]!, id: m[2]! } : undefined;
}

/** Checks a SubscriptionArn member: ARN-shaped (six or more elements) with a subscription id. */
export function checkSubscriptionArn(arn: string): void {
  const elements = arn.split(':').length;
  if (elements < 6) throw topicErrors.badArn('SubscriptionArn', arn);
  if (elements === 6 || !parseSubscriptionArn(arn)) throw topicErrors.subscriptionId();
}

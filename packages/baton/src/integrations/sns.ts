/**
 * Topics and the rest of Baton, both ways:
 *
 * - `SnsIntegration`: the `arn:aws:states:::sns:publish` task (developer guide, "Publish messages
 *   to an Amazon SNS topic"): TopicArn (or TargetArn), Message (text, or JSON sent as its text),
 *   Subject, MessageAttributes, MessageStructure, MessageGroupId, MessageDeduplicationId; the result
 *   is `{ MessageId[, SequenceNumber] }`; `.waitForTaskToken` publishes, then waits for the token.
 *   The publish is idempotent by task token, so a task re-run after a crash does not publish its
 *   message twice: exactly once, together with the transition that records its result.
 * - `SnsTargets`: the topic service's TopicTargets port. Functions and state machines are reached
 *   through the event bus's dispatcher (EventTargets: the same invocation and StartExecution rules,
 *   an execution named after the delivery so a retried delivery finds the one it started); event
 *   buses through the EventBridge API's PutEvents (a Baton extension: AWS has no such protocol).
 */
import type { Json, JsonObject } from '../kernel/index.js';
import {
  BusError,
  DEFAULT_RETRY_POLICY,
  type DispatchOutcome,
  type EventBusService,
  type TargetDispatcher,
  type TargetKind,
} from '../messaging/bus/index.js';
import {
  type Attempt,
  FUNCTION_RETRY_POLICY,
  TopicError,
  type TopicService,
  type TopicTargets,
  topicOf,
} from '../messaging/topics/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

const PUBLISH = /^arn:[^:]+:states:::sns:publish(\.waitForTaskToken)?$/;

export class SnsIntegration implements TaskResource {
  constructor(private readonly topics: () => TopicService) {}

  handles(resource: string): boolean {
    return PUBLISH.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const p = (task.input ?? {}) as JsonObject;
    const [, , , region, account] = task.executionArn.split(':');
    const target = p.TopicArn ?? p.TargetArn;
    try {
      if (p.PhoneNumber !== undefined) throw new TopicError('InvalidParameter', 'Invalid parameter: PhoneNumber');
      if (typeof target !== 'string') {
        throw new TopicError(
          'InvalidParameter',
          'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
        );
      }
      const message: Json | undefined = p.Message;
      const [result] = await this.topics().publish(topicOf(target, { region: region!, account: account! }), [
        {
          message: typeof message === 'string' || message === undefined ? message : JSON.stringify(message),
          subject: p.Subject,
          messageStructure: p.MessageStructure,
          messageAttributes: p.MessageAttributes,
          groupId: p.MessageGroupId,
          deduplicationId: p.MessageDeduplicationId,
          idempotencyKey: task.token,
        },
      ]);
      if (task.integrationPattern === 'waitForTaskToken') return { kind: 'callback' };
      const output: JsonObject = { MessageId: result!.messageId };
      if (result!.sequenceNumber !== undefined) output.SequenceNumber = result!.sequenceNumber;
      return { kind: 'succeeded', output };
    } catch (e) {
      if (!(e instanceof TopicError)) throw e;
      // Service errors reach the workflow as `SNS.<Shape>`, as AWS names them (SNS.NotFoundException).
      return { kind: 'failed', error: `SNS.${e.shape}`, cause: e.message };
    }
  }
}

export interface SnsTargetsOptions {
  /** The event bus's target dispatcher (functions and state machines). */
  readonly dispatcher: TargetDispatcher;
  /** The event bus a subscription of protocol `events` puts on. */
  readonly bus: EventBusService;
}

/** A topic's row is its own: a dispatch never completes it, so anything but a failure is a delivery. */
const attempt = (outcome: DispatchOutcome): Attempt =>
  outcome.kind === 'failed'
    ? { kind: 'failed', fatal: outcome.fatal, code: outcome.code, message: outcome.message }
    : { kind: 'delivered' };

export class SnsTargets implements TopicTargets {
  constructor(private readonly options: SnsTargetsOptions) {}

  async invoke(functionArn: string, payload: Json, signal: AbortSignal): Promise<Attempt> {
    const outcome = attempt(await this.dispatch('function', functionArn, JSON.stringify(payload), '', signal));
    // A function that fails is retried as Lambda retries asynchronous invocations.
    return outcome.kind === 'failed' && !outcome.fatal ? { ...outcome, policy: FUNCTION_RETRY_POLICY } : outcome;
  }

  async startExecution(stateMachineArn: string, name: string, input: string, signal: AbortSignal): Promise<Attempt> {
    return attempt(await this.dispatch('stateMachine', stateMachineArn, input, name, signal));
  }

  async putEvent(busArn: string, detail: string, topicArn: string): Promise<Attempt> {
    const [, , , region, account] = busArn.split(':');
    const entry = { source: 'baton.sns', detailType: 'SNS Notification', detail, resources: [topicArn] };
    try {
      // The deliverer hands over the text of one JSON object (the envelope, or a raw message as
      // detail), so the bus need not parse it again to check.
      const [result] = await this.options.bus.putEvents(
        { region: region!, account: account! },
        [{ ...entry, eventBusName: busArn }],
        { internal: true },
      );
      if (!result?.error) return { kind: 'delivered' };
      const { code, message } = result.error;
      return { kind: 'failed', fatal: code === 'ResourceNotFoundException', code, message };
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      return { kind: 'failed', fatal: true, code: e.code, message: e.message };
    }
  }

  private dispatch(kind: TargetKind, arn: string, input: string, deliveryId: string, signal: AbortSignal) {
    return this.options.dispatcher.deliver({
      kind,
      target: { id: arn, arn, retryPolicy: DEFAULT_RETRY_POLICY },
      input,
      deliveryId,
      ruleArn: arn,
      signal,
    });
  }
}

/**
 * Task-token and activity-worker operations (API reference): GetActivityTask (a long poll of up
 * to 60 seconds), SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { parseArn } from '../../../runtime/arns.js';
import { AwsError, validationError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import type { SfnDeps } from './deps.js';
import { invalidArn, jsonPayload, optionalString, requiredString } from './input.js';

const POLL_MS = 60_000;

function checkToken(token: string): string {
  if (token.length === 0 || token.length > 2048) throw new AwsError('InvalidToken', `Invalid Token: '${token}'`);
  return token;
}

/** The answer for a token that is unknown or whose task already ended. */
function refused(answer: 'closed' | 'unknown', token: string): AwsError {
  return answer === 'unknown'
    ? new AwsError('TaskDoesNotExist', `Task Does Not Exist: '${token}'`)
    : new AwsError('TaskTimedOut', `Task Timed Out: '${token}'`);
}

export function taskOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async GetActivityTask(input, ctx): Promise<JsonObject> {
      const arn = requiredString(input, 'activityArn');
      if (parseArn(arn)?.kind !== 'activity') throw invalidArn(arn);
      if (!(await deps.store.activities.get(arn)))
        throw new AwsError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
      const workerName = optionalString(input, 'workerName');
      if (workerName !== undefined && workerName.length > 80)
        throw validationError('workerName must be at most 80 characters');
      const deadline = deps.clock.now() + POLL_MS;
      while (!ctx.aborted() && !deps.engine.activityWaiters.shuttingDown) {
        const task = await deps.engine.claimActivityTask(arn, workerName);
        if (task) return { taskToken: task.token, input: JSON.stringify(task.input) };
        const remaining = deadline - deps.clock.now();
        if (remaining <= 0) break;
        await deps.engine.activityWaiters.wait(arn, Math.min(remaining, 5_000), ctx.signal);
      }
      return {};
    },

    async SendTaskSuccess(input) {
      const token = checkToken(requiredString(input, 'taskToken'));
      const output = jsonPayload(requiredString(input, 'output'), 'InvalidOutput', 'Output');
      const answer = await deps.engine.answerTask(token, { kind: 'succeeded', output });
      if (answer !== 'applied') throw refused(answer, token);
      return {};
    },

    async SendTaskFailure(input) {
      const token = checkToken(requiredString(input, 'taskToken'));
      const error = optionalString(input, 'error');
      const cause = optionalString(input, 'cause');
      if (error !== undefined && error.length > 256) throw validationError('error must be at most 256 characters');
      if (cause !== undefined && cause.length > 32768) throw validationError('cause must be at most 32768 characters');
      const answer = await deps.engine.answerTask(token, {
        kind: 'failed',
        error: error ?? '',
        ...(cause !== undefined ? { cause } : {}),
      });
      if (answer !== 'applied') throw refused(answer, token);
      return {};
    },

    async SendTaskHeartbeat(input) {
      const token = checkToken(requiredString(input, 'taskToken'));
      const answer = await deps.engine.heartbeat(token);
      if (answer !== 'applied') throw refused(answer, token);
      return {};
    },
  };
}

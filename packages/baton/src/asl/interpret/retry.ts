/**
 * Which Retry or Catch rule handles an error (ASL spec "Error names", "Retrying after an error";
 * developer guide "Handling errors"). States.ALL matches every error but States.Runtime and
 * States.DataLimitExceeded; States.TaskFailed matches every error but States.Timeout;
 * States.Timeout also matches a heartbeat timeout. States.Runtime is never retried nor caught.
 */
import { nextFloat, type RandomState } from '../../kernel/index.js';
import type { Retrier } from '../compile/machine.js';
import { StatesErrorName as E } from '../errors.js';

export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (error === E.Runtime) return false;
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === E.ALL && error !== E.DataLimitExceeded) return true;
    if (name === E.TaskFailed && error !== E.Timeout && error !== E.DataLimitExceeded && error !== E.HeartbeatTimeout) {
      return true;
    }
    if (name === E.Timeout && error === E.HeartbeatTimeout) return true;
  }
  return false;
}

export function findRule<T extends { readonly errorEquals: readonly string[] }>(
  rules: readonly T[],
  error: string,
): number {
  return rules.findIndex((r) => errorMatches(r.errorEquals, error));
}

/**
 * The wait before retry number `attempt` (0-based): IntervalSeconds × BackoffRate^attempt,
 * capped by MaxDelaySeconds, then drawn uniformly from [0, delay] with FULL jitter.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: RandomState): number {
  let seconds = retrier.intervalSeconds * retrier.backoffRate ** attempt;
  if (retrier.maxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.maxDelaySeconds);
  if (retrier.jitter === 'FULL') seconds *= nextFloat(random);
  return Math.round(seconds * 1000);
}

/**
 * Unit tests of what needs no server: thrown values → SendTaskFailure fields (API reference,
 * SendTaskFailure: error ≤ 256, cause ≤ 32,768 characters) and activity keys → ARNs (API
 * reference, CreateActivity: the ARN of an activity name).
 */
import { describe, expect, it } from 'vitest';
import { truncate } from '../src/failure.js';
import { activityArnOf, CAUSE_MAX_LENGTH, ERROR_MAX_LENGTH, failureOf } from '../src/index.js';

describe('failureOf', () => {
  it("reports an error's name as the error and its message as the cause", () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    expect(failureOf(new PaymentDeclined('card expired'))).toEqual({ error: 'PaymentDeclined', cause: 'card expired' });
    expect(failureOf(new TypeError('x is not a function'))).toEqual({
      error: 'TypeError',
      cause: 'x is not a function',
    });
    expect(failureOf(new Error(''))).toEqual({ error: 'Error' });
  });

  it("reports a plain Error's string code instead of the generic name (Node's system errors)", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(failureOf(refused)).toEqual({ error: 'ECONNREFUSED', cause: 'connect ECONNREFUSED 127.0.0.1:5432' });
    const named = Object.assign(new RangeError('too big'), { code: 'ERR_OUT_OF_RANGE' });
    expect(failureOf(named).error).toBe('RangeError');
  });

  it('takes an explicit { error, cause } as it is, and turns other thrown values into Error', () => {
    expect(failureOf({ error: 'Rejected', cause: 'over the limit' })).toEqual({
      error: 'Rejected',
      cause: 'over the limit',
    });
    expect(failureOf('plain text')).toEqual({ error: 'Error', cause: 'plain text' });
    expect(failureOf(42)).toEqual({ error: 'Error', cause: '42' });
    expect(failureOf(undefined)).toEqual({ error: 'Error' });
    expect(failureOf(null)).toEqual({ error: 'Error', cause: 'null' });
  });

  it("cuts the error and the cause to SendTaskFailure's limits", () => {
    const out = failureOf(Object.assign(new Error('c'.repeat(CAUSE_MAX_LENGTH + 5)), { name: 'E'.repeat(300) }));
    expect(out.error).toHaveLength(ERROR_MAX_LENGTH);
    expect(out.cause).toHaveLength(CAUSE_MAX_LENGTH);
  });

  it('never splits a surrogate pair when cutting', () => {
    expect(truncate(`ab${'😀'}`, 3)).toBe('ab');
    expect(truncate(`ab${'😀'}`, 4)).toBe('ab😀');
  });
});

describe('activityArnOf', () => {
  it('keeps activity ARNs and builds the ARN of a name in the region and account', () => {
    const arn = 'arn:aws:states:eu-west-1:210987654321:activity:resize';
    expect(activityArnOf(arn, 'us-east-1', '123456789012')).toBe(arn);
    expect(activityArnOf('resize', 'us-east-1', '123456789012')).toBe(
      'arn:aws:states:us-east-1:123456789012:activity:resize',
    );
  });

  it('refuses ARNs of other resources and names AWS would refuse', () => {
    expect(() => activityArnOf('arn:aws:states:us-east-1:123456789012:stateMachine:m', 'us-east-1', '1')).toThrow(
      /not an activity ARN/,
    );
    for (const bad of ['', 'a b', 'a*', 'x'.repeat(81)]) {
      expect(() => activityArnOf(bad, 'us-east-1', '123456789012')).toThrow(/not a valid activity name/);
    }
  });
});

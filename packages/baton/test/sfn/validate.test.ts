/**
 * ValidateStateMachineDefinition through the official SDK client (API reference,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html):
 * result, diagnostics without a location for problems of the whole workflow, maxResults,
 * truncated, severity and the machine type.
 */
import { ValidateStateMachineDefinitionCommand, type ValidateStateMachineDefinitionInput } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestBaton } from '../support/baton.js';
import { passDefinition } from './fixtures.js';

const t = useTestBaton();

const validate = (input: ValidateStateMachineDefinitionInput) =>
  t.sfn.send(new ValidateStateMachineDefinitionCommand(input));

/** Five problems: two unsupported fields on A, one on C, a dangling Next and an unreachable C. */
const FIVE_PROBLEMS = JSON.stringify({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'X', Foo: 1, Bar: 2 }, C: { Type: 'Pass', End: true, Baz: 1 } },
});

describe('ValidateStateMachineDefinition (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html)', () => {
  it('answers OK with no diagnostics for a valid definition', async () => {
    expect(await validate({ definition: passDefinition() })).toMatchObject({
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
  });

  it('answers FAIL with each problem, its code, message and location', async () => {
    const out = await validate({ definition: FIVE_PROBLEMS });
    expect(out.result).toBe('FAIL');
    expect(out.truncated).toBe(false);
    expect(out.diagnostics).toHaveLength(5);
    expect(out.diagnostics).toContainEqual({
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: "Missing 'Next' target: X",
      location: '/States/A/Next',
    });
    expect(out.diagnostics).toContainEqual({
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "Field 'Baz' is not supported",
      location: '/States/C',
    });
  });

  it('sends no location for a problem of the whole workflow', async () => {
    const loop = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
    });
    const out = await validate({ definition: loop });
    expect(out.diagnostics).toEqual([
      { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
    const text = await validate({ definition: '{"StartAt":' });
    expect(text.result).toBe('FAIL');
    expect(text.diagnostics![0]).toMatchObject({ code: 'INVALID_JSON_DESCRIPTION' });
    expect(text.diagnostics![0]!.location).toBeUndefined();
  });

  it('lists at most maxResults diagnostics and says when it cut the list', async () => {
    const two = await validate({ definition: FIVE_PROBLEMS, maxResults: 2 });
    expect(two).toMatchObject({ result: 'FAIL', truncated: true });
    expect(two.diagnostics).toHaveLength(2);
    const all = await validate({ definition: FIVE_PROBLEMS, maxResults: 0 });
    expect(all.diagnostics).toHaveLength(5);
    expect(all.truncated).toBe(false);
    await expect(validate({ definition: FIVE_PROBLEMS, maxResults: 101 })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
  });

  it('lists errors at both severities, and refuses an unknown severity', async () => {
    const out = await validate({ definition: FIVE_PROBLEMS, severity: 'WARNING' });
    expect(out.diagnostics).toHaveLength(5);
    await expect(validate({ definition: FIVE_PROBLEMS, severity: 'INFO' as 'ERROR' })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'INFO' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]",
    });
  });

  it('validates for the machine type: EXPRESS refuses callback integrations STANDARD accepts', async () => {
    const callback = JSON.stringify({
      StartAt: 'Wait',
      States: { Wait: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } },
    });
    expect((await validate({ definition: callback })).result).toBe('OK');
    const express = await validate({ definition: callback, type: 'EXPRESS' });
    expect(express.result).toBe('FAIL');
    expect(express.diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Express state machine does not support '.waitForTaskToken' service integration",
        location: '/States/Wait/Resource',
      },
    ]);
  });

  it('requires a definition', async () => {
    await expect(validate({} as ValidateStateMachineDefinitionInput)).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
    });
  });
});

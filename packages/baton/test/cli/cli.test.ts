/**
 * The `baton` command as users run it (the built CLI, in a child process): validate's exit code
 * and diagnostics, run's single JSON object and exit code, YAML definitions, handler modules.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = resolve(fileURLToPath(import.meta.url), '../../../bin/baton.js');
const dir = mkdtempSync(join(tmpdir(), 'baton-cli-'));

function baton(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe.skipIf(!existsSync(resolve(bin, '../../dist/cli/main.js')))('baton CLI (run `npm run build` first)', () => {
  it('validate exits 0 on a valid definition and 1 with every diagnostic and its location otherwise', async () => {
    const ok = await baton('validate', file('ok.json', '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}'));
    expect(ok.code).toBe(0);
    const bad = await baton(
      'validate',
      file('bad.json', '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Z"},"B":{"Type":"Pass","End":true}}}'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: Z");
    expect(bad.stderr).toContain('at /States/B: State "B" is not reachable.');
  });

  it('validate --type EXPRESS applies the Express rules, and refuses a type that is neither', async () => {
    const callback = file(
      'callback.json',
      JSON.stringify({
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } },
      }),
    );
    expect((await baton('validate', callback)).code).toBe(0);
    const express = await baton('validate', callback, '--type', 'EXPRESS');
    expect(express.code).toBe(1);
    expect(express.stderr).toContain('/States/T/Resource');
    const unknown = await baton('validate', callback, '--type', 'express-ish');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("option '--type <type>' argument 'express-ish' is invalid");
  });

  it('run --json prints exactly one JSON object and exits 0 only on success', async () => {
    const def = file(
      'm.json',
      JSON.stringify({
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'S' }], Default: 'F' },
          S: { Type: 'Succeed' },
          F: { Type: 'Fail', Error: 'Nope', Cause: 'not ok' },
        },
      }),
    );
    const good = await baton('run', def, '--input', '{"ok":true}', '--json');
    expect(good.code).toBe(0);
    expect(good.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(good.stdout)).toEqual({ status: 'SUCCEEDED', output: { ok: true } });
    const bad = await baton('run', def, '--input', '{"ok":false}', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ status: 'FAILED', error: 'Nope', cause: 'not ok' });
  });

  it('runs YAML definitions with input from a file, handlers from a module and the history', async () => {
    const def = file(
      'm.yaml',
      [
        'StartAt: Greet',
        'States:',
        '  Greet:',
        '    Type: Task',
        '    Resource: arn:aws:lambda:us-east-1:123456789012:function:greet',
        '    End: true',
      ].join('\n'),
    );
    const handlers = file(
      'handlers.mjs',
      "export function greet(input) { return { greeting: 'hello ' + input.name }; }",
    );
    const input = file('input.json', '{"name":"ada"}');
    const r = await baton('run', def, '--input', `@${input}`, '--handlers', handlers, '--json', '--history');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output).toEqual({ greeting: 'hello ada' });
    expect(out.history.map((e: { type: string }) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('runs lambda:invoke tasks with the export their FunctionName names, in Lambda Invoke’s result shape', async () => {
    const invoke = (FunctionName: string, next: object) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName, 'Payload.$': '$' },
      ...next,
    });
    const def = file(
      'invoke.json',
      JSON.stringify({
        StartAt: 'Double',
        States: {
          Double: invoke('arn:aws:lambda:us-east-1:123456789012:function:double:$LATEST', {
            ResultSelector: { 'n.$': '$.Payload.n', 'status.$': '$.StatusCode' },
            Next: 'Missing',
          }),
          Missing: invoke('missing', {
            Catch: [{ ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'Caught' }],
            End: true,
          }),
          Caught: { Type: 'Pass', End: true },
        },
      }),
    );
    const handlers = file('invoke.mjs', 'export const double = (p) => ({ n: p.n * 2 });');
    const r = JSON.parse(
      (await baton('run', def, '--input', '{"n":21}', '--handlers', handlers, '--json', '--history')).stdout,
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({
      Error: 'Lambda.ResourceNotFoundException',
      Cause: "No handler is exported as 'missing'",
    });
    const doubled = r.history.find((e: { type: string }) => e.type === 'TaskSucceeded');
    expect(doubled.details.output).toEqual({ ExecutedVersion: '$LATEST', Payload: { n: 42 }, StatusCode: 200 });
  });

  it('fails a task with the error name a handler throws, so Catch can route it (the talk’s custom error)', async () => {
    const def = file(
      'c.json',
      JSON.stringify({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:check',
            Catch: [{ ErrorEquals: ['CustomError'], Next: 'Fallback' }],
            End: true,
          },
          Fallback: { Type: 'Pass', Result: 'fell back', End: true },
        },
      }),
    );
    const handlers = file(
      'throwing.mjs',
      "export function check() { const e = new Error('custom failure'); e.name = 'CustomError'; throw e; }",
    );
    const r = await baton('run', def, '--handlers', handlers, '--json');
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: 'fell back' });
  });

  it('test runs every mocked case (Step Functions Local format) and exits 1 on a mismatch', async () => {
    const def = file(
      'lm.json',
      JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f' },
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 60, MaxAttempts: 3 }],
            Next: 'Approve',
          },
          Approve: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', End: true },
        },
      }),
    );
    const mocks = file(
      'mocks.json',
      JSON.stringify({
        StateMachines: {
          lm: { TestCases: { Happy: { Call: 'Ok', Approve: 'Yes' }, Retried: { Call: 'Flaky', Approve: 'Yes' } } },
        },
        MockedResponses: {
          Ok: { '0': { Return: { Payload: 1 } } },
          Flaky: {
            '0-2': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
            '3': { Return: { Payload: 2 } },
          },
          Yes: { '0': { Return: { approved: true } } },
        },
      }),
    );
    const good = file(
      'expect.json',
      JSON.stringify({ Happy: { status: 'SUCCEEDED', output: { approved: true } }, Retried: { status: 'SUCCEEDED' } }),
    );
    const passed = await baton('test', def, '--mocks', mocks, '--expect', good);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('PASS Retried');
    expect(passed.stdout).toContain('2 passed, 0 failed');
    const wrong = file('wrong.json', JSON.stringify({ Happy: { status: 'FAILED' } }));
    const failed = await baton('test', def, '--mocks', mocks, '--expect', wrong, '--case', 'Happy');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('status: expected "FAILED", got "SUCCEEDED"');
  });
});

/**
 * Functions: Baton's Lambda. A function is a named handler reachable two ways here: an
 * in-process module export, or an HTTP endpoint that receives the payload as a JSON POST and
 * answers with JSON (a third way, remote workers, is the activity protocol). A Task reaches a
 * function by its Lambda ARN (payload in, result out) or through `arn:aws:states:::lambda:invoke`
 * (FunctionName + Payload, result in Lambda's Invoke shape, `.waitForTaskToken` too).
 */
import type { Json, JsonObject } from '../kernel/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';
import { lambdaFailure } from './lambda-errors.js';

export interface FunctionContext {
  readonly functionName: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** Aborts when the task is cancelled (timeout, execution stopped). */
  readonly signal: AbortSignal;
}

export type FunctionHandler = (payload: Json, context: FunctionContext) => Json | undefined | Promise<Json | undefined>;

/** A function served over HTTP: POST of the payload, a JSON answer. */
export interface FunctionEndpoint {
  readonly url: string;
  /** Longest wait for an answer (default 60 s); the Task's TimeoutSeconds still applies on top. */
  readonly timeoutSeconds?: number;
}

const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

/** `arn:aws:states:::lambda:invoke`: the function named by the FunctionName parameter. */
export const isLambdaInvoke = (resource: string) => INVOKE.test(resource) && !resource.endsWith('.waitForTaskToken');

/** Lambda Invoke's result shape around a function's output, as the lambda:invoke integration gives it. */
export const invokeResult = (payload: Json): JsonObject => ({
  ExecutedVersion: '$LATEST',
  Payload: payload,
  StatusCode: 200,
});

/** The function name in a FunctionName parameter: a name, a partial or a full ARN. */
export function functionNameOf(nameOrArn: string): string {
  return FUNCTION_ARN.exec(nameOrArn)?.[1] ?? nameOrArn.split(':').filter(Boolean).pop() ?? nameOrArn;
}

export class FunctionRegistry implements TaskResource {
  constructor(
    private readonly handlers: ReadonlyMap<string, FunctionHandler>,
    private readonly endpoints: ReadonlyMap<string, FunctionEndpoint> = new Map(),
  ) {}

  handles(resource: string): boolean {
    return FUNCTION_ARN.test(resource) || INVOKE.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const direct = FUNCTION_ARN.exec(task.resource);
    if (direct) return this.call(direct[1]!, task.input, task, (output) => output);
    const params = (task.input ?? {}) as JsonObject;
    const name = typeof params.FunctionName === 'string' ? functionNameOf(params.FunctionName) : '';
    const outcome = await this.call(name, params.Payload ?? null, task, invokeResult);
    return task.integrationPattern === 'waitForTaskToken' && outcome.kind === 'succeeded'
      ? { kind: 'callback' }
      : outcome;
  }

  /**
   * Invokes a function directly, outside any workflow (an event bus target): the payload in, the
   * same outcomes as a task (the function's name or ARN; no execution or state).
   */
  invoke(nameOrArn: string, payload: Json, signal: AbortSignal): Promise<TaskOutcome> {
    const task = { executionArn: '', stateName: '', signal } as TaskInvocation;
    return this.call(functionNameOf(nameOrArn), payload, task, (output) => output);
  }

  private async call(
    name: string,
    payload: Json,
    task: TaskInvocation,
    shape: (output: Json) => Json,
  ): Promise<TaskOutcome> {
    const handler = this.handlers.get(name);
    const endpoint = this.endpoints.get(name);
    if (!handler && !endpoint) {
      return {
        kind: 'failed',
        error: 'Lambda.ResourceNotFoundException',
        cause: `Function not found: ${name} (no in-process function or endpoint with this name is configured)`,
      };
    }
    try {
      const context = {
        functionName: name,
        executionArn: task.executionArn,
        stateName: task.stateName,
        signal: task.signal,
      };
      const output = handler ? await handler(payload, context) : await callEndpoint(endpoint!, payload, task.signal);
      return { kind: 'succeeded', output: shape(output ?? null) };
    } catch (e) {
      return e instanceof EndpointFailure ? e.outcome : lambdaFailure(e);
    }
  }
}

class EndpointFailure extends Error {
  constructor(readonly outcome: Extract<TaskOutcome, { kind: 'failed' }>) {
    super(outcome.cause);
  }
}

/**
 * POSTs the payload; a 2xx JSON answer is the result. A non-2xx answer fails the task: with the
 * answer's own `errorType`/`errorMessage` when it sends Lambda's error shape, else with
 * `Function.HttpStatus.<code>` and the body as cause. No answer in time: `Function.Timeout`.
 */
async function callEndpoint(endpoint: FunctionEndpoint, payload: Json, signal: AbortSignal): Promise<Json> {
  const timeout = AbortSignal.timeout((endpoint.timeoutSeconds ?? 60) * 1000);
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.any([signal, timeout]),
    });
  } catch (e) {
    const timedOut = timeout.aborted;
    throw new EndpointFailure({
      kind: 'failed',
      error: timedOut ? 'Function.Timeout' : 'Function.Unreachable',
      cause: timedOut
        ? `No answer from ${endpoint.url} within ${endpoint.timeoutSeconds ?? 60} s`
        : `${endpoint.url}: ${(e as Error).message}`,
    });
  }
  const text = await response.text();
  let body: Json | undefined;
  try {
    body = text === '' ? null : (JSON.parse(text) as Json);
  } catch {
    body = undefined;
  }
  if (response.ok) {
    if (body === undefined)
      throw new EndpointFailure({
        kind: 'failed',
        error: 'Function.InvalidResponse',
        cause: `Not JSON: ${text.slice(0, 1000)}`,
      });
    return body;
  }
  const lambdaShaped =
    body !== null && typeof body === 'object' && !Array.isArray(body) && typeof body.errorType === 'string';
  throw new EndpointFailure(
    lambdaShaped
      ? { kind: 'failed', error: (body as JsonObject).errorType as string, cause: text }
      : { kind: 'failed', error: `Function.HttpStatus.${response.status}`, cause: text.slice(0, 32768) },
  );
}

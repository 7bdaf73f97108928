/**
 * In-process functions: Baton's Lambda for handlers declared in the server's configuration. A
 * Task reaches one by a Lambda function ARN (payload in, result out) or through
 * `arn:aws:states:::lambda:invoke` (FunctionName + Payload, result in Lambda's Invoke shape).
 * A handler that throws fails the task with the error's name as Error and its message as Cause.
 */
import type { Json, JsonObject } from '../kernel/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

export interface FunctionContext {
  readonly functionName: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** Aborts when the task is cancelled (timeout, execution stopped). */
  readonly signal: AbortSignal;
}

export type FunctionHandler = (payload: Json, context: FunctionContext) => Json | undefined | Promise<Json | undefined>;

const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

/** The function name in a FunctionName parameter: a name, a partial or a full ARN. */
export function functionNameOf(nameOrArn: string): string {
  return FUNCTION_ARN.exec(nameOrArn)?.[1] ?? nameOrArn.split(':').filter(Boolean).pop() ?? nameOrArn;
}

export class FunctionRegistry implements TaskResource {
  constructor(private readonly functions: ReadonlyMap<string, FunctionHandler>) {}

  handles(resource: string): boolean {
    const direct = FUNCTION_ARN.exec(resource);
    return direct ? this.functions.has(direct[1]!) : INVOKE.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const direct = FUNCTION_ARN.exec(task.resource);
    if (direct) return this.call(direct[1]!, task.input, task, (output) => output);
    const params = (task.input ?? {}) as JsonObject;
    const name = typeof params.FunctionName === 'string' ? functionNameOf(params.FunctionName) : '';
    const outcome = await this.call(name, params.Payload ?? null, task, (payload) => ({
      ExecutedVersion: '$LATEST',
      Payload: payload,
      StatusCode: 200,
    }));
    return task.integrationPattern === 'waitForTaskToken' && outcome.kind === 'succeeded'
      ? { kind: 'callback' }
      : outcome;
  }

  private async call(
    name: string,
    payload: Json,
    task: TaskInvocation,
    shape: (output: Json) => Json,
  ): Promise<TaskOutcome> {
    const handler = this.functions.get(name);
    if (!handler) {
      return {
        kind: 'failed',
        error: 'Lambda.ResourceNotFoundException',
        cause: `Function not found: ${name} (no in-process function with this name is configured)`,
      };
    }
    try {
      const output = await handler(payload, {
        functionName: name,
        executionArn: task.executionArn,
        stateName: task.stateName,
        signal: task.signal,
      });
      return { kind: 'succeeded', output: shape(output ?? null) };
    } catch (e) {
      const error = e instanceof Error ? e.name : 'Error';
      const message = e instanceof Error ? e.message : String(e);
      return { kind: 'failed', error, cause: message };
    }
  }
}

/**
 * Nested workflows (developer guide, "Start a new AWS Step Functions state machine from a
 * running execution"): `arn:aws:states:::states:startExecution` starts a child execution and
 * answers its ARN; `.sync` waits for it and answers its description (`.sync:2` with Input and
 * Output as JSON); `.waitForTaskToken` starts it and waits for the token. The child is started
 * through the Step Functions API itself, so every rule of StartExecution applies; without a
 * Name, the name derives from the task token, so a task re-run after a crash finds the child
 * it already started instead of starting another.
 */
import type { JsonService } from '../api/aws/json-protocol.js';
import { AwsError } from '../api/errors.js';
import type { Json, JsonObject } from '../kernel/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

const START = /^arn:[^:]+:states:::states:startExecution(\.sync:2|\.sync|\.waitForTaskToken)?$/;

export interface StepFunctionsIntegrationOptions {
  /** The Step Functions API (bound late: it is built after the engine that runs this integration). */
  readonly api: () => JsonService;
  /** Resolves when the execution has closed. */
  readonly whenClosed: (executionArn: string) => Promise<unknown>;
}

export class StepFunctionsIntegration implements TaskResource {
  constructor(private readonly options: StepFunctionsIntegrationOptions) {}

  handles(resource: string): boolean {
    return START.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const params = (task.input ?? {}) as JsonObject;
    const [, , , region, account] = task.executionArn.split(':');
    const ctx = { region: region!, account: account!, aborted: () => task.signal.aborted, signal: task.signal };
    const call = (operation: string, input: JsonObject) => this.options.api().operations[operation]!(input, ctx);
    const input = params.Input === undefined ? {} : params.Input;
    try {
      const started = await call('StartExecution', {
        stateMachineArn: params.StateMachineArn as Json,
        name: typeof params.Name === 'string' ? params.Name : `child-${task.token.slice(0, 32)}`,
        input: typeof input === 'string' ? input : JSON.stringify(input),
      });
      if (task.integrationPattern === 'waitForTaskToken') return { kind: 'callback' };
      if (task.integrationPattern === 'request') {
        return {
          kind: 'succeeded',
          output: { ExecutionArn: started.executionArn!, StartDate: Math.round((started.startDate as number) * 1000) },
        };
      }
      await this.options.whenClosed(started.executionArn as string);
      const d = await call('DescribeExecution', { executionArn: started.executionArn! });
      const parsed = task.integrationPattern === 'sync:2';
      const description: JsonObject = {
        ExecutionArn: d.executionArn!,
        Input: parsed ? JSON.parse(d.input as string) : d.input!,
        InputDetails: { Included: true },
        Name: d.name!,
        StartDate: Math.round((d.startDate as number) * 1000),
        StateMachineArn: d.stateMachineArn!,
        Status: d.status!,
        StopDate: Math.round((d.stopDate as number) * 1000),
      };
      if (d.output !== undefined) {
        description.Output = parsed ? JSON.parse(d.output as string) : d.output;
        description.OutputDetails = { Included: true };
      }
      if (d.error !== undefined) description.Error = d.error;
      if (d.cause !== undefined) description.Cause = d.cause;
      if (d.status === 'SUCCEEDED') return { kind: 'succeeded', output: description };
      return { kind: 'failed', error: 'States.TaskFailed', cause: JSON.stringify(description) };
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      // Service errors reach the workflow as `StepFunctions.<Code>Exception`, as AWS names them.
      return { kind: 'failed', error: `StepFunctions.${e.code.replace(/Exception$/, '')}Exception`, cause: e.message };
    }
  }
}

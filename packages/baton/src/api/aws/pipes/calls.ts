/**
 * The PipeCalls port (messaging/pipes) over Baton's functions and the Step Functions API: a
 * Lambda function ARN is invoked through the FunctionRegistry (in-process or HTTP functions, as a
 * Task or a bus target reaches them), a state machine runs through StartSyncExecution, and its
 * type comes from DescribeStateMachine — the operations clients call, so a pipe sees what they see.
 */
import type { FunctionRegistry } from '../../../integrations/index.js';
import type { Json } from '../../../kernel/index.js';
import { targetKind } from '../../../messaging/bus/index.js';
import type { CallOutcome, PipeCalls } from '../../../messaging/pipes/index.js';
import { AwsError } from '../../errors.js';
import type { JsonService } from '../json-protocol.js';
import type { RequestContext } from '../request-context.js';

export interface PipeCallsOptions {
  readonly functions: FunctionRegistry;
  /** The Step Functions API (bound late: built after the engine). */
  readonly sfn: () => JsonService;
}

export class PipeInvocations implements PipeCalls {
  constructor(private readonly options: PipeCallsOptions) {}

  async call(arn: string, payload: Json, signal: AbortSignal): Promise<CallOutcome> {
    if (targetKind(arn) === 'function') {
      const outcome = await this.options.functions.invoke(arn, payload, signal);
      if (outcome.kind === 'succeeded') return { kind: 'succeeded', output: outcome.output };
      if (outcome.kind === 'failed') return { kind: 'failed', error: outcome.error, cause: outcome.cause ?? '' };
      return { kind: 'failed', error: 'Lambda.Unsupported', cause: `Function ${arn} did not answer` };
    }
    try {
      const result = await this.options.sfn().operations.StartSyncExecution!(
        { stateMachineArn: arn, input: JSON.stringify(payload) },
        contextOf(arn, signal),
      );
      if (result.status === 'SUCCEEDED') {
        return { kind: 'succeeded', output: JSON.parse(String(result.output ?? 'null')) as Json };
      }
      return {
        kind: 'failed',
        error: String(result.error ?? `States.${String(result.status)}`),
        cause: String(result.cause ?? ''),
      };
    } catch (e) {
      if (e instanceof AwsError) return { kind: 'failed', error: e.code, cause: e.message };
      throw e;
    }
  }

  async stateMachineType(arn: string): Promise<'STANDARD' | 'EXPRESS' | undefined> {
    try {
      const machine = await this.options.sfn().operations.DescribeStateMachine!(
        { stateMachineArn: arn },
        contextOf(arn, new AbortController().signal),
      );
      return machine.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    } catch (e) {
      if (e instanceof AwsError) return undefined;
      throw e;
    }
  }
}

/** A call on the resource's own region and account. */
function contextOf(arn: string, signal: AbortSignal): RequestContext {
  const [, , , region, account] = arn.split(':');
  return { region: region!, account: account!, aborted: () => signal.aborted, signal };
}

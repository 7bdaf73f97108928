/**
 * Express workflows (developer guide, "Standard vs. Express"): executions run in memory with
 * the same interpreter, at-least-once, for at most five minutes; they are not stored, not listed
 * and not described, and StartSyncExecution returns their result.
 */
import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from '../asl/index.js';
import type { Clock, Entropy, Json, JsonObject } from '../kernel/index.js';
import { arns } from './arns.js';
import { runInMemory, TaskError, type TaskHandler } from './in-memory-runner.js';
import type { TaskResource } from './task-resource.js';

export const EXPRESS_MAX_DURATION_MS = 5 * 60 * 1000;

export interface ExpressStart {
  readonly stateMachineArn: string;
  readonly versionArn?: string;
  readonly aliasArn?: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly name: string;
  readonly input: Json;
  readonly region: string;
}

export interface ExpressOptions {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly resources: readonly TaskResource[];
  readonly machine: (definition: string) => CompiledMachine;
  readonly onError?: (error: unknown, context: string) => void;
}

export class ExpressEngine {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: ExpressOptions) {}

  /** StartExecution of an Express machine: returns at once, the execution runs on. */
  start(request: ExpressStart): { executionArn: string; startDate: number } {
    const executionArn = arns.expressExecution(request.stateMachineArn, request.name, randomUUID());
    const startDate = this.options.clock.now();
    const run = this.run(request, executionArn, startDate).catch((e) => this.options.onError?.(e, executionArn));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { executionArn, startDate };
  }

  /** StartSyncExecution: runs to the end and answers in the API's shape. */
  async runSync(request: ExpressStart & { readonly includeData: boolean }): Promise<JsonObject> {
    const executionArn = arns.expressExecution(request.stateMachineArn, request.name, randomUUID());
    const startDate = this.options.clock.now();
    const { status, output, error, cause } = await this.run(request, executionArn, startDate);
    const stopDate = this.options.clock.now();
    const out: JsonObject = {
      executionArn,
      stateMachineArn: request.stateMachineArn,
      name: request.name,
      startDate: startDate / 1000,
      stopDate: stopDate / 1000,
      status,
      billingDetails: {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(100, Math.ceil((stopDate - startDate) / 100) * 100),
      },
    };
    if (request.includeData) {
      out.input = JSON.stringify(request.input);
      out.inputDetails = { included: true };
      if (output !== undefined) {
        out.output = JSON.stringify(output);
        out.outputDetails = { included: true };
      }
    }
    if (error !== undefined) out.error = error;
    if (cause !== undefined) out.cause = cause;
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(request: ExpressStart, executionArn: string, startDate: number) {
    const machine = this.options.machine(request.definition);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), EXPRESS_MAX_DURATION_MS);
    try {
      const { state } = await runInMemory(machine, request.input, {
        clock: 'real',
        startedAt: startDate,
        executionArn,
        name: request.name,
        stateMachineArn: request.stateMachineArn,
        roleArn: request.roleArn,
        history: false,
        entropy: this.options.entropy,
        resolveHandler: (resource) => this.handler(resource, executionArn, deadline.signal),
        signal: deadline.signal,
      });
      return {
        status: state.status === 'RUNNING' ? 'TIMED_OUT' : state.status,
        ...(state.output !== undefined ? { output: state.output } : {}),
        ...(state.error !== undefined ? { error: state.error } : {}),
        ...(state.cause !== undefined ? { cause: state.cause } : {}),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private handler(resource: string, executionArn: string, signal: AbortSignal): TaskHandler | undefined {
    const adapter = this.options.resources.find((r) => r.handles(resource));
    if (!adapter) return undefined;
    return async (input, context) => {
      const outcome = await adapter.run({
        seq: 0,
        token: context.token,
        stateName: context.stateName,
        resource,
        resourceKind: 'service',
        integrationPattern: 'request',
        input,
        executionArn,
        signal,
      });
      if (outcome.kind === 'succeeded') return outcome.output;
      if (outcome.kind === 'failed') throw new TaskError(outcome.error, outcome.cause);
      throw new TaskError('States.Runtime', 'Express workflows do not support callback tasks');
    };
  }
}

/**
 * The SDK's types (STYLE.md, F: `expectTypeOf` tests cover the SDK). vitest does not type-check
 * while it runs, so the last test runs the TypeScript compiler over this file
 * (test/tsconfig.json): an assertion that does not hold, or an unused `@ts-expect-error`, fails it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ActivityContext,
  type ActivityHandler,
  createWorker,
  type StopReport,
  sendTaskFailure,
  sendTaskSuccess,
  TaskAbortedError,
  type TaskAbortReason,
  type Worker,
  type WorkerStatus,
} from '../src/index.js';
import { runTsc } from './support/tsc.js';

interface Order {
  readonly id: string;
  readonly items: readonly { sku: string; quantity: number }[];
}
interface Receipt {
  readonly orderId: string;
  readonly total: number;
}

/** Type-level only: never called. */
function typeCases(client: SFNClient) {
  // A typed handler: its input and context are typed, and its output must be an Out (or a promise of one).
  const charge: ActivityHandler<Order, Receipt> = async (order, ctx) => {
    expectTypeOf(order).toEqualTypeOf<Order>();
    expectTypeOf(ctx).toEqualTypeOf<ActivityContext>();
    expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
    expectTypeOf(ctx.heartbeat).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(ctx.taskToken).toBeString();
    return { orderId: order.id, total: order.items.length };
  };
  expectTypeOf(charge).parameter(0).toEqualTypeOf<Order>();
  expectTypeOf(charge).returns.toEqualTypeOf<Receipt | Promise<Receipt>>();
  const syncHandler: ActivityHandler<Order, Receipt> = (order) => ({ orderId: order.id, total: 0 });

  // @ts-expect-error the output must be a Receipt
  const wrongOutput: ActivityHandler<Order, Receipt> = async (order) => ({ orderId: order.id });
  // @ts-expect-error the input is an Order, which has no `customer`
  const wrongInput: ActivityHandler<Order, Receipt> = (order) => ({ orderId: order.customer, total: 0 });

  const worker = createWorker({
    endpoint: 'http://127.0.0.1:22866',
    activities: {
      charge,
      'sync-charge': syncHandler,
      // A handler may declare its input inline...
      ship: async (input: { orderId: string }) => ({ trackingId: `t-${input.orderId}` }),
      // ...and an unannotated input is unknown, to be checked before use.
      audit: (input, ctx) => {
        expectTypeOf(input).toBeUnknown();
        expectTypeOf(ctx).toEqualTypeOf<ActivityContext>();
      },
    },
  });
  expectTypeOf(worker).toEqualTypeOf<Worker>();
  expectTypeOf(worker.start).returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf(worker.stop).returns.toEqualTypeOf<Promise<StopReport>>();
  expectTypeOf(worker.running).toBeNumber();
  expectTypeOf(worker.status).toEqualTypeOf<WorkerStatus>();
  expectTypeOf<WorkerStatus>().toEqualTypeOf<'created' | 'running' | 'stopping' | 'stopped'>();
  expectTypeOf<TaskAbortedError['reason']>().toEqualTypeOf<TaskAbortReason>();

  // @ts-expect-error a handler takes the input and the context, nothing more
  createWorker({ activities: { extra: (_input: unknown, _ctx: ActivityContext, _more: string) => 1 } });
  // @ts-expect-error concurrency is a number
  createWorker({ activities: { a: () => 1 }, concurrency: '4' });

  // Task-token helpers: the output is checked against the type given.
  void sendTaskSuccess<Receipt>(client, 'token', { orderId: 'o-1', total: 3 });
  // @ts-expect-error total must be a number
  void sendTaskSuccess<Receipt>(client, 'token', { orderId: 'o-1', total: '3' });
  void sendTaskFailure(client, 'token', new Error('declined'));
  void sendTaskFailure(client, 'token', { error: 'Declined', cause: 'over the limit' });
  return [wrongOutput, wrongInput];
}

describe('types', () => {
  it('are declared for handlers, the worker and the token helpers', () => {
    expect(typeCases).toBeTypeOf('function');
    expect(new TaskAbortedError('Worker.Shutdown', 'bye')).toMatchObject({
      name: 'TaskAbortedError',
      reason: 'Worker.Shutdown',
    });
  });

  it('hold: the TypeScript compiler accepts this file', { timeout: 60_000 }, () => {
    const project = join(dirname(fileURLToPath(import.meta.url)), 'tsconfig.json');
    expect(() => runTsc('-p', project)).not.toThrow();
  });
});

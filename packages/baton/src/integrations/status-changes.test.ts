/**
 * Workflow status-change events at shutdown: closing the emitter waits until what the engine
 * told it is on the bus (the server closes its store right after), and stops listening.
 */
import { describe, expect, it } from 'vitest';
import type { EventBusService } from '../messaging/bus/index.js';
import type { TransitionNotice } from '../runtime/engine.js';
import { emitStatusChanges } from './events.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e1';

function closing(): TransitionNotice {
  return {
    executionArn: ARN,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    status: 'SUCCEEDED',
    events: [{ type: 'ExecutionSucceeded' }],
    state: { context: { name: 'e1', startTime: '2026-11-27T00:00:00.000Z', input: {} }, output: {} },
    through: {},
  } as unknown as TransitionNotice;
}

describe('emitStatusChanges', () => {
  it('close resolves once the events told before it are put, and later notices are ignored', async () => {
    let observer: ((notice: TransitionNotice) => void) | undefined;
    const engine = {
      observe(o: (notice: TransitionNotice) => void) {
        observer = o;
        return () => {
          observer = undefined;
        };
      },
    };
    const put: string[] = [];
    const bus = {
      async putEvents(_at: unknown, entries: readonly { detail?: string }[]) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (const e of entries) put.push(JSON.parse(e.detail!).status);
        return entries.map(() => ({ eventId: 'x' }));
      },
    } as unknown as EventBusService;
    const errors: unknown[] = [];
    const emitter = emitStatusChanges(
      engine,
      () => bus,
      (e) => errors.push(e),
    );
    observer!(closing());
    await emitter.close();
    expect(put).toEqual(['SUCCEEDED']);
    expect(observer).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

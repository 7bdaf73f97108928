/**
 * Which pipes this node runs. Every node looks at the pipes meant to run (desired and current
 * state RUNNING) every `pollMs` and renews its lease on each (PipeStore.lease); it runs the pipes
 * whose lease it holds — one node per pipe, whichever took the lease first — and stops those it
 * lost, that stopped or that are gone. A pipe whose record changed (its version moved) is
 * restarted with the new settings: the old runner finishes its batch before the new one starts.
 * A node that dies stops renewing; its pipes move to another node once their leases end.
 */
import type { Clock } from '../../kernel/index.js';
import type { PipeRecord, PipeStore } from '../../store/port.js';
import type { PipeSource } from './source.js';

export interface SupervisorOptions {
  readonly store: PipeStore;
  readonly clock: Clock;
  /** This node's lease owner id. */
  readonly node: string;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly create: (record: PipeRecord) => PipeSource;
  readonly onError: (error: unknown, context: string) => void;
}

/** What a pipe that could not be started runs: nothing. */
const IDLE: PipeSource = { start: () => {}, stop: async () => {} };

interface Running {
  readonly version: number;
  readonly source: PipeSource;
}

export class PipeSupervisor {
  private readonly running = new Map<string, Running>();
  /** Per pipe, the end of its last start or stop: the next one waits for it. */
  private readonly lanes = new Map<string, Promise<void>>();
  private ticking: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(): void {
    void this.nudge();
    this.timer = setInterval(() => {
      void this.nudge();
    }, this.options.pollMs);
    this.timer.unref();
  }

  /** Looks again now (a pipe changed on this node); resolves once the runners it starts or stops have. */
  nudge(): Promise<void> {
    // One look queued behind the one in progress is enough: it will see every change before it.
    this.queued ??= this.ticking.then(async () => {
      this.queued = undefined;
      await this.tick();
    });
    this.ticking = this.queued;
    return this.queued;
  }

  /** Stops this node's runner of a pipe, if it has one (the pipe is being deleted). */
  async forget(arn: string): Promise<void> {
    const running = this.running.get(arn);
    this.running.delete(arn);
    if (running) await this.transition(arn, () => running.source.stop());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.ticking;
    const arns = [...this.running.keys()];
    await Promise.all(arns.map((arn) => this.forget(arn)));
    await this.options.store.release(arns, this.options.node).catch((e) => this.options.onError(e, 'releasing pipes'));
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    const { store, clock, node, leaseMs } = this.options;
    try {
      const wanted = (await store.listRunning()).filter((p) => p.currentState === 'RUNNING');
      const now = clock.now();
      const held = new Set(
        await store.lease(
          wanted.map((p) => p.arn),
          node,
          now,
          now + leaseMs,
        ),
      );
      const changes: Promise<void>[] = [];
      const lost = [...this.running.keys()].filter((arn) => !held.has(arn));
      for (const arn of lost) changes.push(this.forget(arn));
      for (const record of wanted) {
        if (!held.has(record.arn) || this.running.get(record.arn)?.version === record.version) continue;
        changes.push(this.forget(record.arn), this.run(record));
      }
      const stopped = lost.filter((arn) => !wanted.some((p) => p.arn === arn));
      await Promise.all(changes);
      if (stopped.length > 0) await store.release(stopped, node);
    } catch (e) {
      this.options.onError(e, 'supervising pipes');
    }
  }

  private run(record: PipeRecord): Promise<void> {
    let source: PipeSource;
    try {
      source = this.options.create(record);
    } catch (e) {
      // Reported once: this version of the pipe is not tried again, the next one is.
      this.options.onError(e, `starting pipe ${record.arn}`);
      source = IDLE;
    }
    this.running.set(record.arn, { version: record.version, source });
    return this.transition(record.arn, async () => source.start());
  }

  private transition(arn: string, work: () => Promise<void>): Promise<void> {
    const next = (this.lanes.get(arn) ?? Promise.resolve())
      .then(work)
      .catch((e) => this.options.onError(e, `pipe ${arn}`));
    this.lanes.set(arn, next);
    void next.then(() => {
      if (this.lanes.get(arn) === next) this.lanes.delete(arn);
    });
    return next;
  }
}

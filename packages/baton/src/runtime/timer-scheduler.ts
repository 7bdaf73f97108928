/**
 * Fires execution timers (Wait states, retry intervals, task timeouts, heartbeat deadlines).
 * Timers live in the store; this process keeps the ones it armed in memory to fire them on time,
 * and polls the store for the rest (armed before a restart, or by another node). Firing a timer
 * twice is harmless: the interpreter ignores a firing that no longer applies.
 */
import type { Clock, Instant } from '../kernel/index.js';
import type { TimerStore } from '../store/port.js';

export type FireTimer = (executionArn: string, seq: number, fireAt: Instant) => Promise<void>;

const key = (arn: string, seq: number) => `${seq}@${arn}`;

export class TimerScheduler {
  private readonly armed = new Map<string, { arn: string; seq: number; fireAt: Instant }>();
  private wakeAt = Number.POSITIVE_INFINITY;
  private wake?: NodeJS.Timeout;
  private poller?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: TimerStore,
    private readonly clock: Clock,
    private readonly fire: FireTimer,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    const poll = async () => {
      if (this.stopped) return;
      try {
        for (const t of await this.store.due(this.clock.now(), 1000)) this.arm(t.executionArn, t.seq, t.fireAt);
      } finally {
        if (!this.stopped) this.poller = setTimeout(poll, this.pollMs);
      }
    };
    void poll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.wake);
    clearTimeout(this.poller);
  }

  arm(arn: string, seq: number, fireAt: Instant): void {
    this.armed.set(key(arn, seq), { arn, seq, fireAt });
    if (fireAt < this.wakeAt) this.rearm(fireAt);
  }

  disarm(arn: string, seq: number): void {
    this.armed.delete(key(arn, seq));
  }

  private rearm(at: Instant): void {
    if (this.stopped) return;
    clearTimeout(this.wake);
    this.wakeAt = at;
    this.wake = setTimeout(() => this.fireDue(), Math.max(0, at - this.clock.now()));
  }

  private fireDue(): void {
    this.wakeAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [k, t] of this.armed) {
      if (t.fireAt <= now) {
        this.armed.delete(k);
        void this.fire(t.arn, t.seq, t.fireAt).catch(() => undefined);
      } else if (t.fireAt < next) next = t.fireAt;
    }
    if (next !== Number.POSITIVE_INFINITY) this.rearm(next);
  }
}

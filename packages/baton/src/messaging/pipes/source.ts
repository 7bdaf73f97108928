/**
 * What a pipe's runner asks of its source, whichever it is (sqs-source.ts, kinesis-source.ts).
 */

export interface PipeSource {
  /** Starts reading and processing. */
  start(): void;
  /** Stops reading; resolves once the batches in hand are processed and acknowledged (or left for a retry). */
  stop(): Promise<void>;
}

/** Waits `ms`, or less when `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    signal.addEventListener('abort', finish, { once: true });
  });
}

/** A pause that can be cut short: a loop sleeps on it, and anyone may wake the loop at once. */
export class Alarm {
  private wake: AbortController = new AbortController();

  /** Waits `ms`, or until `ring` or `signal` ends the wait. */
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    await pause(ms, AbortSignal.any([signal, this.wake.signal]));
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }

  ring(): void {
    this.wake.abort();
  }
}

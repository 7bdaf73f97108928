/**
 * Subscribers whose arrivals survive a SIGKILL of the server, for crash tests of delivery: a
 * functions module (`baton start --functions`) exporting `first` and `second`, each appending
 * `<name> <id>` to a log file once it has handled an event.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ArrivalLog {
  /** The functions module to pass to `--functions`. */
  readonly functions: string;
  /** How many of `ids` have not yet reached both functions. */
  missing(ids: Iterable<string>): number;
  /** Waits until every one of `ids` reached both functions (or `timeoutMs` passed); returns `missing`. */
  settle(ids: Iterable<string>, timeoutMs?: number): Promise<number>;
}

/**
 * Writes the module into `dir`. `idOf` is the JavaScript expression, over `event`, of the id a
 * function logs; each takes `delayMs` before logging, so deliveries are in flight when a test kills.
 */
export function arrivalLog(dir: string, idOf: string, delayMs: number): ArrivalLog {
  const log = join(dir, 'arrivals.log');
  const functions = join(dir, 'functions.mjs');
  writeFileSync(
    functions,
    `import { appendFileSync } from 'node:fs';
const record = (name) => async (event) => {
  await new Promise((r) => setTimeout(r, ${delayMs}));
  appendFileSync(${JSON.stringify(log)}, name + ' ' + ${idOf} + '\\n');
  return null;
};
export const first = record('first');
export const second = record('second');
`,
  );
  const missing = (ids: Iterable<string>) => {
    const seen = { first: new Set<string>(), second: new Set<string>() };
    for (const line of (existsSync(log) ? readFileSync(log, 'utf8') : '').split('\n')) {
      const [name, id] = line.split(' ');
      if (name === 'first' || name === 'second') seen[name].add(id!);
    }
    return [...ids].filter((id) => !seen.first.has(id) || !seen.second.has(id)).length;
  };
  return {
    functions,
    missing,
    async settle(ids, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let left = missing(ids);
      while (left > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        left = missing(ids);
      }
      return left;
    },
  };
}

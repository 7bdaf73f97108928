// Shared pieces of the durable-workflow benchmark: the closed-loop load driver, percentiles,
// free ports, and a tiny keep-alive HTTP client (lighter than fetch, equal for every peer that
// is reached over HTTP).
import http from 'node:http';
import net from 'node:net';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * Runs `count` workflows with at most `concurrency` in flight (closed loop): a slot is taken
 * when the workflow is started and given back only when it has finished. `runOne(i)` resolves
 * with the time the workflow finished (or undefined: now). Returns latencies and wall time.
 */
export async function drive(count, concurrency, offset, runOne) {
  const latencies = new Float64Array(count);
  let next = 0;
  let failed = 0;
  let firstError;
  const started = now();
  let lastEnd = started;
  const slot = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = now();
      try {
        const t1 = (await runOne(offset + i)) ?? now();
        latencies[i] = t1 - t0;
        if (t1 > lastEnd) lastEnd = t1;
      } catch (e) {
        failed++;
        firstError ??= e;
        latencies[i] = Number.NaN;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, slot));
  if (failed > 0) {
    const message = firstError instanceof Error ? firstError.stack : String(firstError);
    throw new Error(`${failed} of ${count} workflows failed; first: ${message}`);
  }
  return { latencies: [...latencies], seconds: (lastEnd - started) / 1000 };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarize({ latencies, seconds }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** POSTs JSON over keep-alive HTTP/1.1; resolves with { status, body } (body parsed when JSON). */
export function httpClient(maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, url, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {}
            resolve({ status: res.statusCode, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

export async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Measuring a benchmark run: the closed-loop load driver, wall-clock time comparable across
// processes, percentiles and medians.

// The AWS SDK's notice that its 2027 releases need Node 22 would repeat in every client process
// a bench spawns (they inherit this environment); Baton supports Node 20 on purpose.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

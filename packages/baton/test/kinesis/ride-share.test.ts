/**
 * The talk's ride-share scenario end to end (examples/ride-share): location updates put with the
 * rider id as partition key reach a consumer group of two dispatchers in per-rider order.
 * Uses the built SDK (`npm run build`), as the example does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useKinesisBaton } from './support.js';

const example = fileURLToPath(new URL('../../../../examples/ride-share/ride-share.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../../sdk/dist/index.js', import.meta.url)));

describe.skipIf(!built)('ride-share (run `npm run build` first)', () => {
  const t = useKinesisBaton();

  it("delivers every rider's updates to the dispatchers in order", { timeout: 60_000 }, async () => {
    const { runRideShare } = (await import(example)) as {
      runRideShare: (o: object) => Promise<{
        sent: number;
        received: number;
        riders: number;
        outOfOrder: unknown[];
        perMember: Record<string, number>;
      }>;
    };
    const result = await runRideShare({ endpoint: t.baton.url, riders: 40, updates: 15, log: () => {} });
    expect(result.received).toBe(result.sent);
    expect(result.riders).toBe(40);
    expect(result.outOfOrder).toEqual([]);
    expect(Object.keys(result.perMember)).toHaveLength(2);
  });
});

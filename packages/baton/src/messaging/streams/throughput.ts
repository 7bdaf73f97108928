/**
 * AWS's per-shard limits of provisioned streams (developer guide, "Quotas and limits"): writes up
 * to 1 MiB or 1,000 records per second per shard, reads up to 5 GetRecords calls and 2 MiB per
 * second per shard; past them AWS answers ProvisionedThroughputExceededException.
 *
 * Baton enforces them only when asked (`StreamOptions.throughput: 'aws'`): by default a shard
 * takes whatever the disk can write, since a local server that throttled like AWS would only
 * slow tests and benchmarks down. Tests that must see the throttling errors turn it on. The
 * accounting is per node and per wall-clock second (AWS measures over a sliding second, so
 * bursts at a second's boundary may pass here where AWS would throttle).
 */

export const SHARD_LIMITS = {
  writeRecords: 1000,
  writeBytes: 1024 * 1024,
  readCalls: 5,
  readBytes: 2 * 1024 * 1024,
};

interface Window {
  second: number;
  records: number;
  bytes: number;
  reads: number;
  readBytes: number;
}

export class ShardThroughput {
  private readonly windows = new Map<string, Window>();

  private window(shard: string, now: number): Window {
    const second = Math.floor(now / 1000);
    let w = this.windows.get(shard);
    if (!w || w.second !== second) {
      // Old windows are dropped as they are replaced; clear the map when it grows with dead shards.
      if (this.windows.size > 10_000) this.windows.clear();
      w = { second, records: 0, bytes: 0, reads: 0, readBytes: 0 };
      this.windows.set(shard, w);
    }
    return w;
  }

  /** Counts one record written to `shard`; false (and nothing counted) when it would pass a limit. */
  write(shard: string, bytes: number, now: number): boolean {
    const w = this.window(shard, now);
    if (w.records + 1 > SHARD_LIMITS.writeRecords || w.bytes + bytes > SHARD_LIMITS.writeBytes) return false;
    w.records++;
    w.bytes += bytes;
    return true;
  }

  /** Counts one GetRecords call; false when the shard had its 5 this second or read 2 MiB already. */
  read(shard: string, now: number): boolean {
    const w = this.window(shard, now);
    if (w.reads + 1 > SHARD_LIMITS.readCalls || w.readBytes >= SHARD_LIMITS.readBytes) return false;
    w.reads++;
    return true;
  }

  /** Bytes a GetRecords call returned, counted against the read limit. */
  readBytes(shard: string, bytes: number, now: number): void {
    this.window(shard, now).readBytes += bytes;
  }
}

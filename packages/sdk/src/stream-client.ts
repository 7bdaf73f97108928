/**
 * Clients for streams: an official `KinesisClient` set up for Baton, and the small client of
 * Baton's native consumer-group API (`/baton/streams/{stream}/groups/…`: join/heartbeat, leave,
 * checkpoint), which Kinesis has no call for. Reading records always goes through the Kinesis API.
 */
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';

export interface KinesisClientOptions {
  /** Baton's URL, e.g. `http://127.0.0.1:22866`. Without it the client talks to AWS with the SDK's defaults. */
  readonly endpoint?: string;
  /** Default: `us-east-1` with an `endpoint`, otherwise the SDK's. */
  readonly region?: string;
  /** Default: placeholder keys with an `endpoint` (Baton accepts any unless run with `--auth`). */
  readonly credentials?: KinesisClientConfig['credentials'];
}

const LOCAL_CREDENTIALS = { accessKeyId: 'baton', secretAccessKey: 'baton' };

/**
 * An official `KinesisClient` for Baton: endpoint, region and placeholder credentials, and one
 * HTTP/2 connection shared by its requests (Baton accepts cleartext HTTP/2, which the Kinesis
 * client always speaks).
 *
 * @example
 * const kinesis = createKinesisClient({ endpoint: 'http://127.0.0.1:22866' });
 * await kinesis.send(new PutRecordCommand({ StreamName: 'rides', PartitionKey: 'rider-7', Data: bytes }));
 */
export function createKinesisClient(options: KinesisClientOptions = {}): KinesisClient {
  const local = options.endpoint !== undefined;
  const region = options.region ?? (local ? 'us-east-1' : undefined);
  const credentials = options.credentials ?? (local ? LOCAL_CREDENTIALS : undefined);
  return new KinesisClient({
    ...(local ? { endpoint: options.endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    // The client's default opens a new HTTP/2 connection for every request and closes it after
    // (it isolates sessions for SubscribeToShard's event streams); requests of this client share
    // one connection instead, as streams of one session.
    requestHandler: { disableConcurrentStreams: false },
  });
}

/** One shard a member processes now, and where to resume. */
export interface ShardAssignment {
  readonly shardId: string;
  /** Resume after this sequence number; absent: from the shard's oldest record. */
  readonly checkpoint?: string;
  readonly leaseUntil: number;
}

export interface HeartbeatAnswer {
  readonly assigned: readonly ShardAssignment[];
  readonly release: readonly string[];
  readonly members: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
}

/** The native API answered an error (`__type` and message, as the AWS APIs do). */
export class GroupApiError extends Error {
  override readonly name = 'GroupApiError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Calls of the consumer-group API for one stream, group and member. */
export class GroupClient {
  private readonly base: string;

  constructor(
    endpoint: string,
    stream: string,
    group: string,
    private readonly member: string,
    private readonly region: string,
  ) {
    this.base = `${endpoint.replace(/\/+$/, '')}/baton/streams/${encodeURIComponent(stream)}/groups/${encodeURIComponent(group)}`;
  }

  private async call(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const response = await fetch(`${this.base}${path}?region=${encodeURIComponent(this.region)}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
    if (response.status === 204) return undefined;
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      throw new GroupApiError(String(parsed.__type ?? 'Error'), response.status, String(parsed.message ?? text));
    }
    return parsed;
  }

  heartbeat(
    held: readonly string[],
    options: { leaseMs: number; start: 'TRIM_HORIZON' | 'LATEST' },
    signal?: AbortSignal,
  ): Promise<HeartbeatAnswer> {
    return this.call(
      'POST',
      `/members/${encodeURIComponent(this.member)}`,
      { held, leaseMs: options.leaseMs, start: options.start },
      signal,
    ) as Promise<HeartbeatAnswer>;
  }

  async leave(): Promise<void> {
    await this.call('DELETE', `/members/${encodeURIComponent(this.member)}`, undefined);
  }

  /** Refused with a GroupApiError `LeaseLostException` (409) when the member no longer holds the shard. */
  async checkpoint(shardId: string, sequenceNumber: string | undefined, shardEnd = false): Promise<void> {
    await this.call('PUT', `/shards/${encodeURIComponent(shardId)}/checkpoint`, {
      member: this.member,
      ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
      shardEnd,
    });
  }
}

/**
 * `GET /baton/stream`: live updates as server-sent events, for the console and anyone else. Each
 * committed transition of a Standard execution becomes one `transition` message whose data is
 * `{executionArn, stateMachineArn, status, events}`, the events shaped exactly as
 * GetExecutionHistory returns them (so a client merges them into the history it fetched).
 * `?executionArn=` or `?stateMachineArn=` narrows the stream. A comment line every 15 s keeps
 * proxies from closing an idle stream. With auth on, the request must be SigV4-signed like any
 * other: the stream is no way around authentication.
 *
 * Messages are not replayed after a reconnect; a client refetches the history when it
 * (re)connects (the `ready` message), then applies what follows.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TransitionNotice } from '../../runtime/engine.js';
import type { AccessKeys } from '../auth.js';
import { wireEvent } from '../aws/sfn/history.js';
import { nativeRoute } from './route.js';

/** Where transitions come from: the engine's `observe`. */
export interface TransitionSource {
  observe(listener: (notice: TransitionNotice) => void): () => void;
}

export interface StreamOptions {
  readonly source: TransitionSource;
  readonly accessKeys?: AccessKeys;
  readonly keepAliveMs?: number;
}

/** A client that reads slower than executions move is cut off (it reconnects and refetches). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function registerStream(app: FastifyInstance, options: StreamOptions): void {
  const open = new Set<FastifyReply>();
  // Streams never end on their own: end them when the server closes, or close() would wait forever.
  app.addHook('preClose', async () => {
    for (const reply of open) reply.raw.end();
  });
  const stream = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, string | undefined>;
    const executionArn = query.executionArn || undefined;
    const stateMachineArn = query.stateMachineArn || undefined;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    open.add(reply);
    const unsubscribe = options.source.observe((notice) => {
      if (executionArn && notice.executionArn !== executionArn) return;
      if (stateMachineArn && notice.stateMachineArn !== stateMachineArn) return;
      if (raw.writableLength > MAX_BUFFERED_BYTES) {
        raw.end();
        return;
      }
      const data = {
        executionArn: notice.executionArn,
        stateMachineArn: notice.stateMachineArn,
        status: notice.status,
        events: notice.events.map((e) => wireEvent(e, notice.executionArn, true)),
      };
      raw.write(`event: transition\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    keepAlive.unref();
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
      open.delete(reply);
    };
    raw.on('close', stop);
    raw.on('error', stop);
  };
  app.get('/baton/stream', nativeRoute({ accessKeys: options.accessKeys }, stream));
}

/**
 * The native live-update stream (`GET /baton/stream`, server-sent events): one `transition`
 * message per committed transition, its events shaped like GetExecutionHistory's. The browser's
 * EventSource reconnects by itself; each (re)connection starts with `ready`, when a client
 * refetches what it shows, since messages are not replayed.
 */
import { useEffect, useRef } from 'react';
import type { ExecutionStatus, WireHistoryEvent } from './sfn.js';

export interface Transition {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly status: ExecutionStatus;
  readonly events: WireHistoryEvent[];
}

export interface StreamHandlers {
  onTransition(transition: Transition): void;
  /** Connected (again): refetch, since what happened while disconnected is not replayed. */
  onReady?(): void;
}

export function openStream(
  filter: { executionArn?: string; stateMachineArn?: string },
  handlers: StreamHandlers,
): () => void {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
  const source = new EventSource(query.size ? `/baton/stream?${query}` : '/baton/stream');
  source.addEventListener('ready', () => handlers.onReady?.());
  source.addEventListener('transition', (message) => {
    handlers.onTransition(JSON.parse((message as MessageEvent<string>).data) as Transition);
  });
  return () => source.close();
}

/** Subscribes while the component is mounted; the latest handlers are always called. */
export function useStream(
  filter: { executionArn?: string; stateMachineArn?: string } | undefined,
  handlers: StreamHandlers,
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const executionArn = filter?.executionArn;
  const stateMachineArn = filter?.stateMachineArn;
  const enabled = filter !== undefined;
  useEffect(() => {
    if (!enabled) return;
    return openStream(
      { ...(executionArn ? { executionArn } : {}), ...(stateMachineArn ? { stateMachineArn } : {}) },
      {
        onTransition: (t) => latest.current.onTransition(t),
        onReady: () => latest.current.onReady?.(),
      },
    );
  }, [enabled, executionArn, stateMachineArn]);
}

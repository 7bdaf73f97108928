/**
 * A tiny history-API router: the console's paths are real URLs (`/executions/<arn>`), served
 * with index.html by the server, so links can be shared and reloaded.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';
import { withQuery } from './api/http.js';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export interface Location {
  readonly path: string;
  readonly segments: string[];
  readonly query: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, 'http://console');
  return {
    path: url.pathname,
    segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
    query: url.searchParams,
  };
}

export type EventsQuery = {
  readonly bus?: string | undefined;
  readonly tab?: string | undefined;
  readonly registry?: string | undefined;
  readonly schema?: string | undefined;
  readonly version?: string | undefined;
};

/** Paths of the console's pages, in one place. */
export const paths = {
  workflows: () => '/workflows',
  newWorkflow: () => '/workflows/new',
  workflow: (arn: string) => `/workflows/${encodeURIComponent(arn)}`,
  editWorkflow: (arn: string) => `/workflows/${encodeURIComponent(arn)}/edit`,
  executions: (query: Record<string, string | undefined> = {}) => withQuery('/executions', query),
  execution: (arn: string) => `/executions/${encodeURIComponent(arn)}`,
  activities: () => '/activities',
  /** The Events page: a bus and a tab; on the Schemas tab, a registry, a schema and a version. */
  events: (query: EventsQuery = {}) => withQuery('/events', query),
  queues: () => '/queues',
  queue: (arn: string) => `/queues/${encodeURIComponent(arn)}`,
  topic: (arn: string) => `/topics/${encodeURIComponent(arn)}`,
  streams: () => '/streams',
  stream: (arn: string) => `/streams/${encodeURIComponent(arn)}`,
  pipes: () => '/pipes',
  pipe: (arn: string) => `/pipes/${encodeURIComponent(arn)}`,
  eventMap: () => '/map',
};

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

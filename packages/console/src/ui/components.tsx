/** Small shared pieces: status badges, errors, empty states, resource headers, times, JSON blocks. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/http.js';
import type { ExecutionStatus } from '../api/sfn.js';
import type { Outcome } from '../execution/analyze.js';

export function StatusBadge({ status }: { status: ExecutionStatus }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status.replace('_', ' ')}</span>;
}

export const OUTCOME_LABEL: Record<Outcome, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught',
  retried: 'Retried',
  running: 'Running',
  cancelled: 'Cancelled',
  notReached: 'Not reached',
};

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return <span className={`badge outcome-${outcome}`}>{OUTCOME_LABEL[outcome]}</span>;
}

export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error as Error;
  const code = e instanceof ApiError ? e.code : undefined;
  const hint =
    e instanceof ApiError &&
    (code === 'MissingAuthenticationToken' || code === 'InvalidSignatureException' || e.status === 403)
      ? 'This server checks SigV4 signatures (--auth). The console sends unsigned requests; run the server with auth off (the local default) to use it.'
      : code === 'NetworkError'
        ? 'Is the server still running?'
        : undefined;
  return (
    <div className="banner error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      {code ? <code className="code">{code}</code> : null}
      <div className="banner-message">{e.message}</div>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A resource page's header: the way back (`crumbs`, each followed by a slash), its title and ARN, its actions. */
export function ResourceHeader({
  crumbs,
  title,
  arn,
  children,
}: {
  crumbs: ReactNode;
  title: ReactNode;
  arn: string;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <p className="crumbs">{crumbs} /</p>
        <h1>{title}</h1>
        <p className="muted arn">{arn}</p>
      </div>
      {children ? <div className="actions">{children}</div> : null}
    </header>
  );
}

/**
 * A page that lists one kind of resource: its header (and actions), the error and loading states,
 * `empty` (a first-run guide) when there are none, else `children` given the items.
 */
export function ListPage<T>({
  title,
  what,
  list,
  empty,
  actions,
  wide = false,
  children,
}: {
  title: string;
  what: string;
  list: { readonly data?: readonly T[]; readonly error?: Error; readonly loading: boolean };
  empty: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
  children: (items: readonly T[]) => ReactNode;
}) {
  return (
    <div className={wide ? 'page wide' : 'page'}>
      <header className="page-header">
        <h1>{title}</h1>
        {actions}
      </header>
      <ErrorBanner error={list.error} title={`Could not list ${what}`} />
      {list.loading && !list.data ? <Loading what={what} /> : null}
      {list.data?.length === 0 ? empty : null}
      {list.data && list.data.length > 0 ? children(list.data) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" aria-busy="true">
      Loading {what}…
    </div>
  );
}

/** A resource page before it has its data: what loading failed with (under the page's header), or that it loads. */
export function NotLoaded({ header, error, what }: { header: ReactNode; error?: unknown; what: string }) {
  if (!error) return <Loading what={what} />;
  return (
    <div className="page wide">
      {header}
      <ErrorBanner error={error} title={`Could not load the ${what}`} />
    </div>
  );
}

/** A date from epoch seconds (the AWS JSON protocol's timestamps) or milliseconds. */
export function Time({ seconds, ms }: { seconds?: number; ms?: number }) {
  const at = ms ?? (seconds !== undefined ? seconds * 1000 : undefined);
  if (at === undefined) return <span className="muted">—</span>;
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}
    </time>
  );
}

/** A JSON payload (as the API sends it: a string), pretty-printed. */
export function JsonBlock({ text, label }: { text: string | undefined; label: string }) {
  if (text === undefined) return null;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (a cause is often plain text): show it as it is.
  }
  return (
    <section className="payload">
      <h4>{label}</h4>
      <pre>{shown}</pre>
    </section>
  );
}

export function arnName(arn: string): string {
  return arn.split(':').at(-1) ?? arn;
}

/** The machine an execution ARN belongs to (`…:execution:machine:name` → `…:stateMachine:machine`). */
export function machineArnOf(executionArn: string): string {
  const parts = executionArn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':');
}

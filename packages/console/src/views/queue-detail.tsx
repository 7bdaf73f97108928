/**
 * One queue: its counts (refreshed every few seconds), settings, dead-letter relations, a
 * read-only peek at its messages, and — for a dead-letter queue — redrive.
 */
import { useCallback, useState } from 'react';
import { depthOf, redrivePolicy, sqs } from '../api/sqs.js';
import { QueuePeek } from '../queues/peek.js';
import { Redrive } from '../queues/redrive.js';
import { queueNameOfArn } from '../queues/relations.js';
import { Link, paths } from '../router.js';
import { NotLoaded, ResourceHeader } from '../ui/components.js';
import { useAsync, useEvery } from '../ui/use-async.js';

const REFRESH_MS = 3000;

/** The queue's URL and its neighbours: the queues it is the dead-letter queue of, and every queue (read once). */
async function loadRelations(arn: string) {
  const [, , , , account, name = ''] = arn.split(':');
  const url = await sqs.queueUrl(name, account);
  const [sources, all] = await Promise.all([sqs.deadLetterSources(url), sqs.queueUrls()]);
  const arns = (urls: string[]) => Promise.all(urls.map((u) => sqs.queueArn(u)));
  return { url, sources: await arns(sources), all: await arns(all) };
}

const SETTINGS: [string, string, (v: string) => string][] = [
  ['VisibilityTimeout', 'Visibility timeout', (v) => `${v} s`],
  ['MessageRetentionPeriod', 'Retention', (v) => `${Math.round(Number(v) / 3600)} h`],
  ['DelaySeconds', 'Delivery delay', (v) => `${v} s`],
  ['ReceiveMessageWaitTimeSeconds', 'Receive wait (long polling)', (v) => `${v} s`],
  ['MaximumMessageSize', 'Maximum message size', (v) => `${Number(v) / 1024} KiB`],
];

export function QueueDetailPage({ arn }: { arn: string }) {
  const relations = useAsync(() => loadRelations(arn), [arn]);
  const url = relations.data?.url;
  // Only the attributes (the counts among them) are read again every few seconds.
  const loaded = useAsync(async () => (url ? sqs.queue(url) : undefined), [url]);
  // The peek is read again on Refresh and after a redrive; `version` moves then.
  const [version, setVersion] = useState(0);
  const { reload } = loaded;
  const refresh = useCallback(() => {
    reload();
    setVersion((v) => v + 1);
  }, [reload]);
  useEvery(REFRESH_MS, reload);

  const name = queueNameOfArn(arn);
  const header = (
    <ResourceHeader crumbs={<Link href={paths.queues()}>Queues and topics</Link>} title={name} arn={arn}>
      <button type="button" className="button" onClick={refresh}>
        Refresh
      </button>
    </ResourceHeader>
  );
  const error = relations.error ?? (loaded.data ? undefined : loaded.error);
  if (error || !relations.data || !loaded.data) return <NotLoaded header={header} error={error} what="queue" />;
  const queue = loaded.data;
  const { sources, all } = relations.data;
  const depth = depthOf(queue);
  const policy = redrivePolicy(queue);
  return (
    <div className="page wide">
      {header}
      <section className="counters" aria-label="Message counts">
        <Counter label="Messages available" value={depth.visible} testId="visible" />
        <Counter label="In flight" value={depth.inFlight} testId="in-flight" />
        <Counter label="Delayed" value={depth.delayed} testId="delayed" />
      </section>
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          <span className="tag">{queue.attributes.FifoQueue === 'true' ? 'FIFO' : 'Standard'}</span>
        </dd>
        {SETTINGS.filter(([key]) => queue.attributes[key] !== undefined).map(([key, label, show]) => (
          <FactRow key={key} label={label} value={show(queue.attributes[key]!)} />
        ))}
        <dt>Dead-letter queue</dt>
        <dd>
          {policy ? (
            <>
              <Link href={paths.queue(policy.deadLetterTargetArn)}>{queueNameOfArn(policy.deadLetterTargetArn)}</Link>,
              after {policy.maxReceiveCount} receives
            </>
          ) : (
            <span className="muted">none (no RedrivePolicy)</span>
          )}
        </dd>
        <dt>Dead-letter queue of</dt>
        <dd>
          {sources.length === 0 ? (
            <span className="muted">no queue (ListDeadLetterSourceQueues)</span>
          ) : (
            sources.map((s, i) => (
              <span key={s}>
                {i > 0 ? ', ' : ''}
                <Link href={paths.queue(s)}>{queueNameOfArn(s)}</Link>
              </span>
            ))
          )}
        </dd>
      </dl>
      {sources.length > 0 ? <Redrive queueArn={arn} sources={sources} queues={all} onMoved={refresh} /> : null}
      <QueuePeek queueArn={arn} version={version} />
    </div>
  );
}

function Counter({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="counter">
      <div className="counter-value" data-testid={testId}>
        {value.toLocaleString()}
      </div>
      <div className="counter-label">{label}</div>
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

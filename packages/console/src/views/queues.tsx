/**
 * Queues and topics: every queue (ListQueues, GetQueueAttributes) with its depth and dead-letter
 * relations, and every topic (ListTopics, GetTopicAttributes) with its subscription counts.
 * Refreshed every few seconds while open.
 */
import { sns } from '../api/sns.js';
import { sqs } from '../api/sqs.js';
import { queueNameOfArn, queueRows } from '../queues/relations.js';
import { Link, paths } from '../router.js';
import { Empty, ErrorBanner, Loading } from '../ui/components.js';
import { useAsync, useEvery } from '../ui/use-async.js';

const REFRESH_MS = 3000;

export function QueuesPage() {
  const queues = useAsync(async () => queueRows(await sqs.queues()), []);
  const topics = useAsync(() => sns.topics(), []);
  const { reload } = queues;
  useEvery(REFRESH_MS, reload);
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Queues and topics</h1>
      </header>
      <h2>Queues</h2>
      <ErrorBanner error={queues.error} title="Could not list queues" />
      {queues.loading && !queues.data ? <Loading what="queues" /> : null}
      {queues.data?.length === 0 ? <FirstQueue /> : null}
      {queues.data && queues.data.length > 0 ? (
        <table className="table" aria-label="Queues">
          <thead>
            <tr>
              <th>Queue</th>
              <th>Type</th>
              <th className="number">Messages</th>
              <th className="number">In flight</th>
              <th className="number">Delayed</th>
              <th>Dead-letter queue</th>
              <th>Dead-letter queue of</th>
            </tr>
          </thead>
          <tbody>
            {queues.data.map((q) => (
              <tr key={q.arn} data-queue={q.queue.name}>
                <td>
                  <Link href={paths.queue(q.arn)}>{q.queue.name}</Link>
                </td>
                <td>
                  <span className="tag">{q.fifo ? 'FIFO' : 'Standard'}</span>
                </td>
                <td className="number" data-testid="visible">
                  {q.depth.visible}
                </td>
                <td className="number">{q.depth.inFlight}</td>
                <td className="number">{q.depth.delayed}</td>
                <td>
                  {q.deadLetter ? (
                    <>
                      <Link href={paths.queue(q.deadLetter.arn)}>{queueNameOfArn(q.deadLetter.arn)}</Link>{' '}
                      <span className="muted small">after {q.deadLetter.maxReceiveCount} receives</span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {q.sources.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    q.sources.map((s, i) => (
                      <span key={s}>
                        {i > 0 ? ', ' : ''}
                        <Link href={paths.queue(s)}>{queueNameOfArn(s)}</Link>
                      </span>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Topics</h2>
      <ErrorBanner error={topics.error} title="Could not list topics" />
      {topics.loading && !topics.data ? <Loading what="topics" /> : null}
      {topics.data?.length === 0 ? (
        <p className="muted">
          No topics. A topic fans a message out to its subscriptions (queues, workflows, buses, HTTP endpoints):{' '}
          <code>aws sns create-topic --name orders</code>.
        </p>
      ) : null}
      {topics.data && topics.data.length > 0 ? (
        <table className="table" aria-label="Topics">
          <thead>
            <tr>
              <th>Topic</th>
              <th>Type</th>
              <th className="number">Subscriptions</th>
              <th className="number">Pending confirmation</th>
            </tr>
          </thead>
          <tbody>
            {topics.data.map((t) => (
              <tr key={t.arn}>
                <td>
                  <Link href={paths.topic(t.arn)}>{t.name}</Link>
                  {t.attributes.DisplayName ? <span className="muted"> {t.attributes.DisplayName}</span> : null}
                </td>
                <td>
                  <span className="tag">{t.attributes.FifoTopic === 'true' ? 'FIFO' : 'Standard'}</span>
                </td>
                <td className="number">{t.attributes.SubscriptionsConfirmed ?? '0'}</td>
                <td className="number">{t.attributes.SubscriptionsPending ?? '0'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function FirstQueue() {
  return (
    <Empty title="No queues yet">
      <p>
        A queue buffers messages between a producer and its consumers; a dead-letter queue keeps the ones that failed
        too often. Create them from any AWS SDK or the AWS CLI pointed at this server:
      </p>
      <pre className="snippet">{`aws --endpoint-url ${window.location.origin} sqs create-queue --queue-name payments-dlq
aws --endpoint-url ${window.location.origin} sqs create-queue --queue-name payments --attributes \\
  '{"RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"arn:aws:sqs:us-east-1:123456789012:payments-dlq\\",\\"maxReceiveCount\\":\\"3\\"}"}'`}</pre>
    </Empty>
  );
}

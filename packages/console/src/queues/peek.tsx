/**
 * A queue's messages, read with the native peek: SQS has no read-only call (ReceiveMessage, even
 * with VisibilityTimeout 0, counts a receive and can dead-letter the message), so the console
 * asks the server to read its store without changing anything.
 */
import { native, type PeekedMessage } from '../api/native.js';
import { ErrorBanner, Loading, Time } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';

const STATE_LABEL: Record<PeekedMessage['state'], string> = {
  visible: 'visible',
  inFlight: 'in flight',
  delayed: 'delayed',
};

export function QueuePeek({ queueArn, max = 20, version }: { queueArn: string; max?: number; version: number }) {
  const peeked = useAsync(() => native.peek(queueArn, max), [queueArn, max, version]);
  return (
    <section aria-label="Messages">
      <h2>Messages</h2>
      <p className="muted small">
        A peek: read-only, so receive counts, visibility and consumers are untouched (unlike ReceiveMessage). The first{' '}
        {max}, in the order they are or become visible.
      </p>
      <ErrorBanner error={peeked.error} title="Could not peek" />
      {peeked.loading && !peeked.data ? <Loading what="messages" /> : null}
      {peeked.data?.length === 0 ? <p className="muted">The queue is empty.</p> : null}
      {peeked.data && peeked.data.length > 0 ? (
        <table className="table compact" aria-label="Peeked messages">
          <thead>
            <tr>
              <th>State</th>
              <th>Message</th>
              <th>Sent</th>
              <th>Receives</th>
              <th>Body</th>
            </tr>
          </thead>
          <tbody>
            {peeked.data.map((m) => (
              <tr key={m.messageId}>
                <td>
                  <span className={`badge message-${m.state}`}>{STATE_LABEL[m.state]}</span>
                  {m.state !== 'visible' ? (
                    <div className="muted small">
                      until <Time ms={m.visibleTimestamp} />
                    </div>
                  ) : null}
                </td>
                <td className="mono small">
                  {m.messageId}
                  {m.messageGroupId ? <div className="muted">group {m.messageGroupId}</div> : null}
                  {m.deadLetterSourceArn ? (
                    <div className="muted">from {m.deadLetterSourceArn.split(':').at(-1)}</div>
                  ) : null}
                </td>
                <td>
                  <Time ms={m.sentTimestamp} />
                </td>
                <td className="number">{m.receiveCount}</td>
                <td>
                  <pre className="small body">{m.body}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

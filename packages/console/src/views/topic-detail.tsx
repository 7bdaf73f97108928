/**
 * One topic: its attributes and its subscriptions (ListSubscriptionsByTopic,
 * GetSubscriptionAttributes) with their filter policies, read over SNS's Query protocol.
 */
import { type SubscriptionWithAttributes, sns, topicName } from '../api/sns.js';
import { compactJson } from '../definition/format.js';
import { Link, paths } from '../router.js';
import { NotLoaded, ResourceHeader } from '../ui/components.js';
import { ResourceLink } from '../ui/resource-link.js';
import { useAsync } from '../ui/use-async.js';

export function TopicDetailPage({ arn }: { arn: string }) {
  const loaded = useAsync(() => Promise.all([sns.topic(arn), sns.subscriptionsWithAttributes(arn)]), [arn]);
  const header = (
    <ResourceHeader crumbs={<Link href={paths.queues()}>Queues and topics</Link>} title={topicName(arn)} arn={arn} />
  );
  if (loaded.error || !loaded.data) return <NotLoaded header={header} error={loaded.error} what="topic" />;
  const [topic, subscriptions] = loaded.data;
  return (
    <div className="page wide">
      {header}
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          <span className="tag">{topic.attributes.FifoTopic === 'true' ? 'FIFO' : 'Standard'}</span>
        </dd>
        {topic.attributes.DisplayName ? (
          <>
            <dt>Display name</dt>
            <dd>{topic.attributes.DisplayName}</dd>
          </>
        ) : null}
        <dt>Subscriptions</dt>
        <dd>
          {topic.attributes.SubscriptionsConfirmed ?? '0'} confirmed, {topic.attributes.SubscriptionsPending ?? '0'}{' '}
          pending
        </dd>
      </dl>
      <h2>Subscriptions</h2>
      {subscriptions.length === 0 ? (
        <p className="muted">
          No subscriptions: messages published to this topic reach nobody. Subscribe a queue with{' '}
          <code>aws sns subscribe --topic-arn … --protocol sqs --notification-endpoint &lt;queue ARN&gt;</code>.
        </p>
      ) : (
        <table className="table" aria-label="Subscriptions">
          <thead>
            <tr>
              <th>Endpoint</th>
              <th>Protocol</th>
              <th>Filter policy</th>
              <th>Delivery</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <SubscriptionRow key={s.SubscriptionArn + s.Endpoint} subscription={s} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SubscriptionRow({ subscription: s }: { subscription: SubscriptionWithAttributes }) {
  const policy = s.attributes.FilterPolicy;
  const scope = s.attributes.FilterPolicyScope ?? 'MessageAttributes';
  const pending = !s.SubscriptionArn.startsWith('arn:');
  return (
    <tr data-endpoint={s.Endpoint}>
      <td>
        {s.Endpoint.startsWith('arn:') ? <ResourceLink arn={s.Endpoint} /> : <span className="mono">{s.Endpoint}</span>}
      </td>
      <td>
        <span className="tag">{s.Protocol}</span>
        {pending ? <div className="muted small">pending confirmation</div> : null}
      </td>
      <td>
        {policy ? (
          <>
            <div className="muted small">on {scope === 'MessageBody' ? 'the message body' : 'message attributes'}</div>
            <pre className="small pattern">{compactJson(policy)}</pre>
          </>
        ) : (
          <span className="muted">none: every message</span>
        )}
      </td>
      <td className="small">
        {s.attributes.RawMessageDelivery === 'true' ? 'raw message' : 'SNS envelope'}
        {deadLetterArn(s.attributes.RedrivePolicy) ? (
          <div className="muted">
            dead letters to <ResourceLink arn={deadLetterArn(s.attributes.RedrivePolicy)!} />
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** The dead-letter queue of a subscription's RedrivePolicy, if it names one. */
function deadLetterArn(policy: string | undefined): string | undefined {
  try {
    const arn = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn : undefined;
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

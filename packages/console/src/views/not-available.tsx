/** Sections for services that have not landed yet: an honest page instead of a dead link. */
const SECTIONS: Record<string, { title: string; text: string }> = {
  events: {
    title: 'Events',
    text: 'Event buses, rules and targets (EventBridge) are being built. When they land, this page will show buses, their rules and the events that matched them, live.',
  },
  queues: {
    title: 'Queues and topics',
    text: 'Queues (SQS) and topics (SNS) are being built. This page will list them with their depth, in-flight and dead-letter messages.',
  },
  topics: {
    title: 'Queues and topics',
    text: 'Topics (SNS) are being built. This page will list them with their subscriptions and filter policies.',
  },
  streams: { title: 'Streams', text: 'Streams (Kinesis) are planned after queues and topics.' },
  map: {
    title: 'Event map',
    text: 'The event map will draw how producers, buses, rules, queues, topics and workflows connect, once those services exist.',
  },
};

export function NotAvailablePage({ section }: { section: string }) {
  const s = SECTIONS[section] ?? { title: 'Not available', text: 'This page does not exist yet.' };
  return (
    <div className="page">
      <h1>{s.title}</h1>
      <div className="empty">
        <h2>Not available yet</h2>
        <p>{s.text}</p>
        <p className="muted">Today Baton serves Step Functions: see Workflows, Executions and Activities.</p>
      </div>
    </div>
  );
}

/** Paths the console has no page for: an honest page instead of a blank one. */
const SECTIONS: Record<string, { title: string; text: string }> = {
  streams: {
    title: 'Streams',
    text: 'Streams (Kinesis) have no console page yet; use the Kinesis API or the AWS CLI.',
  },
};

export function NotAvailablePage({ section }: { section: string }) {
  const s = SECTIONS[section] ?? { title: 'Not found', text: `The console has no page at /${section}.` };
  return (
    <div className="page">
      <h1>{s.title}</h1>
      <div className="empty">
        <h2>Not available</h2>
        <p>{s.text}</p>
        <p className="muted">See Workflows, Executions, Activities, Events, Queues & topics and the Event map.</p>
      </div>
    </div>
  );
}

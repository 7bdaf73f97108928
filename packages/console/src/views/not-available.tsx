/** Paths the console has no page for: an honest page instead of a blank one. */
export function NotAvailablePage({ section }: { section: string }) {
  return (
    <div className="page">
      <h1>Not found</h1>
      <div className="empty">
        <h2>Not available</h2>
        <p>The console has no page at /{section}.</p>
        <p className="muted">
          See Workflows, Executions, Activities, Events, Queues & topics, Streams, Pipes and the Event map.
        </p>
      </div>
    </div>
  );
}

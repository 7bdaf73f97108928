/** A bus's rules: state, pattern (or schedule), targets, and how many events each matched lately. */
import type { RuleWithTargets } from '../api/events.js';
import { compactJson } from '../definition/format.js';
import { Empty } from '../ui/components.js';
import { ResourceLink } from '../ui/resource-link.js';

export function RulesTable({
  busName,
  rules,
  matched,
  windowLabel,
}: {
  busName: string;
  rules: readonly RuleWithTargets[];
  /** Events matched per rule ARN in the recent window (the event map's counts). */
  matched: ReadonlyMap<string, number>;
  windowLabel: string;
}) {
  if (rules.length === 0) return <FirstRule busName={busName} />;
  return (
    <table className="table rules" aria-label="Rules">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Event pattern</th>
          <th>Targets</th>
          <th title={`Events matched in the last ${windowLabel}`}>Matched ({windowLabel})</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.Arn} data-rule={r.Name}>
            <td>
              <strong>{r.Name}</strong>{' '}
              <span className={`badge rule-${r.State === 'DISABLED' ? 'disabled' : 'enabled'}`}>{r.State}</span>
              {r.Description ? <div className="muted small">{r.Description}</div> : null}
            </td>
            <td>
              {r.EventPattern ? (
                <pre className="small pattern">{compactJson(r.EventPattern)}</pre>
              ) : (
                <span className="muted">schedule {r.ScheduleExpression}</span>
              )}
            </td>
            <td>
              {r.targets.length === 0 ? (
                <span className="muted">No targets: matching events go nowhere.</span>
              ) : (
                <ul className="plain-list">
                  {r.targets.map((t) => (
                    <li key={t.Id}>
                      <ResourceLink arn={t.Arn} />
                      {t.InputTransformer || t.Input || t.InputPath ? (
                        <span className="muted small"> (input transformed)</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td className="number">{matched.get(r.Arn) ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FirstRule({ busName }: { busName: string }) {
  return (
    <Empty title={`No rules on ${busName} yet`}>
      <p>
        A rule routes the events whose content matches its pattern to up to five targets: workflows, queues, topics,
        functions or other buses. Create one from any AWS SDK or the AWS CLI pointed at this server:
      </p>
      <pre className="snippet">{`aws --endpoint-url ${window.location.origin} events put-rule --event-bus-name ${busName} \\
  --name big-orders --event-pattern '{"source":["shop.orders"],"detail":{"total":[{"numeric":[">",100]}]}}'
aws --endpoint-url ${window.location.origin} events put-targets --event-bus-name ${busName} \\
  --rule big-orders --targets Id=audit,Arn=arn:aws:sqs:us-east-1:123456789012:audit`}</pre>
      <p>Then try events against it in the pattern sandbox.</p>
    </Empty>
  );
}

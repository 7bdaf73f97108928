/**
 * The pattern sandbox: paste an event, see which rules of the bus match it and, for the others, the
 * first field that failed; then put the same event on the bus (PutEvents) to watch it flow.
 */
import { useState } from 'react';
import { events, type PutEventsResult, type RuleWithTargets } from '../api/events.js';
import { native } from '../api/native.js';
import { jsonSyntaxError } from '../definition/format.js';
import { ErrorBanner } from '../ui/components.js';
import { ResourceLink } from '../ui/resource-link.js';
import { useAction } from '../ui/use-action.js';
import { evaluate, locationOf, putEntryOf, sampleEvent, type Verdict } from './sandbox.js';

export function PatternSandbox({ bus, rules }: { bus: { Name: string; Arn: string }; rules: RuleWithTargets[] }) {
  const [event, setEvent] = useState(() => sampleEvent(locationOf(bus.Arn)));
  const [verdicts, setVerdicts] = useState<Verdict[]>();
  const [put, setPut] = useState<PutEventsResult>();
  const { busy, error, run } = useAction<'test' | 'put'>();
  const syntaxError = jsonSyntaxError(event);

  const test = () =>
    run('test', async () => {
      setVerdicts(await evaluate(rules, event, { testEventPattern: events.testEventPattern, explain: native.explain }));
    });
  const putOnBus = () =>
    run('put', async () => {
      const made = putEntryOf(event, bus.Name);
      if ('error' in made) throw new Error(made.error);
      const [result] = await events.putEvents([made.entry]);
      setPut(result);
    });

  return (
    <section className="sandbox" aria-label="Pattern sandbox">
      <p className="muted">
        Paste an event in EventBridge's envelope. <em>Test</em> asks TestEventPattern about each rule of{' '}
        <strong>{bus.Name}</strong> and, for a rule that does not match, which field failed first. Nothing is sent until
        you <em>put</em> the event on the bus.
      </p>
      <div className="sandbox-split">
        <div>
          <label>
            Event (JSON)
            <textarea
              className="mono"
              rows={18}
              value={event}
              onChange={(e) => setEvent(e.target.value)}
              aria-label="Event"
              spellCheck={false}
              data-shortcut="/"
            />
          </label>
          {syntaxError ? <p className="field-error">The event is not valid JSON: {syntaxError}</p> : null}
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={busy !== undefined || syntaxError !== undefined}
              onClick={test}
            >
              {busy === 'test' ? 'Testing…' : `Test against ${rules.length} rule${rules.length === 1 ? '' : 's'}`}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== undefined || syntaxError !== undefined}
              onClick={putOnBus}
            >
              {busy === 'put' ? 'Putting…' : `Put on ${bus.Name}`}
            </button>
          </div>
          {put ? <PutResult result={put} /> : null}
          <ErrorBanner error={error} title="The sandbox could not finish" />
        </div>
        <div>
          {verdicts === undefined ? (
            <p className="muted">Results appear here.</p>
          ) : verdicts.length === 0 ? (
            <p className="muted">This bus has no rules: every event put on it goes nowhere.</p>
          ) : (
            <ul className="verdicts" aria-label="Verdicts">
              {verdicts.map((v) => (
                <VerdictItem key={v.rule.Arn} verdict={v} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

function VerdictItem({ verdict }: { verdict: Verdict }) {
  const { rule } = verdict;
  const disabled = rule.State === 'DISABLED';
  return (
    <li className={`verdict verdict-${verdict.kind}`} data-rule={rule.Name}>
      <div className="verdict-head">
        <span className="verdict-mark" aria-hidden="true">
          {verdict.kind === 'matches' ? '✓' : verdict.kind === 'misses' ? '✗' : '◷'}
        </span>
        <strong>{rule.Name}</strong>
        <span className="verdict-word">
          {verdict.kind === 'matches'
            ? disabled
              ? 'matches, but the rule is disabled'
              : 'matches'
            : verdict.kind === 'misses'
              ? 'does not match'
              : 'runs on a schedule, not on events'}
        </span>
      </div>
      {verdict.kind === 'matches' && !disabled ? (
        <div className="small">
          Would go to{' '}
          {rule.targets.length === 0
            ? 'no target (the rule has none)'
            : rule.targets.map((t, i) => (
                <span key={t.Id}>
                  {i > 0 ? ', ' : ''}
                  <ResourceLink arn={t.Arn} />
                </span>
              ))}
        </div>
      ) : null}
      {verdict.kind === 'misses' && verdict.explanation && !verdict.explanation.matches ? (
        <div className="why">
          <p className="why-message">{verdict.explanation.message}</p>
          {verdict.explanation.alternatives > 1 ? (
            <p className="muted small">
              The pattern has {verdict.explanation.alternatives} alternatives ($or); this is the closest one.
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function PutResult({ result }: { result: PutEventsResult }) {
  if ('EventId' in result)
    return (
      <p className="note" role="status">
        Put with EventId <code>{result.EventId}</code>. It has a new id and time; the event map counts it.
      </p>
    );
  return (
    <div className="banner error" role="alert">
      <strong>PutEvents refused the entry</strong> <code className="code">{result.ErrorCode}</code>
      <div className="banner-message">{result.ErrorMessage}</div>
    </div>
  );
}

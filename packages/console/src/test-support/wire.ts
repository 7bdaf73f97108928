/**
 * Test support: histories recorded with `baton run --history` (the interpreter's own events),
 * converted to GetExecutionHistory's wire shape the way the server's `wireEvent` does.
 */
import type { WireHistoryEvent } from '../api/sfn.js';

interface RecordedEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly details?: Record<string, unknown>;
}

function detailsKey(type: string): string | undefined {
  const lower = (s: string) => s[0]!.toLowerCase() + s.slice(1);
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  if (type === 'MapStateStarted') return 'mapStateStartedEventDetails';
  if (type.startsWith('MapIteration')) return `mapIteration${type.slice('MapIteration'.length)}EventDetails`;
  if (/^(Execution|Task|Activity|LambdaFunction|EvaluationFailed)/.test(type) && type !== 'LambdaFunctionStarted')
    return `${lower(type)}EventDetails`;
  return undefined;
}

export function toWire(events: readonly RecordedEvent[]): WireHistoryEvent[] {
  return events.map((e) => {
    const out: Record<string, unknown> = {
      id: e.id,
      previousEventId: e.previousEventId,
      timestamp: Date.parse(e.timestamp) / 1000,
      type: e.type,
    };
    const key = detailsKey(e.type);
    if (key && e.details) {
      const details: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(e.details))
        details[field] =
          field === 'input' || field === 'output' || field === 'parameters' ? JSON.stringify(value) : value;
      out[key] = details;
    }
    return out as unknown as WireHistoryEvent;
  });
}

/** A wire event written by hand (for histories the CLI cannot produce, like a waiting activity). */
export function event(
  id: number,
  previousEventId: number,
  type: string,
  details?: Record<string, unknown>,
  seconds = id,
): WireHistoryEvent {
  const key = detailsKey(type);
  return {
    id,
    previousEventId,
    timestamp: 1_700_000_000 + seconds,
    type,
    ...(key && details ? { [key]: details } : {}),
  };
}

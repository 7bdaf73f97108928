/**
 * History events on the wire (API reference, "HistoryEvent"): each type's details go under its
 * own `…EventDetails` member, JSON payloads become strings with their `…Details`, timestamps
 * become epoch seconds. `includeExecutionData: false` drops inputs and outputs.
 */
import type { HistoryEvent, HistoryEventType } from '../../../asl/index.js';
import type { Json, JsonObject } from '../../../kernel/index.js';
import { epochSeconds } from '../pagination.js';

function detailsKey(type: HistoryEventType): string | undefined {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  if (type === 'MapStateStarted') return 'mapStateStartedEventDetails';
  if (type.startsWith('MapIteration')) return `mapIteration${type.slice('MapIteration'.length)}EventDetails`;
  if (type === 'MapRunStarted' || type === 'MapRunFailed') return `${lowerFirst(type)}EventDetails`;
  if (/^(Execution|Task|Activity|LambdaFunction|EvaluationFailed)/.test(type) && type !== 'LambdaFunctionStarted') {
    return `${lowerFirst(type)}EventDetails`;
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}

const PAYLOAD_FIELDS: Record<string, string> = { input: 'inputDetails', output: 'outputDetails' };

export function wireEvent(event: HistoryEvent, executionArn: string, includeData: boolean): JsonObject {
  const out: JsonObject = {
    timestamp: epochSeconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  const key = detailsKey(event.type);
  if (!key || !event.details) return out;
  const details: JsonObject = {};
  for (const [field, value] of Object.entries(event.details)) {
    if (field in PAYLOAD_FIELDS || field === 'parameters') {
      if (!includeData) continue;
      details[field] = JSON.stringify(value);
      if (field !== 'parameters') details[PAYLOAD_FIELDS[field]!] = { truncated: false };
    } else if (field === 'assignedVariables') {
      if (!includeData) continue;
      details.assignedVariables = Object.fromEntries(
        Object.entries(value as JsonObject).map(([k, v]) => [k, JSON.stringify(v)]),
      );
      details.assignedVariablesDetails = { truncated: false };
    } else details[field] = value as Json;
  }
  if (event.type === 'TaskScheduled') details.region = executionArn.split(':')[3]!;
  out[key] = details;
  return out;
}

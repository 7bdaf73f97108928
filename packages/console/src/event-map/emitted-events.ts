/**
 * The events a workflow puts on buses, read from its definition: every
 * `arn:aws:states:::events:putEvents` Task (in branches and item processors too) and the entries
 * of its Parameters (JSONPath) or Arguments (JSONata). A value computed at run time (`Source.$`, a
 * JSONata expression) is reported as such, not guessed.
 */
export interface EmittedEvent {
  /** The name of the Task state that puts the event. */
  readonly state: string;
  /** Undefined when computed at run time. */
  readonly source?: string;
  readonly detailType?: string;
  /** The bus's name (an ARN given in EventBusName is reduced to its name); `default` when absent. */
  readonly busName: string;
}

const PUT_EVENTS = /^arn:[^:]+:states:::events:putEvents(\.waitForTaskToken)?$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A literal string member (`Source`), or undefined when absent, computed (`Source.$`) or an expression. */
function literal(entry: Record<string, Json>, name: string): string | undefined {
  const value = entry[name];
  return typeof value === 'string' && !value.startsWith('{%') ? value : undefined;
}

function busNameOf(value: string | undefined): string {
  if (!value) return 'default';
  return value.startsWith('arn:') ? (value.split('event-bus/')[1] ?? value) : value;
}

export function emittedEvents(definition: unknown): EmittedEvent[] {
  const out: EmittedEvent[] = [];
  const visitStates = (states: unknown) => {
    if (!isObject(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Task' && typeof state.Resource === 'string' && PUT_EVENTS.test(state.Resource)) {
        const args = isObject(state.Parameters) ? state.Parameters : isObject(state.Arguments) ? state.Arguments : {};
        const entries = Array.isArray(args.Entries) ? args.Entries : [{}];
        for (const entry of entries) {
          const e = isObject(entry) ? entry : {};
          const source = literal(e, 'Source');
          const detailType = literal(e, 'DetailType');
          out.push({
            state: name,
            ...(source !== undefined ? { source } : {}),
            ...(detailType !== undefined ? { detailType } : {}),
            busName: busNameOf(literal(e, 'EventBusName')),
          });
        }
      }
      for (const branch of Array.isArray(state.Branches) ? state.Branches : []) visit(branch);
      visit(state.ItemProcessor);
      visit(state.Iterator);
    }
  };
  const visit = (flow: unknown) => {
    if (isObject(flow)) visitStates(flow.States);
  };
  visit(definition);
  return out;
}

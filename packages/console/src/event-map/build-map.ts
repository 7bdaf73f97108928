/**
 * The event map (the talk's event storming, drawn from the live system): who produces which
 * events, the buses they go on, the rules that route them and the targets they reach — workflows
 * among them, which may put events of their own. Choreography (events between services) and
 * orchestration (a workflow's own steps) meet where a rule starts a workflow that emits events.
 *
 * Built from what the APIs say (buses, rules, targets, workflow definitions) and the native counts
 * of the recent window. A counted event is drawn from the workflow that put it when its execution
 * is named in the event (Step Functions status changes) or when that workflow's definition puts
 * events of that source and detail type on that bus; otherwise from a producer named by its source.
 */
import type { EventBus, RuleWithTargets } from '../api/events.js';
import { targetKind } from '../api/events.js';
import type { EventMapCounts } from '../api/native.js';
import type { EmittedEvent } from './emitted-events.js';

export type MapNodeKind = 'producer' | 'workflow' | 'event' | 'bus' | 'rule' | 'target';

export interface MapNode {
  readonly id: string;
  readonly kind: MapNodeKind;
  readonly label: string;
  readonly detail?: string;
  /** Events counted in the window (events and producers), or matched (rules). */
  readonly count?: number;
  /** The resource the node stands for (links to its page). */
  readonly arn?: string;
}

export interface MapEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly count?: number;
}

export interface EventMapModel {
  readonly nodes: MapNode[];
  readonly edges: MapEdge[];
}

export interface WorkflowInfo {
  readonly arn: string;
  readonly name: string;
  readonly emits: readonly EmittedEvent[];
}

export interface MapInputs {
  readonly buses: readonly EventBus[];
  readonly rules: readonly RuleWithTargets[];
  readonly workflows: readonly WorkflowInfo[];
  readonly counts?: EventMapCounts;
}

const RUN_TIME = '(set at run time)';

export function buildEventMap({ buses, rules, workflows, counts }: MapInputs): EventMapModel {
  const nodes = new Map<string, MapNode>();
  const edges = new Map<string, MapEdge>();
  const node = (n: MapNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const edge = (source: string, target: string, count?: number) => {
    const id = `${source}->${target}`;
    const prior = edges.get(id);
    const total = count === undefined ? prior?.count : (prior?.count ?? 0) + count;
    edges.set(id, { id, source, target, ...(total !== undefined ? { count: total } : {}) });
  };
  const busArnByName = new Map(buses.map((b) => [b.Name, b.Arn]));
  const busNode = (arn: string) =>
    node({ id: `bus:${arn}`, kind: 'bus', label: arn.split('event-bus/')[1] ?? arn, arn });
  const workflowName = new Map(workflows.map((w) => [w.arn, w.name]));
  const workflowNode = (arn: string) =>
    node({ id: `workflow:${arn}`, kind: 'workflow', label: workflowName.get(arn) ?? arn.split(':').at(-1)!, arn });
  const eventId = (busArn: string, source: string | undefined, detailType: string | undefined) =>
    `event:${busArn}|${source ?? RUN_TIME}|${detailType ?? RUN_TIME}`;
  const eventCounts = new Map<string, number>();
  for (const e of counts?.events ?? []) {
    const id = eventId(e.busArn, e.source, e.detailType);
    eventCounts.set(id, (eventCounts.get(id) ?? 0) + e.count);
  }
  const eventNode = (busArn: string, source: string | undefined, detailType: string | undefined) => {
    const id = eventId(busArn, source, detailType);
    node({
      id,
      kind: 'event',
      label: detailType ?? RUN_TIME,
      detail: source ?? RUN_TIME,
      count: eventCounts.get(id) ?? 0,
    });
    edge(id, busNode(busArn));
    return id;
  };

  for (const bus of buses) busNode(bus.Arn);

  // Rules and where they route.
  const matched = new Map(counts?.rules.map((r) => [r.ruleArn, r.matched]));
  for (const rule of rules) {
    const busArn = busArnByName.get(rule.EventBusName);
    if (!busArn) continue;
    const ruleId = node({
      id: `rule:${rule.Arn}`,
      kind: 'rule',
      label: rule.Name,
      detail: rule.State === 'DISABLED' ? 'disabled' : rule.EventPattern ? 'pattern' : (rule.ScheduleExpression ?? ''),
      count: matched.get(rule.Arn) ?? 0,
      arn: rule.Arn,
    });
    edge(busNode(busArn), ruleId, matched.get(rule.Arn) ?? 0);
    for (const t of rule.targets) {
      const kind = targetKind(t.Arn);
      const targetId =
        kind === 'workflow'
          ? workflowNode(t.Arn)
          : kind === 'bus'
            ? busNode(t.Arn)
            : node({
                id: `target:${t.Arn}`,
                kind: 'target',
                label: t.Arn.split(/[:/]/).at(-1)!,
                detail: kind,
                arn: t.Arn,
              });
      edge(ruleId, targetId);
    }
  }

  // What workflows put on buses, by their definitions (counted or not).
  const declared = new Map<string, string[]>();
  for (const w of workflows) {
    for (const e of w.emits) {
      const busArn = busArnByName.get(e.busName);
      if (!busArn) continue;
      const id = eventNode(busArn, e.source, e.detailType);
      edge(workflowNode(w.arn), id);
      declared.set(id, [...(declared.get(id) ?? []), w.arn]);
    }
  }

  // Counted events: from the workflow they name, a workflow that declares them, or their source.
  for (const e of counts?.events ?? []) {
    const id = eventNode(e.busArn, e.source, e.detailType);
    const declaredBy = declared.get(id) ?? [];
    if (e.workflowArn) edge(workflowNode(e.workflowArn), id, e.count);
    // Declared by several workflows: which one put them is not known, so the count stays on the event.
    else if (declaredBy.length === 1) edge(workflowNode(declaredBy[0]!), id, e.count);
    else if (declaredBy.length === 0)
      edge(node({ id: `producer:${e.source}`, kind: 'producer', label: e.source }), id, e.count);
  }
  for (const n of nodes.values()) {
    if (n.kind !== 'producer') continue;
    const total = [...edges.values()].filter((x) => x.source === n.id).reduce((sum, x) => sum + (x.count ?? 0), 0);
    nodes.set(n.id, { ...n, count: total });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** A key that changes only when the map's shape does (not its counts): relayout only then. */
export function shapeKey(model: EventMapModel): string {
  return JSON.stringify([model.nodes.map((n) => n.id).sort(), model.edges.map((e) => e.id).sort()]);
}

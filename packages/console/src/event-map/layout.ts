/**
 * Lays the event map out left to right with ELK's layered algorithm (the engine the workflow
 * graphs use): producers on the left, then events, buses, rules and targets. Cycles — a workflow
 * that a rule starts and that puts events back on the bus — are ELK's to break.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { Box } from '../graph/layout.js';
import { elkEngine } from '../graph/layout.js';
import type { EventMapModel, MapNodeKind } from './build-map.js';

export const NODE_SIZE: Record<MapNodeKind, { width: number; height: number }> = {
  producer: { width: 170, height: 62 },
  workflow: { width: 180, height: 50 },
  event: { width: 190, height: 62 },
  bus: { width: 150, height: 50 },
  rule: { width: 170, height: 62 },
  target: { width: 170, height: 50 },
};

export async function layoutEventMap(model: EventMapModel): Promise<Map<string, Box>> {
  const engine = await elkEngine();
  const root: ElkNode = {
    id: '__map',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: model.nodes.map((n) => ({ id: n.id, ...NODE_SIZE[n.kind] })),
    edges: model.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = await engine.layout(root);
  return new Map(
    (laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }]),
  );
}

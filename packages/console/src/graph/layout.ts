/**
 * Lays a workflow graph out with ELK's layered algorithm, top to bottom; Parallel branches and Map
 * item processors are laid out inside their compound nodes first (transitions never leave their
 * scope, so each scope is laid out on its own, bottom-up). Positions are relative to the parent
 * node, which is what React Flow expects of nodes with a `parentId`.
 */
import type { ELK as ElkEngine, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { buildGraph, type GraphNode, type WorkflowGraph } from './build-graph.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

const STATE_WIDTH = 200;
const STATE_HEIGHT = 52;
const TERMINAL_WIDTH = 84;
const TERMINAL_HEIGHT = 32;

let elk: ElkEngine | undefined;

/**
 * ELK is large (1.4 MB). In the browser it runs in a Web Worker, so a large layout neither
 * blocks nor waits for the page; elsewhere (unit tests) the bundled build runs in-process.
 */
export async function elkEngine(): Promise<ElkEngine> {
  if (!elk) {
    if (typeof Worker !== 'undefined' && typeof window !== 'undefined') {
      const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
        import('elkjs/lib/elk-api.js'),
        import('elkjs/lib/elk-worker.min.js?url'),
      ]);
      elk = new ELK({ workerUrl, workerFactory: (url) => new Worker(url ?? workerUrl) });
    } else {
      const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
      elk = new ELK();
    }
  }
  return elk;
}

function sizeOf(node: GraphNode): { width: number; height: number } {
  if (node.kind === 'start' || node.kind === 'end') return { width: TERMINAL_WIDTH, height: TERMINAL_HEIGHT };
  return { width: STATE_WIDTH, height: STATE_HEIGHT };
}

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeLabels.inline': 'true',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

/**
 * For large graphs: one crossing-minimisation sweep and simple node placement. A 200-state
 * machine then lays out in about 150 ms once ELK is warm, against 480 ms with the defaults.
 */
const FAST = {
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
};

/** Above this many nodes, edges into hubs (a shared error handler) stop shaping the layout. */
const LARGE_GRAPH = 80;
const HUB_EDGES = 4;

/**
 * The edges ELK lays out. In a large machine, many Catch and Default edges lead to one shared
 * handler; each such edge spans many layers and the layered algorithm's cost grows with the
 * dummy nodes they need (a 200-state machine took 6 s with them, 0.2 s without). There only the
 * first edge into a hub shapes the layout; the others are still drawn, routed by React Flow.
 */
export function layoutEdges(graph: WorkflowGraph): WorkflowGraph['edges'] {
  if (graph.nodes.length <= LARGE_GRAPH) return graph.edges;
  const incoming = new Map<string, number>();
  for (const edge of graph.edges) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  const seen = new Set<string>();
  return graph.edges.filter((edge) => {
    if (edge.kind === 'next' || (incoming.get(edge.target) ?? 0) < HUB_EDGES) return true;
    if (seen.has(edge.target)) return false;
    seen.add(edge.target);
    return true;
  });
}

/**
 * ELK is compiled Java: its first layouts run cold (about a second for 200 states). The console
 * warms it up in the background when it starts, so the first graph a user opens is drawn warm.
 */
export async function warmUpLayout(): Promise<void> {
  const states: Record<string, object> = {};
  for (let i = 0; i < 100; i++) states[`S${i}`] = i < 99 ? { Type: 'Pass', Next: `S${i + 1}` } : { Type: 'Succeed' };
  for (let round = 0; round < 3; round++) await layoutGraph(buildGraph({ StartAt: 'S0', States: states }));
}

export async function layoutGraph(graph: WorkflowGraph): Promise<GraphLayout> {
  const layoutEngine = await elkEngine();
  const large = graph.nodes.length > LARGE_GRAPH;
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '__root',
    layoutOptions: large ? { ...LAYERED, ...FAST } : LAYERED,
    children: [],
    edges: [],
  };
  for (const node of graph.nodes) {
    const elkNode: ElkNode = node.compound
      ? {
          id: node.id,
          children: [],
          edges: [],
          layoutOptions: {
            ...LAYERED,
            ...(large ? FAST : {}),
            'elk.padding':
              node.kind === 'branch' ? '[top=30,left=14,bottom=14,right=14]' : '[top=60,left=16,bottom=16,right=16]',
            // A Parallel's branches share one layer: side by side, in definition order.
            ...(node.stateType === 'Parallel' ? { 'elk.separateConnectedComponents': 'false' } : {}),
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${STATE_WIDTH + 32},${STATE_HEIGHT + 40})`,
          },
        }
      : { id: node.id, ...sizeOf(node) };
    elkNodes.set(node.id, elkNode);
  }
  for (const node of graph.nodes) {
    const container = node.parent ? elkNodes.get(node.parent) : root;
    (container ?? root).children!.push(elkNodes.get(node.id)!);
  }
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  for (const edge of layoutEdges(graph)) {
    const scope = parentOf.get(edge.source);
    const container = scope ? elkNodes.get(scope) : root;
    const elkEdge: ElkExtendedEdge = {
      id: edge.id,
      sources: [edge.source],
      targets: [edge.target],
      ...(edge.label
        ? { labels: [{ text: edge.label, width: Math.min(240, 7 * edge.label.length + 12), height: 18 }] }
        : {}),
    };
    (container ?? root).edges!.push(elkEdge);
  }
  const laid = await layoutEngine.layout(root);
  const boxes = new Map<string, Box>();
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      visit(child);
    }
  };
  visit(laid);
  return { boxes, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/**
 * The workflow graph: a definition's states laid out by ELK and drawn by React Flow, optionally
 * coloured by each state's outcome in an execution. Selecting a node (click, or Tab then Enter)
 * reports the state's name.
 */
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Outcome } from '../execution/analyze.js';
import type { GraphNode, WorkflowGraph } from './build-graph.js';
import { type GraphLayout, layoutGraph } from './layout.js';

interface StateData extends Record<string, unknown> {
  readonly node: GraphNode;
  readonly outcome?: Outcome;
  readonly flagged: boolean;
  readonly chosen: boolean;
}

type StateNodeType = Node<StateData, 'state' | 'terminal' | 'compound'>;

const StateNode = memo(function StateNode({ data }: NodeProps<StateNodeType>) {
  const { node, outcome, flagged, chosen } = data;
  const classes = ['state-node', `type-${(node.stateType ?? 'Unknown').toLowerCase()}`];
  if (outcome) classes.push(`outcome-${outcome}`);
  if (flagged) classes.push('flagged');
  if (chosen) classes.push('chosen');
  return (
    <div className={classes.join(' ')} data-state={node.stateName} title={node.detail ?? node.label}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="state-name">{node.label}</div>
      <div className="state-meta">
        <span className="state-type">{node.stateType}</span>
        {node.detail ? <span className="state-detail">{node.detail}</span> : null}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const GroupNode = memo(function GroupNode({ data }: NodeProps<StateNodeType>) {
  const { node, outcome, flagged, chosen } = data;
  const classes = ['group-node', node.kind === 'branch' ? 'branch' : `type-${(node.stateType ?? '').toLowerCase()}`];
  if (outcome) classes.push(`outcome-${outcome}`);
  if (flagged) classes.push('flagged');
  if (chosen) classes.push('chosen');
  return (
    <div className={classes.join(' ')} data-state={node.stateName}>
      {node.kind === 'state' ? <Handle type="target" position={Position.Top} isConnectable={false} /> : null}
      <div className="group-label">
        <span className="state-name">{node.label}</span>
        {node.kind === 'state' ? <span className="state-type">{node.stateType}</span> : null}
      </div>
      {node.kind === 'state' ? <Handle type="source" position={Position.Bottom} isConnectable={false} /> : null}
    </div>
  );
});

const TerminalNode = memo(function TerminalNode({ data }: NodeProps<StateNodeType>) {
  return (
    <div className="terminal-node">
      {data.node.kind === 'end' ? <Handle type="target" position={Position.Top} isConnectable={false} /> : null}
      {data.node.label}
      {data.node.kind === 'start' ? <Handle type="source" position={Position.Bottom} isConnectable={false} /> : null}
    </div>
  );
});

const nodeTypes = { state: StateNode, compound: GroupNode, terminal: TerminalNode };

/** Below this zoom, state names cannot be read: large graphs are shown from the top instead. */
const MIN_READABLE_ZOOM = 0.45;

export interface WorkflowGraphProps {
  readonly graph: WorkflowGraph;
  readonly outcomes?: ReadonlyMap<string, Outcome>;
  /** State names to flag (diagnostics). */
  readonly flagged?: ReadonlySet<string>;
  readonly selected?: string;
  readonly onSelect?: (stateName: string) => void;
  readonly label?: string;
}

export function WorkflowGraphView(props: WorkflowGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ graph, outcomes, flagged, selected, onSelect, label }: WorkflowGraphProps) {
  const [layout, setLayout] = useState<{ graph: WorkflowGraph; layout: GraphLayout }>();
  const [layoutError, setLayoutError] = useState<string>();
  const flow = useReactFlow();
  const container = useRef<HTMLElement>(null);
  const layoutStarted = useRef(0);

  useEffect(() => {
    let current = true;
    const started = performance.now();
    layoutStarted.current = started;
    layoutGraph(graph).then(
      (result) => {
        if (!current) return;
        setLayout({ graph, layout: result });
        setLayoutError(undefined);
        // Exposed for the end-to-end timing of large graphs.
        document.documentElement.dataset.lastLayoutMs = String(Math.round(performance.now() - started));
      },
      (e: Error) => current && setLayoutError(e.message),
    );
    return () => {
      current = false;
    };
  }, [graph]);

  const nodes = useMemo<StateNodeType[]>(() => {
    if (!layout) return [];
    return layout.graph.nodes.flatMap((node) => {
      const box = layout.layout.boxes.get(node.id);
      if (!box) return [];
      const type = node.kind === 'start' || node.kind === 'end' ? 'terminal' : node.compound ? 'compound' : 'state';
      const outcome =
        node.stateName !== undefined
          ? outcomes
            ? (outcomes.get(node.stateName) ?? 'notReached')
            : undefined
          : undefined;
      return [
        {
          id: node.id,
          type,
          position: { x: box.x, y: box.y },
          ...(node.parent ? { parentId: node.parent, extent: 'parent' as const } : {}),
          data: {
            node,
            ...(outcome ? { outcome } : {}),
            flagged: node.stateName !== undefined && (flagged?.has(node.stateName) ?? false),
            chosen: node.stateName !== undefined && node.stateName === selected,
          },
          // Fixed sizes: React Flow then never hides a node while it measures it again.
          width: box.width,
          height: box.height,
          draggable: false,
          connectable: false,
          selectable: node.kind === 'state',
          ariaLabel: node.stateName ? `State ${node.stateName}${outcome ? `: ${outcome}` : ''}` : node.label,
        },
      ];
    });
  }, [layout, outcomes, flagged, selected]);

  const edges = useMemo<Edge[]>(() => {
    if (!layout) return [];
    return layout.graph.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'smoothstep',
      className: `edge-${edge.kind}`,
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      ...(edge.label ? { label: edge.label } : {}),
      focusable: false,
    }));
  }, [layout]);

  // Frame a new layout (not when only colours change): the whole graph when it is readable at
  // that zoom, else its top at a readable zoom (scroll or drag to see the rest).
  useEffect(() => {
    if (!layout) return;
    const frame = requestAnimationFrame(() => {
      const box = container.current?.getBoundingClientRect();
      const { width, height } = layout.layout;
      const fit = box && width > 0 && height > 0 ? Math.min(box.width / width, box.height / height) * 0.92 : 1;
      if (!box || fit >= MIN_READABLE_ZOOM) void flow.fitView({ padding: 0.08, maxZoom: 1.1 });
      else {
        const zoom = Math.max(MIN_READABLE_ZOOM, Math.min(1, (box.width / width) * 0.92));
        void flow.setViewport({ x: (box.width - width * zoom) / 2, y: 16, zoom });
      }
      document.documentElement.dataset.lastGraphMs = String(Math.round(performance.now() - layoutStarted.current));
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, flow]);

  if (layoutError) return <div className="banner error">The graph could not be laid out: {layoutError}</div>;
  return (
    <section
      ref={container}
      className="graph"
      aria-label={label ?? 'Workflow graph'}
      data-testid="workflow-graph"
      data-laid-out={layout ? 'yes' : 'no'}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onlyRenderVisibleElements={graph.nodes.length > 150}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const name = (node.data as StateData).node.stateName;
          if (name !== undefined) onSelect?.(name);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          const id = (event.target as HTMLElement).closest('[data-id]')?.getAttribute('data-id');
          const node = graph.nodes.find((n) => n.id === id);
          if (node?.stateName !== undefined) {
            event.preventDefault();
            onSelect?.(node.stateName);
          }
        }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}

/** The legend of outcome colours shown under an execution's graph. */
export function OutcomeLegend() {
  const outcomes: Outcome[] = ['succeeded', 'failed', 'caught', 'retried', 'running', 'cancelled', 'notReached'];
  return (
    <ul className="legend" aria-label="Legend">
      {outcomes.map((o) => (
        <li key={o}>
          <span className={`swatch outcome-${o}`} />
          {o === 'notReached' ? 'not reached' : o}
        </li>
      ))}
    </ul>
  );
}

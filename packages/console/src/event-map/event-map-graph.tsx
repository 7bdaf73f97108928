/**
 * The event map drawn by React Flow: sticky-note nodes by kind (event storming's colours: events
 * orange, producers yellow, workflows green, buses and rules lilac, targets blue), edges labelled
 * with the window's counts. Laid out again only when the map's shape changes, so counts update in
 * place. Clicking a node with a page (a workflow, queue, topic or bus) opens it.
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
import { memo, useEffect, useMemo, useState } from 'react';
import type { Box } from '../graph/layout.js';
import { navigate } from '../router.js';
import { pageOf } from '../ui/resource-link.js';
import { type EventMapModel, type MapNode, shapeKey } from './build-map.js';
import { layoutEventMap } from './layout.js';

const KIND_LABEL: Record<MapNode['kind'], string> = {
  producer: 'producer',
  workflow: 'workflow',
  event: 'event',
  bus: 'event bus',
  rule: 'rule',
  target: 'target',
};

type MapNodeType = Node<{ node: MapNode }, 'sticky'>;

const Sticky = memo(function Sticky({ data }: NodeProps<MapNodeType>) {
  const { node } = data;
  return (
    <div
      className={`sticky kind-${node.kind}${node.count ? ' active' : ''}`}
      data-node={node.id}
      title={node.arn ?? node.label}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Handle type="target" id="back" position={Position.Top} isConnectable={false} />
      <div className="sticky-kind">
        {node.detail ? `${KIND_LABEL[node.kind]} · ${node.detail}` : KIND_LABEL[node.kind]}
      </div>
      <div className="sticky-label">{node.label}</div>
      {node.count !== undefined ? (
        <div className="sticky-count" data-testid="count">
          {node.count.toLocaleString()} {node.kind === 'rule' ? 'matched' : node.count === 1 ? 'event' : 'events'}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
      <Handle type="source" id="back" position={Position.Top} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { sticky: Sticky };

export function EventMapGraph({ model }: { model: EventMapModel }) {
  return (
    <ReactFlowProvider>
      <Canvas model={model} />
    </ReactFlowProvider>
  );
}

function Canvas({ model }: { model: EventMapModel }) {
  const shape = shapeKey(model);
  const [boxes, setBoxes] = useState<{ shape: string; boxes: Map<string, Box> }>();
  const [error, setError] = useState<string>();
  const flow = useReactFlow();

  // biome-ignore lint/correctness/useExhaustiveDependencies: laid out again only when the shape changes.
  useEffect(() => {
    let current = true;
    layoutEventMap(model).then(
      (laid) => current && setBoxes({ shape, boxes: laid }),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [shape]);

  useEffect(() => {
    if (!boxes) return;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.06, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [boxes, flow]);

  const nodes = useMemo<MapNodeType[]>(
    () =>
      model.nodes.flatMap((node) => {
        const box = boxes?.boxes.get(node.id);
        if (!box) return [];
        return [
          {
            id: node.id,
            type: 'sticky' as const,
            position: { x: box.x, y: box.y },
            data: { node },
            width: box.width,
            height: box.height,
            draggable: false,
            connectable: false,
            ariaLabel: `${KIND_LABEL[node.kind]} ${node.label}${node.count !== undefined ? `, ${node.count}` : ''}`,
          },
        ];
      }),
    [model, boxes],
  );
  const edges = useMemo<Edge[]>(
    () =>
      model.edges.map((e) => {
        // An edge back to the left (a rule starting a workflow that emits earlier in the flow) goes
        // over the top, from handle to handle, instead of through the nodes between.
        const from = boxes?.boxes.get(e.source);
        const to = boxes?.boxes.get(e.target);
        const back = from && to && to.x < from.x;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          ...(back ? { sourceHandle: 'back', targetHandle: 'back', type: 'smoothstep' } : {}),
          className: `map-edge${e.count ? ' active' : ''}${back ? ' back' : ''}`,
          animated: Boolean(e.count),
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
          ...(e.count !== undefined ? { label: String(e.count) } : {}),
          focusable: false,
        };
      }),
    [model, boxes],
  );

  if (error) return <div className="banner error">The map could not be laid out: {error}</div>;
  return (
    <section className="graph event-map" aria-label="Event map" data-laid-out={boxes ? 'yes' : 'no'}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, n) => {
          const arn = (n.data as { node: MapNode }).node.arn;
          const href = arn ? pageOf(arn) : undefined;
          if (href) navigate(href);
        }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}

export function MapLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      {(Object.keys(KIND_LABEL) as MapNode['kind'][]).map((k) => (
        <li key={k}>
          <span className={`swatch sticky-swatch kind-${k}`} />
          {KIND_LABEL[k]}
        </li>
      ))}
    </ul>
  );
}

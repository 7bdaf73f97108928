import { describe, expect, it } from 'vitest';
import { generatedDefinition } from '../test-support/generated.js';
import { buildGraph } from './build-graph.js';
import { layoutGraph, warmUpLayout } from './layout.js';

describe('layoutGraph', () => {
  it('places every node, children inside their compound parents', async () => {
    const graph = buildGraph({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const layout = await layoutGraph(graph);
    for (const node of graph.nodes) expect(layout.boxes.has(node.id), node.id).toBe(true);
    const fan = layout.boxes.get('Fan')!;
    const branch = layout.boxes.get('Fan/0')!;
    const a = layout.boxes.get('Fan/0/A')!;
    // Relative positions: a child fits inside its parent's box.
    expect(branch.x + branch.width).toBeLessThanOrEqual(fan.width);
    expect(a.x + a.width).toBeLessThanOrEqual(branch.width);
    // Top to bottom: Start above Fan above Done.
    expect(layout.boxes.get('__start')!.y).toBeLessThan(fan.y);
    expect(fan.y + fan.height).toBeLessThanOrEqual(layout.boxes.get('Done')!.y);
  });

  it('lays out a 200-state machine in well under a second', { timeout: 60_000 }, async () => {
    const graph = buildGraph(generatedDefinition(200));
    expect(graph.nodes.filter((n) => n.kind === 'state').length).toBeGreaterThan(200);
    await warmUpLayout(); // as the console does when it starts
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const layout = await layoutGraph(graph);
      times.push(performance.now() - started);
      expect(layout.boxes.size).toBe(graph.nodes.length);
    }
    const median = [...times].sort((a, b) => a - b)[2]!;
    console.info(
      `layout of ${graph.nodes.length} nodes and ${graph.edges.length} edges: median ${median.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
    expect(median).toBeLessThan(1000);
  });
});

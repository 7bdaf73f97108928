import { describe, expect, it } from 'vitest';
import { buildGraph, describeChoiceRule, END_ID, nodeForPointer, START_ID } from './build-graph.js';

const approval = {
  StartAt: 'CheckLimit',
  States: {
    CheckLimit: {
      Type: 'Choice',
      Choices: [{ Variable: '$.limit', NumericLessThanEquals: 5000, Next: 'AutoApprove' }],
      Default: 'ManagerApproval',
    },
    AutoApprove: { Type: 'Pass', Next: 'Approved' },
    ManagerApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:activity:manager-approval',
      Catch: [{ ErrorEquals: ['States.Timeout', 'States.TaskFailed'], Next: 'Rejected' }],
      Next: 'Approved',
    },
    Approved: { Type: 'Succeed' },
    Rejected: { Type: 'Fail', Error: 'CardRejected' },
  },
};

describe('buildGraph', () => {
  it('draws one node per state between Start and End, with Next, Choice, Default and Catch edges', () => {
    const graph = buildGraph(approval);
    expect(graph.nodes.map((n) => n.id)).toEqual([
      START_ID,
      'CheckLimit',
      'AutoApprove',
      'ManagerApproval',
      'Approved',
      'Rejected',
      END_ID,
    ]);
    const edges = graph.edges.map((e) => [e.source, e.target, e.kind, e.label ?? '']);
    expect(edges).toEqual(
      expect.arrayContaining([
        [START_ID, 'CheckLimit', 'next', ''],
        ['CheckLimit', 'AutoApprove', 'choice', '$.limit <= 5000'],
        ['CheckLimit', 'ManagerApproval', 'default', 'Default'],
        ['AutoApprove', 'Approved', 'next', ''],
        ['ManagerApproval', 'Approved', 'next', ''],
        ['ManagerApproval', 'Rejected', 'catch', 'Catch States.Timeout, States.TaskFailed'],
        ['Approved', END_ID, 'next', ''],
        ['Rejected', END_ID, 'next', ''],
      ]),
    );
    expect(edges).toHaveLength(8);
    const task = graph.nodes.find((n) => n.id === 'ManagerApproval')!;
    expect(task).toMatchObject({
      stateType: 'Task',
      detail: 'activity manager-approval',
      pointer: '/States/ManagerApproval',
    });
  });

  it('nests Parallel branches and Map item processors as compound nodes', () => {
    const graph = buildGraph({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A2' }, A2: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, End: true } } },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Line', States: { Line: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('Fan')).toMatchObject({ compound: true, stateType: 'Parallel' });
    expect(byId.get('Fan/0')).toMatchObject({ kind: 'branch', parent: 'Fan', label: 'Branch 1', compound: true });
    expect(byId.get('Fan/0/A2')).toMatchObject({
      parent: 'Fan/0',
      stateName: 'A2',
      pointer: '/States/Fan/Branches/0/States/A2',
    });
    expect(byId.get('Fan/1/B')).toMatchObject({ parent: 'Fan/1' });
    expect(byId.get('Each/Line')).toMatchObject({ parent: 'Each', pointer: '/States/Each/ItemProcessor/States/Line' });
    // Transitions stay inside their scope; a branch's last state has no edge to the machine's End.
    expect(graph.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(
      ['Fan->Each', 'Fan/0/A->Fan/0/A2', `Each->${END_ID}`, `${START_ID}->Fan`].sort(),
    );
    expect(graph.byName.get('Line')).toBe('Each/Line');
  });

  it('tolerates half-typed definitions: unknown targets and types draw no edge and no crash', () => {
    const graph = buildGraph({ StartAt: 'Nope', States: { A: { Type: 'Tas', Next: 'Missing' }, B: 3 } });
    expect(graph.nodes.filter((n) => n.kind === 'state').map((n) => n.stateType)).toEqual(['Unknown', 'Unknown']);
    expect(graph.edges).toEqual([]);
    expect(buildGraph('not a definition').nodes).toEqual([]);
    expect(buildGraph(null).nodes).toEqual([]);
  });

  it('finds the state a diagnostic location points into', () => {
    const graph = buildGraph({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }], End: true },
      },
    });
    expect(nodeForPointer(graph, '/States/P/Branches/0/States/X/Next')?.id).toBe('P/0/X');
    expect(nodeForPointer(graph, '/States/P/Branches')?.id).toBe('P');
    expect(nodeForPointer(graph, '/StartAt')).toBeUndefined();
  });

  it('labels Choice rules readably', () => {
    expect(describeChoiceRule({ Variable: '$.ok', BooleanEquals: true }, 0)).toBe('$.ok == true');
    expect(describeChoiceRule({ Variable: '$.a', StringEqualsPath: '$.b' }, 0)).toBe('$.a == $.b');
    expect(describeChoiceRule({ Variable: '$.a', IsPresent: false }, 0)).toBe('$.a not is present');
    expect(describeChoiceRule({ Condition: '{% $states.input.n > 3 %}' }, 0)).toBe('$states.input.n > 3');
    expect(describeChoiceRule({ And: [{}, {}] }, 0)).toBe('And (2 rules)');
    expect(describeChoiceRule({}, 2)).toBe('Rule 3');
  });
});

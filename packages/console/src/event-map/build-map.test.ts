import { describe, expect, it } from 'vitest';
import type { RuleWithTargets } from '../api/events.js';
import type { EventMapCounts } from '../api/native.js';
import { buildEventMap, shapeKey } from './build-map.js';

const A = 'arn:aws:events:us-east-1:1:';
const BUS = `${A}event-bus/default`;
const KYC = 'arn:aws:states:us-east-1:1:stateMachine:kyc';
const QUEUE = 'arn:aws:sqs:us-east-1:1:accounts';

const rule = (name: string, targets: string[]): RuleWithTargets => ({
  Name: name,
  Arn: `${A}rule/${name}`,
  EventBusName: 'default',
  EventPattern: '{}',
  State: 'ENABLED',
  targets: targets.map((Arn, i) => ({ Id: String(i), Arn })),
});

const counts = (events: EventMapCounts['events'], rules: EventMapCounts['rules']): EventMapCounts => ({
  windowSeconds: 900,
  since: 0,
  until: 900_000,
  countingSince: 0,
  events,
  rules,
  uncounted: 0,
});

describe('buildEventMap', () => {
  it('draws producers, their events, the bus, rules and targets, with counts, and closes the loop through a workflow', () => {
    const model = buildEventMap({
      buses: [{ Name: 'default', Arn: BUS }],
      rules: [rule('onboard', [KYC]), rule('approved', [QUEUE])],
      workflows: [
        {
          arn: KYC,
          name: 'kyc',
          emits: [{ state: 'Approve', source: 'kyc', detailType: 'AccountApproved', busName: 'default' }],
        },
      ],
      counts: counts(
        [
          { busArn: BUS, source: 'signup', detailType: 'AccountRequested', count: 5, lastSeen: 1 },
          { busArn: BUS, source: 'kyc', detailType: 'AccountApproved', count: 3, lastSeen: 1 },
          {
            busArn: BUS,
            source: 'aws.states',
            detailType: 'Step Functions Execution Status Change',
            workflowArn: KYC,
            count: 10,
            lastSeen: 1,
          },
        ],
        [{ ruleArn: `${A}rule/onboard`, matched: 5, lastMatched: 1 }],
      ),
    });
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    expect(byId.get('producer:signup')).toMatchObject({ kind: 'producer', count: 5 });
    expect(byId.get(`event:${BUS}|kyc|AccountApproved`)).toMatchObject({
      kind: 'event',
      label: 'AccountApproved',
      count: 3,
    });
    expect(byId.get(`rule:${A}rule/onboard`)).toMatchObject({ count: 5 });
    expect(byId.get(`target:${QUEUE}`)).toMatchObject({ kind: 'target', label: 'accounts', detail: 'queue' });
    // kyc declares AccountApproved, so no anonymous producer "kyc" is drawn.
    expect(byId.has('producer:kyc')).toBe(false);
    const edges = model.edges.map((e) => `${e.source} -> ${e.target}${e.count !== undefined ? ` (${e.count})` : ''}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        `producer:signup -> event:${BUS}|signup|AccountRequested (5)`,
        `event:${BUS}|signup|AccountRequested -> bus:${BUS}`,
        `bus:${BUS} -> rule:${A}rule/onboard (5)`,
        `rule:${A}rule/onboard -> workflow:${KYC}`,
        `workflow:${KYC} -> event:${BUS}|kyc|AccountApproved (3)`,
        `workflow:${KYC} -> event:${BUS}|aws.states|Step Functions Execution Status Change (10)`,
        `rule:${A}rule/approved -> target:${QUEUE}`,
      ]),
    );
  });

  it('keeps the same shape key when only counts change', () => {
    const inputs = { buses: [{ Name: 'default', Arn: BUS }], rules: [rule('r', [QUEUE])], workflows: [] };
    const quiet = buildEventMap(inputs);
    const busy = buildEventMap({
      ...inputs,
      counts: counts([], [{ ruleArn: `${A}rule/r`, matched: 9, lastMatched: 1 }]),
    });
    expect(shapeKey(busy)).toBe(shapeKey(quiet));
    expect(busy.nodes.find((n) => n.kind === 'rule')?.count).toBe(9);
  });
});

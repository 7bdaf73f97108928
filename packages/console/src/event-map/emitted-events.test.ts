import { describe, expect, it } from 'vitest';
import { emittedEvents } from './emitted-events.js';

describe('emittedEvents', () => {
  it('finds putEvents tasks at any depth, with literal and run-time values', () => {
    const definition = {
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: {
            Entries: [
              { Source: 'kyc', DetailType: 'AccountApproved', 'Detail.$': '$' },
              {
                'Source.$': '$.source',
                DetailType: 'AccountRejected',
                EventBusName: 'arn:aws:events:us-east-1:1:event-bus/accounts',
              },
            ],
          },
          Next: 'Fan',
        },
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Notify',
              States: {
                Notify: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::events:putEvents.waitForTaskToken',
                  Arguments: {
                    Entries: [{ Source: 'kyc', DetailType: '{% $states.input.kind %}', EventBusName: 'audit' }],
                  },
                  End: true,
                },
              },
            },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Emit',
            States: {
              Emit: {
                Type: 'Task',
                Resource: 'arn:aws:states:::events:putEvents',
                Parameters: { 'Entries.$': '$.e' },
                End: true,
              },
            },
          },
          Next: 'Work',
        },
        Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:work', End: true },
      },
    };
    expect(emittedEvents(definition)).toEqual([
      { state: 'Decide', source: 'kyc', detailType: 'AccountApproved', busName: 'default' },
      { state: 'Decide', detailType: 'AccountRejected', busName: 'accounts' },
      { state: 'Notify', source: 'kyc', busName: 'audit' },
      { state: 'Emit', busName: 'default' },
    ]);
  });

  it('reads nothing from a definition that is not an object', () => {
    expect(emittedEvents('nope')).toEqual([]);
    expect(emittedEvents({ States: { A: { Type: 'Pass' } } })).toEqual([]);
  });
});

/** Test support: generated definitions of any size, for layout timings. */

/** A 200-state machine: a chain of Tasks with Catch edges, Choices, and a Parallel and a Map every 25 states. */
export function generatedDefinition(count: number): object {
  const states: Record<string, object> = {};
  for (let i = 0; i < count; i++) {
    const name = `S${i}`;
    const next = i + 1 < count ? `S${i + 1}` : undefined;
    const end = next ? { Next: next } : { End: true };
    if (i % 25 === 10)
      states[name] = {
        Type: 'Parallel',
        Branches: [
          { StartAt: `${name}a`, States: { [`${name}a`]: { Type: 'Pass', End: true } } },
          { StartAt: `${name}b`, States: { [`${name}b`]: { Type: 'Pass', End: true } } },
        ],
        ...end,
      };
    else if (i % 25 === 20)
      states[name] = {
        Type: 'Map',
        ItemProcessor: { StartAt: `${name}i`, States: { [`${name}i`]: { Type: 'Pass', End: true } } },
        ...end,
      };
    else if (i % 10 === 5 && next)
      states[name] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.x', NumericEquals: i, Next: next }],
        Default: 'Failed',
      };
    else
      states[name] = {
        Type: 'Task',
        Resource: `arn:aws:lambda:us-east-1:123456789012:function:f${i}`,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        ...end,
      };
  }
  states.Failed = { Type: 'Fail', Error: 'Failed' };
  return { StartAt: 'S0', States: states };
}

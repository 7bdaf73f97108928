import { describe, expect, it } from 'vitest';
import { filterPatterns, parameterRows, words } from './parameters.js';

describe('words', () => {
  it('turns a member name into words', () => {
    expect(words('MaximumBatchingWindowInSeconds')).toBe('Maximum batching window in seconds');
    expect(words('BatchSize')).toBe('Batch size');
    expect(words('MessageGroupId')).toBe('Message group id');
    expect(words('DLQArn')).toBe('Dlq arn');
  });
});

describe('parameterRows', () => {
  it('drops the resource type’s wrapper, keeps deeper paths, and omits what is shown elsewhere', () => {
    const rows = parameterRows(
      {
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"city":["Lisbon"]}}' }] },
        KinesisStreamParameters: {
          BatchSize: 10,
          StartingPosition: 'TRIM_HORIZON',
          BisectBatchOnFunctionError: false,
          DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
        },
      },
      ['FilterCriteria'],
    );
    expect(rows).toEqual([
      { label: 'Batch size', value: '10', block: false },
      { label: 'Starting position', value: 'TRIM_HORIZON', block: false },
      { label: 'Bisect batch on function error', value: 'false', block: false },
      { label: 'Dead letter config › Arn', value: 'arn:aws:sqs:us-east-1:123456789012:dlq', block: false },
    ]);
  });

  it('shows templates and lists of structures as blocks, lists of values inline', () => {
    const rows = parameterRows({
      InputTemplate: '{"ride": <$.data.ride>}',
      EventBridgeEventBusParameters: { Source: 'rides', Resources: ['a', 'b'] },
      HttpParameters: { QueryStringParameters: { city: 'Lisbon' }, Extra: [{ a: 1 }] },
    });
    expect(rows).toEqual([
      { label: 'Input template', value: '{"ride": <$.data.ride>}', block: true },
      { label: 'Source', value: 'rides', block: false },
      { label: 'Resources', value: 'a, b', block: false },
      { label: 'Query string parameters › City', value: 'Lisbon', block: false },
      { label: 'Extra', value: '[\n  {\n    "a": 1\n  }\n]', block: true },
    ]);
    expect(parameterRows(undefined)).toEqual([]);
  });
});

describe('filterPatterns', () => {
  it('reads the patterns of FilterCriteria, skipping malformed filters', () => {
    expect(
      filterPatterns({
        FilterCriteria: { Filters: [{ Pattern: '{"a":[1]}' }, { Nope: 1 }, { Pattern: '{"b":[2]}' }] },
      }),
    ).toEqual(['{"a":[1]}', '{"b":[2]}']);
    expect(filterPatterns({ FilterCriteria: {} })).toEqual([]);
    expect(filterPatterns(undefined)).toEqual([]);
  });
});

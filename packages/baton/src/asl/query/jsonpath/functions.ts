/**
 * The path functions Jayway JsonPath defines and Step Functions therefore accepts in full paths:
 * `length()` of an array (or of an object's members) and the numeric aggregations over the numbers
 * in an array. An aggregation with no numbers to work on has no result, as Jayway throws there.
 */
import type { Json } from '../../../kernel/index.js';
import type { PathFunction } from './model.js';

export function applyPathFunction(name: PathFunction, value: Json): Json | undefined {
  if (name === 'length') {
    if (Array.isArray(value)) return value.length;
    if (typeof value === 'object' && value !== null) return Object.keys(value).length;
    return null;
  }
  if (!Array.isArray(value)) return undefined;
  const numbers = value.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return undefined;
  switch (name) {
    case 'min':
      return numbers.reduce((a, b) => Math.min(a, b));
    case 'max':
      return numbers.reduce((a, b) => Math.max(a, b));
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'avg':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'stddev': {
      // Population standard deviation, as Jayway's StandardDeviation computes it.
      const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
      const meanOfSquares = numbers.reduce((a, b) => a + b * b, 0) / numbers.length;
      return Math.sqrt(meanOfSquares - mean * mean);
    }
  }
}

/**
 * The data-test comparison operators of a JSONPath Choice Rule (ASL spec, "Choice State" →
 * "Data-test expression"; developer guide, "Choice workflow state" → "Choice Rules (JSONPath)"):
 * five comparisons for strings, numbers and timestamps and equality for booleans, each also in a
 * `…Path` form comparing with another value of the input, StringMatches, and six type tests.
 */

export type Family = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
export type Comparison = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';
export type TypeTest = 'IsNull' | 'IsPresent' | 'IsNumeric' | 'IsString' | 'IsBoolean' | 'IsTimestamp';

export type Operator =
  | { readonly kind: 'compare'; readonly family: Family; readonly comparison: Comparison; readonly path: boolean }
  | { readonly kind: 'matches' }
  | { readonly kind: 'test'; readonly test: TypeTest };

const COMPARISONS: readonly Comparison[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
const TYPE_TESTS: readonly TypeTest[] = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

function build(): Map<string, Operator> {
  const table = new Map<string, Operator>();
  for (const family of ['String', 'Numeric', 'Boolean', 'Timestamp'] as const) {
    for (const comparison of family === 'Boolean' ? (['Equals'] as const) : COMPARISONS) {
      table.set(`${family}${comparison}`, { kind: 'compare', family, comparison, path: false });
      table.set(`${family}${comparison}Path`, { kind: 'compare', family, comparison, path: true });
    }
    if (family === 'String') table.set('StringMatches', { kind: 'matches' });
  }
  for (const test of TYPE_TESTS) table.set(test, { kind: 'test', test });
  return table;
}

/** Every operator by name, in the order AWS lists them in its "only one of the following fields" message. */
export const OPERATORS: ReadonlyMap<string, Operator> = build();

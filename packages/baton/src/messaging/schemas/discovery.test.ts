/**
 * Discovery's two promises, as properties over arbitrary events (fast-check): a discovered
 * schema accepts every event it was inferred from (validated as enforcement would, through
 * documents.ts), and a stored schema read back absorbs those events again, so the same traffic
 * never makes another version.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../kernel/index.js';
import {
  inferShape,
  mergeShapes,
  renderJsonSchema,
  renderOpenApi,
  type Shape,
  sameShape,
  shapeOfDocument,
} from './discovery.js';
import { compileEventValidator, parseSchemaContent } from './documents.js';

const kind = { source: 'tests', detailType: 'Sample Event' };
const envelope = (detail: Json): JsonObject => ({
  version: '0',
  id: 'e-1',
  'detail-type': kind.detailType,
  source: kind.source,
  account: '123456789012',
  time: '2024-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

const detail = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, {
  maxKeys: 4,
});

const shapeOf = (events: readonly JsonObject[]): Shape => events.map((e) => inferShape(e)).reduce(mergeShapes);

describe('discovered schemas', () => {
  it('accept every event they were inferred from, in both formats', () => {
    fc.assert(
      fc.property(fc.array(detail, { minLength: 1, maxLength: 5 }), (details) => {
        const events = details.map(envelope);
        const shape = shapeOf(events);
        for (const [type, content] of [
          ['OpenApi3', renderOpenApi(shape, kind)],
          ['JSONSchemaDraft4', renderJsonSchema(shape, kind)],
        ] as const) {
          const document = parseSchemaContent(type, content);
          expect(document.event).toEqual(kind);
          const validate = compileEventValidator(document)!;
          for (const event of events) expect(validate(event)).toBeUndefined();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('read back from the registry, absorb the same events again (no new version)', () => {
    fc.assert(
      fc.property(fc.array(detail, { minLength: 1, maxLength: 5 }), (details) => {
        const events = details.map(envelope);
        const stored = shapeOfDocument(JSON.parse(renderOpenApi(shapeOf(events), kind)) as JsonObject);
        for (const event of events) expect(sameShape(mergeShapes(stored, inferShape(event)), stored)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('grow only: a property is required while every event had it, and two types make any type', () => {
    const shape = shapeOf([envelope({ a: 1, b: 'x', c: null }), envelope({ a: 'one', c: true })]);
    const content = JSON.parse(renderOpenApi(shape, kind)) as { components: { schemas: Record<string, JsonObject> } };
    expect(content.components.schemas.SampleEvent).toEqual({
      type: 'object',
      required: ['a', 'c'],
      properties: { a: {}, b: { type: 'string' }, c: { type: 'boolean', nullable: true } },
    });
  });
});

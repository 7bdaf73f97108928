import { afterEach, describe, expect, it, vi } from 'vitest';
import { newestFirst, schemas } from './schemas.js';

describe('newestFirst', () => {
  it('orders versions as numbers, newest first, without changing its input', () => {
    const versions = ['1', '10', '2', '9'].map((SchemaVersion) => ({ SchemaVersion }));
    expect(newestFirst(versions).map((v) => v.SchemaVersion)).toEqual(['10', '9', '2', '1']);
    expect(versions.map((v) => v.SchemaVersion)).toEqual(['1', '10', '2', '9']);
  });
});

describe('schemas', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** Answers each request with the next body, and records the URLs asked for. */
  const serve = (...bodies: object[]) => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(bodies.shift()), { status: 200 });
    });
    return urls;
  };

  it('follows NextToken through every page, as the nextToken query parameter', async () => {
    const urls = serve({ Schemas: [{ SchemaName: 'a' }], NextToken: 'page 2' }, { Schemas: [{ SchemaName: 'b' }] });
    expect((await schemas.list('shop')).map((s) => s.SchemaName)).toEqual(['a', 'b']);
    expect(urls).toEqual(['/v1/registries/name/shop/schemas', '/v1/registries/name/shop/schemas?nextToken=page+2']);
  });

  it('names the registry and schema in the path, encoded, and the version in schemaVersion', async () => {
    const urls = serve({}, {}, { SchemaVersions: [] });
    await schemas.describe('discovered-schemas', 'shop.orders@OrderPlaced');
    await schemas.describe('orders', 'Order', '2');
    await schemas.versions('orders', 'Order');
    expect(urls).toEqual([
      '/v1/registries/name/discovered-schemas/schemas/name/shop.orders%40OrderPlaced',
      '/v1/registries/name/orders/schemas/name/Order?schemaVersion=2',
      '/v1/registries/name/orders/schemas/name/Order/versions',
    ]);
  });
});

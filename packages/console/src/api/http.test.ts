import { describe, expect, it } from 'vitest';
import { ApiError, type Fetch, request, withQuery } from './http.js';

describe('withQuery', () => {
  it('keeps the members with a value, in order, encoded', () => {
    expect(withQuery('/events', { bus: 'orders', tab: undefined, schema: 'shop@Order Placed' })).toBe(
      '/events?bus=orders&schema=shop%40Order+Placed',
    );
    expect(withQuery('/events', { bus: undefined, tab: '' })).toBe('/events');
  });
});

describe('request', () => {
  const answering =
    (status: number, body: object, headers: Record<string, string> = {}): Fetch =>
    async () =>
      new Response(JSON.stringify(body), { status, headers });
  const failureOf = (fetcher: Fetch) => request('/', { method: 'GET' }, fetcher).catch((e: unknown) => e);

  it('reads a JSON protocol error from its body', async () => {
    const error = await failureOf(
      answering(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'no such queue' }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'QueueDoesNotExist', message: 'no such queue', status: 400 });
  });

  it('reads a REST JSON error: the code in X-Amzn-ErrorType, the message in Schemas’ {Code, Message}', async () => {
    const error = await failureOf(
      answering(
        404,
        { Code: 'NotFoundException', Message: 'Schema Order does not exist.' },
        { 'x-amzn-errortype': 'NotFoundException:http://internal.amazon.com/coral/com.amazonaws.schemas/' },
      ),
    );
    expect(error).toMatchObject({ code: 'NotFoundException', message: 'Schema Order does not exist.', status: 404 });
  });
});

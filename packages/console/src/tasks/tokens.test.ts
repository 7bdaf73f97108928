import { describe, expect, it } from 'vitest';
import { tokenCandidates } from './tokens.js';

describe('tokenCandidates', () => {
  it('finds strings under keys naming a token, at any depth, with their path', () => {
    const parameters = JSON.stringify({
      QueueUrl: 'http://localhost/123456789012/approvals',
      MessageBody: { TaskToken: 'abc123', order: { id: 7 }, steps: [{ callbackToken: 'def' }] },
    });
    expect(tokenCandidates(parameters)).toEqual([
      { path: 'MessageBody.TaskToken', token: 'abc123' },
      { path: 'MessageBody.steps[0].callbackToken', token: 'def' },
    ]);
  });

  it('finds nothing in absent or non-JSON parameters', () => {
    expect(tokenCandidates(undefined)).toEqual([]);
    expect(tokenCandidates('not json')).toEqual([]);
    expect(tokenCandidates('{"token": 5}')).toEqual([]);
  });
});

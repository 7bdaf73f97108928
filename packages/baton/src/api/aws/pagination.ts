/**
 * Pagination tokens: the store's cursor wrapped with the operation and filter it belongs to, so
 * a token used with another request is refused (AWS answers InvalidToken) instead of misread.
 */
import { AwsError } from '../errors.js';

export function encodeToken(scope: string, cursor: string): string {
  return Buffer.from(JSON.stringify([scope, cursor])).toString('base64url');
}

/** The cursor inside `token`, or undefined when no token was given. */
export function decodeToken(token: unknown, scope: string): string | undefined {
  if (token === undefined || token === null) return undefined;
  if (typeof token !== 'string' || token.length === 0 || token.length > 1024) throw invalidToken(token);
  try {
    const [tokenScope, cursor] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (tokenScope === scope && typeof cursor === 'string') return cursor;
  } catch {
    // fall through: not a token of ours
  }
  throw invalidToken(token);
}

function invalidToken(token: unknown): AwsError {
  return new AwsError('InvalidToken', `Invalid Token: '${String(token)}'`);
}

/** Epoch seconds with millisecond precision: how AWS JSON protocols carry timestamps. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * ListPipes' query members (API reference, ListPipes: URI Request Parameters), checked with the
 * API reference's constraints and AWS's validation messages.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { type PipeListFilter, pipeErrors } from '../../../messaging/pipes/index.js';
import type { PipeState } from '../../../store/port.js';
import { queryValue, type RestRequest } from '../rest-protocol.js';

const PIPE_STATES: readonly PipeState[] = [
  'RUNNING',
  'STOPPED',
  'CREATING',
  'UPDATING',
  'DELETING',
  'STARTING',
  'STOPPING',
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'START_FAILED',
  'STOP_FAILED',
  'DELETE_FAILED',
  'CREATE_ROLLBACK_FAILED',
  'DELETE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_FAILED',
];
const NAME_PREFIX = /^[.\-_A-Za-z0-9]+$/;
const DEFAULT_LIMIT = 100;

export function listFilter(request: RestRequest): PipeListFilter {
  const text = (name: string, max: number) => {
    const value = queryValue(request, name);
    if (value === undefined) return undefined;
    const path = name.charAt(0).toLowerCase() + name.slice(1);
    if (value.length < 1) throw pipeErrors.tooShort(value, path, 1);
    if (value.length > max) throw pipeErrors.tooLong(value, path, max);
    return value;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[]): T | undefined => {
    const value = queryValue(request, name);
    if (value !== undefined && !(values as readonly string[]).includes(value)) {
      throw pipeErrors.notInSet(value, name.charAt(0).toLowerCase() + name.slice(1), values);
    }
    return value as T | undefined;
  };
  const namePrefix = text('NamePrefix', 64);
  if (namePrefix !== undefined && !NAME_PREFIX.test(namePrefix)) {
    throw pipeErrors.pattern(namePrefix, 'namePrefix', '[\\.\\-_A-Za-z0-9]+');
  }
  const filter: JsonObject = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  put('namePrefix', namePrefix);
  put('desiredState', oneOf('DesiredState', ['RUNNING', 'STOPPED']));
  put('currentState', oneOf('CurrentState', PIPE_STATES));
  put('sourcePrefix', text('SourcePrefix', 1600));
  put('targetPrefix', text('TargetPrefix', 1600));
  return filter as PipeListFilter;
}

/** Limit: 1 to 100 (default 100). */
export function listLimit(request: RestRequest): number {
  const text = queryValue(request, 'Limit');
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit)) throw pipeErrors.type('limit', 'an integer');
  if (limit < 1) throw pipeErrors.tooSmall(limit, 'limit', 1);
  if (limit > 100) throw pipeErrors.tooLarge(limit, 'limit', 100);
  return limit;
}

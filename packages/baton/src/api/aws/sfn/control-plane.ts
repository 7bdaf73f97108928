/**
 * Control-plane operations of the Step Functions API: state machines, versions, aliases,
 * activities, tags and definition validation.
 */
import type { Operation } from '../json-protocol.js';
import type { SfnDeps } from './deps.js';

export function controlPlaneOperations(_deps: SfnDeps): Record<string, Operation> {
  return {};
}

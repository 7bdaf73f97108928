/**
 * Control-plane operations of the Step Functions API: state machines, versions, aliases,
 * activities, tags and definition validation, each family in its own file.
 */
import type { Operation } from '../json-protocol.js';
import { activityOperations } from './activities.js';
import { aliasOperations } from './aliases.js';
import type { SfnDeps } from './deps.js';
import { stateMachineOperations } from './state-machines.js';
import { tagOperations } from './tags.js';
import { validateOperations } from './validate.js';
import { versionOperations } from './versions.js';

export function controlPlaneOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    ...stateMachineOperations(deps),
    ...versionOperations(deps),
    ...aliasOperations(deps),
    ...activityOperations(deps),
    ...tagOperations(deps),
    ...validateOperations(deps),
  };
}

/**
 * @module api/aws/sfn
 * The Step Functions API over the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.*`):
 * one table of operations assembled from the control plane (machines, versions, aliases,
 * activities, tags, validation), executions and task tokens.
 */
import type { JsonService } from '../json-protocol.js';
import { controlPlaneOperations } from './control-plane.js';
import type { SfnDeps } from './deps.js';
import { executionOperations } from './executions.js';
import { taskOperations } from './tasks.js';
import { testStateOperations } from './test-state.js';

export type { SfnDeps } from './deps.js';

export function stepFunctionsService(deps: SfnDeps): JsonService {
  return {
    targetPrefix: 'AWSStepFunctions',
    jsonVersion: '1.0',
    operations: {
      ...controlPlaneOperations(deps),
      ...executionOperations(deps),
      ...taskOperations(deps),
      ...testStateOperations(deps),
    },
  };
}

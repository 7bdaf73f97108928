/** What the Step Functions operations work with (wired in main.ts). */
import type { Clock, Entropy } from '../../../kernel/index.js';
import type { ExecutionEngine } from '../../../runtime/engine.js';
import type { ExpressEngine } from '../../../runtime/express.js';
import type { TaskResource } from '../../../runtime/task-resource.js';
import type { Store } from '../../../store/port.js';

export interface SfnDeps {
  readonly store: Store;
  readonly engine: ExecutionEngine;
  readonly express: ExpressEngine;
  readonly clock: Clock;
  readonly entropy: Entropy;
  /** Which Task resources the runtime can run (unsupported integrations are refused at creation). */
  readonly checkResource?: (resource: string) => string | undefined;
  /** The task resources, for TestState to run a state's work for real. */
  readonly resources?: readonly TaskResource[];
}

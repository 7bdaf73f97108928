/** What the SQS operations work with (wired in main.ts). */
import type { QueueService } from '../../../messaging/queues/index.js';

export interface SqsDeps {
  readonly queues: QueueService;
  /** The base URL queue URLs are built on: Baton's own endpoint (known once the server listens). */
  readonly endpoint: () => string;
}

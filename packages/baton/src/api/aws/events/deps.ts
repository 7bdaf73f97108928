/** What the EventBridge operations work with (wired in main.ts). */
import type { EventBusService } from '../../../messaging/bus/index.js';

export interface EventsDeps {
  readonly bus: EventBusService;
}

/** What the SNS operations work with (wired in main.ts). */
import type { TopicService } from '../../../messaging/topics/index.js';

export interface SnsDeps {
  readonly topics: TopicService;
}

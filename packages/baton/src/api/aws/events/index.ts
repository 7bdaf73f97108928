/**
 * @module api/aws/events
 * The EventBridge API over the AWS JSON 1.1 protocol (`X-Amz-Target: AWSEvents.*`): one table
 * of operations over the bus service (buses, rules, targets, PutEvents, TestEventPattern, tags,
 * archives and replays, connections and API destinations).
 * Errors of the bus domain (BusError) are encoded once here as AWS errors.
 */
import { BusError } from '../../../messaging/bus/index.js';
import { domainErrorsOf } from '../../errors.js';
import type { JsonService } from '../json-protocol.js';
import { archiveOperations } from './archives.js';
import { busOperations } from './buses.js';
import { connectionOperations } from './connections.js';
import type { EventsDeps } from './deps.js';
import { putEventsOperations } from './put-events.js';
import { ruleOperations } from './rules.js';
import { tagOperations } from './tags.js';
import { targetOperations } from './targets.js';

export type { EventsDeps } from './deps.js';

export function eventBridgeService(deps: EventsDeps): JsonService {
  return {
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    operations: {
      ...busOperations(deps),
      ...ruleOperations(deps),
      ...targetOperations(deps),
      ...putEventsOperations(deps),
      ...tagOperations(deps),
      ...archiveOperations(deps),
      ...connectionOperations(deps),
    },
    domainError: domainErrorsOf(BusError),
  };
}

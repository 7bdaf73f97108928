/**
 * The targets the bus reaches by itself, in front of the TargetDispatcher wired in main.ts:
 * archives (appended to their logs) and API destinations (HTTP calls through connections).
 * Every other kind goes to the wired dispatcher, and so do dead letters.
 */
import type { ApiDestinations } from './api-destinations.js';
import type { Archives } from './archives.js';
import type { DeadLetter, Dispatch, DispatchOutcome, TargetDispatcher, TargetKind } from './targets.js';

export class BusTargets implements TargetDispatcher {
  constructor(
    private readonly others: TargetDispatcher,
    private readonly archives: Archives,
    private readonly apiDestinations: ApiDestinations,
  ) {}

  unsupported(kind: TargetKind, arn: string): string | undefined {
    if (kind === 'apiDestination') return undefined;
    if (kind === 'archive') {
      return `Parameter ${arn} is not valid. Reason: an archive receives events through its own managed rule (CreateArchive).`;
    }
    return this.others.unsupported(kind, arn);
  }

  deliver(d: Dispatch): Promise<DispatchOutcome> {
    if (d.kind === 'archive') return this.archives.deliver(d);
    if (d.kind === 'apiDestination') return this.apiDestinations.deliver(d);
    return this.others.deliver(d);
  }

  deadLetter(message: DeadLetter): Promise<void> {
    return this.others.deadLetter(message);
  }
}

/**
 * Each bus's enabled rules compiled into one matcher (patterns/createMatcher), so matching an
 * event costs the same however many rules the bus has (DESIGN principle 3). A node loads a bus's
 * rules on first use and then follows changes: the store versions each bus's rule set, and a
 * reload (after a local change, or when a poll sees another node's) compares the rules it reads
 * with those it holds and adds, replaces or removes only the ones that differ — the automaton is
 * never rebuilt.
 */
import { createMatcher, type PatternMatcher, parseEventPattern } from '../../patterns/index.js';
import type { BusStore, EventRuleRecord, EventTargetRecord } from '../../store/port.js';
import type { EventEnvelope } from './envelope.js';

export interface CompiledRule {
  readonly rule: EventRuleRecord;
  readonly targets: readonly EventTargetRecord[];
}

interface CompiledBus {
  readonly matcher: PatternMatcher<string>;
  readonly rules: Map<string, CompiledRule>;
  /** The rule record as text per rule ARN, to tell a changed rule from an unchanged one. */
  readonly fingerprints: Map<string, string>;
  version: number;
  /** Reloads of one bus run one after another, so an older snapshot never lands after a newer one. */
  tail: Promise<void>;
}

export class RuleSets {
  private readonly buses = new Map<string, Promise<CompiledBus>>();

  constructor(private readonly store: BusStore) {}

  /** The rules of `busArn` that match the event, each with its targets (a bus without rules never parses it). */
  async match(busArn: string, event: EventEnvelope): Promise<CompiledRule[]> {
    const bus = await this.load(busArn);
    if (bus.rules.size === 0) return [];
    const out: CompiledRule[] = [];
    for (const arn of bus.matcher.match(event.parsed)) {
      const compiled = bus.rules.get(arn);
      if (compiled && compiled.targets.length > 0) out.push(compiled);
    }
    return out;
  }

  /** Re-reads a bus's rule set now (after a change made through this node). */
  async reload(busArn: string): Promise<void> {
    if (!this.buses.has(busArn)) return;
    const bus = await this.load(busArn);
    await this.serialized(busArn, bus);
  }

  /** Reloads the buses whose version moved (changes made through other nodes); forgets deleted buses. */
  async refresh(): Promise<void> {
    const versions = await this.store.versions();
    for (const [arn, pending] of [...this.buses]) {
      const version = versions[arn];
      if (version === undefined) {
        this.buses.delete(arn);
        continue;
      }
      const bus = await pending;
      if (bus.version !== version) await this.serialized(arn, bus);
    }
  }

  forget(busArn: string): void {
    this.buses.delete(busArn);
  }

  private load(busArn: string): Promise<CompiledBus> {
    let pending = this.buses.get(busArn);
    if (!pending) {
      const bus: CompiledBus = {
        matcher: createMatcher<string>(),
        rules: new Map(),
        fingerprints: new Map(),
        version: -1,
        tail: Promise.resolve(),
      };
      pending = this.serialized(busArn, bus).then(() => bus);
      this.buses.set(busArn, pending);
      pending.catch(() => this.buses.delete(busArn));
    }
    return pending;
  }

  private serialized(busArn: string, bus: CompiledBus): Promise<void> {
    const next = bus.tail.then(() => this.apply(busArn, bus));
    bus.tail = next.catch(() => undefined);
    return next;
  }

  /** Brings `bus` up to the store's rule set, touching only the rules that changed. */
  private async apply(busArn: string, bus: CompiledBus): Promise<void> {
    const version = (await this.store.versions())[busArn] ?? 0;
    const set = await this.store.ruleSet(busArn);
    const seen = new Set<string>();
    for (const { rule, targets } of set) {
      seen.add(rule.arn);
      bus.rules.set(rule.arn, { rule, targets });
      const fingerprint = JSON.stringify([rule.eventPattern, rule.state]);
      if (bus.fingerprints.get(rule.arn) === fingerprint) continue;
      bus.fingerprints.set(rule.arn, fingerprint);
      const ir = rule.state !== 'DISABLED' && rule.eventPattern ? parseEventPattern(rule.eventPattern) : undefined;
      if (ir?.ok) bus.matcher.add(rule.arn, ir.value);
      else bus.matcher.remove(rule.arn);
    }
    for (const arn of [...bus.rules.keys()]) {
      if (seen.has(arn)) continue;
      bus.rules.delete(arn);
      bus.fingerprints.delete(arn);
      bus.matcher.remove(arn);
    }
    bus.version = version;
  }
}

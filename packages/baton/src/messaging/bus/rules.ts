/**
 * Rules and their targets, the bus's control plane (API reference: PutRule, DescribeRule,
 * ListRules, DeleteRule, EnableRule, DisableRule, PutTargets, RemoveTargets, ListTargetsByRule,
 * ListRuleNamesByTarget). Records live in the BusStore; every change has the bus's compiled
 * matcher reload the rule set (rule-sets.ts). Managed rules (an archive's) change only through
 * their service, or with Force.
 */
import type { Clock } from '../../kernel/index.js';
import { parseEventPattern } from '../../patterns/index.js';
import type {
  BusStore,
  EventBusRecord,
  EventRuleRecord,
  EventRuleState,
  EventScheduleStore,
  EventTargetRecord,
  Page,
  PageRequest,
} from '../../store/port.js';
import { busErrors } from './errors.js';
import { type BusRef, DEFAULT_BUS, parseBusArn, ruleArn } from './names.js';
import type { RuleSets } from './rule-sets.js';
import { parseScheduleExpression } from './schedule-expressions.js';
import type { Scheduler } from './scheduler.js';
import type { ResourceTags } from './tags.js';
import { type TargetDispatcher, targetKind, targetSettings } from './targets.js';
import { compileEventPath, compileTargetInput } from './transform.js';

export interface RuleInput {
  readonly name: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly state?: EventRuleState;
  readonly description?: string;
  readonly roleArn?: string;
}

export interface TargetInput {
  readonly id: string;
  readonly arn: string;
  /** The whole Target member as given (stored and listed back as is). */
  readonly target: EventTargetRecord['target'];
}

/** At most 5 targets per rule (user guide, "EventBridge quotas"). */
export const MAX_TARGETS_PER_RULE = 5;

export interface RulesOptions {
  readonly store: BusStore;
  readonly schedules: EventScheduleStore;
  readonly clock: Clock;
  readonly tags: ResourceTags;
  /** The compiled matchers, reloaded after each change. */
  readonly ruleSets: RuleSets;
  readonly scheduler: Scheduler;
  /** Says which target kinds can be delivered to. */
  readonly targets: Pick<TargetDispatcher, 'unsupported'>;
  /** The bus, or ResourceNotFound. */
  readonly bus: (ref: BusRef) => Promise<EventBusRecord>;
}

export class Rules {
  private readonly store: BusStore;

  constructor(private readonly options: RulesOptions) {
    this.store = options.store;
  }

  async put(ref: BusRef, input: RuleInput, tags: Record<string, string>): Promise<string> {
    await this.options.bus(ref);
    if (input.eventPattern === undefined && input.scheduleExpression === undefined) throw busErrors.patternOrSchedule();
    if (input.scheduleExpression !== undefined) {
      if (ref.name !== DEFAULT_BUS) throw busErrors.scheduleOnDefaultOnly();
      if (!parseScheduleExpression(input.scheduleExpression)) throw busErrors.scheduleInvalid();
    }
    if (input.eventPattern !== undefined) {
      const parsed = parseEventPattern(input.eventPattern);
      if (!parsed.ok) throw busErrors.invalidPattern(parsed.error.message);
    }
    const arn = ruleArn(ref, input.name);
    const existing = await this.store.getRule(arn);
    if (existing?.managedBy) throw busErrors.managedRule(input.name);
    const record: EventRuleRecord = {
      arn,
      name: input.name,
      busArn: ref.arn,
      ...(input.eventPattern !== undefined ? { eventPattern: input.eventPattern } : {}),
      ...(input.scheduleExpression !== undefined ? { scheduleExpression: input.scheduleExpression } : {}),
      state: input.state ?? 'ENABLED',
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      createdAt: existing?.createdAt ?? this.options.clock.now(),
    };
    await this.store.putRule(record);
    await this.options.scheduler.track(record);
    await this.options.tags.add(arn, tags);
    await this.options.ruleSets.reload(ref.arn);
    return arn;
  }

  async get(ref: BusRef, name: string): Promise<EventRuleRecord> {
    await this.options.bus(ref);
    const record = await this.store.getRule(ruleArn(ref, name));
    if (!record) throw busErrors.ruleNotFound(name, ref.name);
    return record;
  }

  async list(ref: BusRef, namePrefix: string, page: PageRequest): Promise<Page<EventRuleRecord>> {
    await this.options.bus(ref);
    return this.store.listRules(ref.arn, namePrefix, page);
  }

  /**
   * Deleting a rule that does not exist succeeds, as on AWS; one with targets is refused, and a
   * managed one (an archive's) is deleted only with `force`.
   */
  async delete(ref: BusRef, name: string, force = false): Promise<void> {
    await this.options.bus(ref);
    const arn = ruleArn(ref, name);
    if (!force && (await this.store.getRule(arn))?.managedBy) throw busErrors.managedRule(name);
    const outcome = await this.store.deleteRule(arn);
    if (outcome === 'hasTargets') throw busErrors.ruleHasTargets();
    if (outcome === 'deleted') {
      await this.options.schedules.delete(arn);
      await this.options.tags.drop(arn);
      await this.options.ruleSets.reload(ref.arn);
    }
  }

  async setState(ref: BusRef, name: string, state: EventRuleState): Promise<void> {
    const record = await this.unmanaged(ref, name);
    await this.store.putRule({ ...record, state });
    await this.options.ruleSets.reload(ref.arn);
  }

  /** Adds or replaces targets; each target's kind, parameters and input settings are checked first. */
  async putTargets(ref: BusRef, ruleName: string, targets: readonly TargetInput[]): Promise<void> {
    const rule = await this.unmanaged(ref, ruleName);
    for (const t of targets) this.checkTarget(ref, t);
    const records = targets.map((t) => ({ ruleArn: rule.arn, id: t.id, arn: t.arn, target: t.target }));
    const outcome = await this.store.putTargets(rule.arn, records, MAX_TARGETS_PER_RULE);
    if (outcome === 'ruleNotFound') throw busErrors.ruleNotFound(ruleName, ref.name);
    if (outcome === 'limitExceeded') throw busErrors.tooManyTargets();
    await this.options.ruleSets.reload(ref.arn);
  }

  /** Removes targets; returns the ids the rule did not have. */
  async removeTargets(ref: BusRef, ruleName: string, ids: readonly string[], force = false): Promise<string[]> {
    const rule = force ? await this.get(ref, ruleName) : await this.unmanaged(ref, ruleName);
    const removed = new Set(await this.store.removeTargets(rule.arn, ids));
    await this.options.ruleSets.reload(ref.arn);
    return ids.filter((id) => !removed.has(id));
  }

  async listTargets(ref: BusRef, ruleName: string, page: PageRequest): Promise<Page<EventTargetRecord>> {
    const rule = await this.get(ref, ruleName);
    return this.store.listTargets(rule.arn, page);
  }

  async namesByTarget(ref: BusRef, targetArn: string, page: PageRequest): Promise<Page<string>> {
    await this.options.bus(ref);
    return this.store.ruleNamesByTarget(ref.arn, targetArn, page);
  }

  // ------------------------------------------------------------------ internals

  /** A target this bus can deliver to, with parameters and input settings that compile. */
  private checkTarget(ref: BusRef, t: TargetInput): void {
    const kind = targetKind(t.arn);
    if (kind === undefined) throw busErrors.invalidArn(t.arn);
    if (kind === 'eventBus' && parseBusArn(t.arn)?.arn === ref.arn) {
      throw busErrors.validation(`Parameter ${t.arn} is not valid. Reason: a rule cannot target its own event bus.`);
    }
    // User guide, "Event bus targets": "EventBridge does not support Amazon SNS FIFO topics."
    if (kind === 'topic' && t.arn.endsWith('.fifo')) {
      throw busErrors.validation(`Parameter ${t.arn} is not valid. Reason: Amazon SNS FIFO topics are not supported.`);
    }
    const unsupported = this.options.targets.unsupported(kind, t.arn);
    if (unsupported) throw busErrors.validation(unsupported);
    const settings = targetSettings({ ...t.target, Id: t.id, Arn: t.arn });
    if (settings.partitionKeyPath !== undefined && !compileEventPath(settings.partitionKeyPath).ok) {
      throw busErrors.validation(
        `Parameter PartitionKeyPath is not valid. Reason: ${settings.partitionKeyPath} is not a valid JSON path.`,
      );
    }
    const compiled = compileTargetInput(settings, t.id);
    if (!compiled.ok) throw busErrors.validation(compiled.error);
  }

  /** The rule, unless a service manages it (user guide: managed rules change only through their service, or with Force). */
  private async unmanaged(ref: BusRef, name: string): Promise<EventRuleRecord> {
    const record = await this.get(ref, name);
    if (record.managedBy) throw busErrors.managedRule(name);
    return record;
  }
}

/**
 * Where buses and rules live: their ARNs (API reference, EventBus and Rule: `event-bus/<name>`,
 * `rule/<name>` on the default bus and `rule/<bus>/<name>` on the others) and the
 * `EventBusName` members that take a name or an ARN.
 */
export interface BusLocation {
  readonly region: string;
  readonly account: string;
}

export interface BusRef extends BusLocation {
  readonly name: string;
  readonly arn: string;
}

export const DEFAULT_BUS = 'default';

const BUS_ARN = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/([/.\-_A-Za-z0-9]+)$/;
const RULE_ARN = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):rule\/(?:([.\-_A-Za-z0-9]+)\/)?([.\-_A-Za-z0-9]+)$/;

export function busArn(at: BusLocation, name: string): string {
  return `arn:aws:events:${at.region}:${at.account}:event-bus/${name}`;
}

export function busArnPrefix(at: BusLocation): string {
  return `arn:aws:events:${at.region}:${at.account}:event-bus/`;
}

/** The bus an `EventBusName` member names (a name or an ARN); the default bus when absent. */
export function busRef(at: BusLocation, nameOrArn: string | undefined): BusRef {
  const m = nameOrArn === undefined ? null : BUS_ARN.exec(nameOrArn);
  if (m) return { region: m[1]!, account: m[2]!, name: m[3]!, arn: nameOrArn! };
  const name = nameOrArn ?? DEFAULT_BUS;
  return { ...at, name, arn: busArn(at, name) };
}

export function ruleArn(bus: BusRef, name: string): string {
  const prefix = `arn:aws:events:${bus.region}:${bus.account}:rule/`;
  return bus.name === DEFAULT_BUS ? `${prefix}${name}` : `${prefix}${bus.name}/${name}`;
}

/** A rule ARN's parts, or undefined when the text is not one. */
export function parseRuleArn(arn: string): { bus: BusRef; name: string } | undefined {
  const m = RULE_ARN.exec(arn);
  if (!m) return undefined;
  const at = { region: m[1]!, account: m[2]! };
  return { bus: busRef(at, m[3] ?? DEFAULT_BUS), name: m[4]! };
}

export function parseBusArn(arn: string): BusRef | undefined {
  const m = BUS_ARN.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]!, arn } : undefined;
}

/** The name at the end of a rule ARN (`<aws.events.rule-name>`). */
export function ruleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

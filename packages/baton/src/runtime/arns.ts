/**
 * Step Functions ARNs (API reference, "Amazon Resource Names"): how they are built from a
 * region, an account and names, and what a given ARN designates.
 */
export interface Scope {
  readonly region: string;
  readonly account: string;
  readonly partition?: string;
}

const prefix = (s: Scope) => `arn:${s.partition ?? 'aws'}:states:${s.region}:${s.account}`;

export const arns = {
  stateMachine: (s: Scope, name: string) => `${prefix(s)}:stateMachine:${name}`,
  stateMachinePrefix: (s: Scope) => `${prefix(s)}:stateMachine:`,
  /** `…:stateMachine:<machine>:<alias>` (a version is `…:<machine>:<number>`; alias names hold a non-digit). */
  stateMachineAlias: (machineArn: string, alias: string) => `${machineArn}:${alias}`,
  activity: (s: Scope, name: string) => `${prefix(s)}:activity:${name}`,
  activityPrefix: (s: Scope) => `${prefix(s)}:activity:`,
  /** `…:execution:<machine>:<name>` (Standard). */
  execution: (machineArn: string, name: string) => `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`,
  /** `…:express:<machine>:<name>:<id>` (Express executions carry a unique suffix). */
  expressExecution: (machineArn: string, name: string, id: string) =>
    `${machineArn.replace(':stateMachine:', ':express:')}:${name}:${id}`,
};

export type ParsedArn =
  | { kind: 'stateMachine'; stateMachineArn: string; name: string }
  | { kind: 'stateMachineVersion'; stateMachineArn: string; version: number }
  | { kind: 'stateMachineAlias'; stateMachineArn: string; alias: string }
  | { kind: 'execution'; stateMachineArn: string; name: string }
  | { kind: 'expressExecution'; stateMachineArn: string; name: string }
  | { kind: 'activity'; name: string };

const ARN = /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):(stateMachine|execution|express|activity):(.+)$/;

/** What a Step Functions ARN designates, or undefined when it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const [, partition, region, account, kind, rest] = m as unknown as [string, string, string, string, string, string];
  const parts = rest.split(':');
  const machine = (name: string) => `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
  if (parts.some((p) => p.length === 0)) return undefined;
  switch (kind) {
    case 'stateMachine':
      if (parts.length === 1) return { kind: 'stateMachine', stateMachineArn: machine(parts[0]!), name: parts[0]! };
      if (parts.length !== 2) return undefined;
      return /^\d+$/.test(parts[1]!)
        ? { kind: 'stateMachineVersion', stateMachineArn: machine(parts[0]!), version: Number(parts[1]) }
        : { kind: 'stateMachineAlias', stateMachineArn: machine(parts[0]!), alias: parts[1]! };
    case 'execution':
      return parts.length === 2
        ? { kind: 'execution', stateMachineArn: machine(parts[0]!), name: parts[1]! }
        : undefined;
    case 'express':
      return parts.length === 3
        ? { kind: 'expressExecution', stateMachineArn: machine(parts[0]!), name: parts[1]! }
        : undefined;
    case 'activity':
      return parts.length === 1 ? { kind: 'activity', name: parts[0]! } : undefined;
    default:
      return undefined;
  }
}

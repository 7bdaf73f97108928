/**
 * What StartExecution's `stateMachineArn` designates: a state machine (its current definition),
 * a version (that version's definition), or an alias (a version drawn by the routing weights).
 */
import { parseArn } from '../../../runtime/arns.js';
import type { StateMachineType } from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import type { SfnDeps } from './deps.js';
import { invalidArn } from './input.js';

export interface StartTarget {
  readonly stateMachineArn: string;
  readonly versionArn?: string;
  readonly aliasArn?: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
}

function notFound(arn: string): AwsError {
  return new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

export async function resolveStartTarget(deps: SfnDeps, arn: string): Promise<StartTarget> {
  const parsed = parseArn(arn);
  if (
    !parsed ||
    (parsed.kind !== 'stateMachine' && parsed.kind !== 'stateMachineVersion' && parsed.kind !== 'stateMachineAlias')
  ) {
    throw invalidArn(arn);
  }
  const machine = await deps.store.stateMachines.get(parsed.stateMachineArn);
  if (!machine) throw notFound(arn);
  if (parsed.kind === 'stateMachine') {
    return {
      stateMachineArn: machine.arn,
      type: machine.type,
      definition: machine.definition,
      roleArn: machine.roleArn,
    };
  }
  let versionArn = arn;
  let aliasArn: string | undefined;
  if (parsed.kind === 'stateMachineAlias') {
    const alias = await deps.store.stateMachines.getAlias(arn);
    if (!alias) throw new AwsError('ResourceNotFound', `Resource not found: '${arn}'`);
    aliasArn = arn;
    versionArn = pickVersion(alias.routingConfiguration, deps.entropy.nextUint32() / 2 ** 32);
  }
  const version = await deps.store.stateMachines.getVersion(versionArn);
  if (!version) throw notFound(versionArn);
  return {
    stateMachineArn: machine.arn,
    versionArn,
    ...(aliasArn ? { aliasArn } : {}),
    type: version.type,
    definition: version.definition,
    roleArn: version.roleArn,
  };
}

/** Weighted routing (developer guide, "Aliases"): each version receives its weight's share of starts. */
export function pickVersion(
  routing: readonly { stateMachineVersionArn: string; weight: number }[],
  draw: number,
): string {
  const total = routing.reduce((sum, r) => sum + r.weight, 0);
  let point = draw * total;
  for (const r of routing) {
    if (point < r.weight) return r.stateMachineVersionArn;
    point -= r.weight;
  }
  return routing[routing.length - 1]!.stateMachineVersionArn;
}

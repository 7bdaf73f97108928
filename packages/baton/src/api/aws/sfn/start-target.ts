/**
 * What StartExecution's `stateMachineArn` designates: a state machine (its current definition),
 * a version (that version's definition), or an alias (a version drawn by the routing weights).
 */
import type { StateMachineType } from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import { controlPlaneErrors, expectArn, findMachine } from './resources.js';

export interface StartTarget {
  readonly stateMachineArn: string;
  readonly versionArn?: string;
  readonly aliasArn?: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
}

const notFound = controlPlaneErrors.machineNotFound;

export async function resolveStartTarget(deps: SfnDeps, ctx: RequestContext, arn: string): Promise<StartTarget> {
  const parsed = expectArn(arn, 'stateMachine', 'stateMachineVersion', 'stateMachineAlias');
  const machine = await findMachine(deps, ctx, parsed.stateMachineArn);
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

/**
 * What the control-plane operations share: the error templates for state machines, versions,
 * aliases and activities, in AWS's words (one table, so every path says the same thing), and
 * lookups that answer with them.
 *
 * Resources live in a region: a state machine of another region or account does not exist for
 * the caller, as it does not for the regional AWS endpoint the request would have reached.
 */
import { type ParsedArn, parseArn } from '../../../runtime/arns.js';
import type {
  ActivityRecord,
  AliasRecord,
  StateMachineRecord,
  StateMachineVersionRecord,
} from '../../../store/port.js';
import { AwsError } from '../../errors.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import { invalidArn } from './input.js';

/** The revision of a state machine never updated (PublishStateMachineVersion's `revisionId: INITIAL`). */
export const INITIAL_REVISION = 'INITIAL';

export const controlPlaneErrors = {
  machineNotFound: (arn: string) => new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  machineExists: (arn: string) => new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  activityNotFound: (arn: string) => new AwsError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`),
  /** Aliases and the versions they route to (measured: UpdateStateMachineAlias of an unknown alias). */
  resourceNotFound: () => new AwsError('ResourceNotFound', 'Request references a resource that does not exist.'),
  /** The tagging operations name the resource. */
  taggableNotFound: (arn: string) => new AwsError('ResourceNotFound', `Resource not found: '${arn}'`),
  missingParameter: (message: string) => new AwsError('MissingRequiredParameter', message),
  /** HTTP 409 and 402, as the API reference gives for these two. */
  conflict: (message: string) => new AwsError('ConflictException', message, 409),
  quotaExceeded: (message: string) => new AwsError('ServiceQuotaExceededException', message, 402),
};

type ArnOf<K extends ParsedArn['kind']> = Extract<ParsedArn, { kind: K }>;

/** Parses `arn` as one of `kinds` of Step Functions ARN, or refuses it with InvalidArn. */
export function expectArn<K extends ParsedArn['kind']>(arn: string, ...kinds: K[]): ArnOf<K> {
  const parsed = parseArn(arn);
  if (!parsed || !kinds.includes(parsed.kind as K)) throw invalidArn(arn);
  return parsed as ArnOf<K>;
}

/** Whether `arn` belongs to the caller's region and account. */
export function inScope(ctx: RequestContext, arn: string): boolean {
  const [, , , region, account] = arn.split(':');
  return region === ctx.region && account === ctx.account;
}

export async function findMachine(
  deps: SfnDeps,
  ctx: RequestContext,
  arn: string,
): Promise<StateMachineRecord | undefined> {
  return inScope(ctx, arn) ? deps.store.stateMachines.get(arn) : undefined;
}

/** The machine an ARN names; a version or alias ARN names none (measured: UpdateStateMachine of a version). */
export async function loadMachine(deps: SfnDeps, ctx: RequestContext, arn: string): Promise<StateMachineRecord> {
  const parsed = expectArn(arn, 'stateMachine', 'stateMachineVersion', 'stateMachineAlias');
  const machine = parsed.kind === 'stateMachine' ? await findMachine(deps, ctx, arn) : undefined;
  if (!machine) throw controlPlaneErrors.machineNotFound(arn);
  return machine;
}

export async function findVersion(
  deps: SfnDeps,
  ctx: RequestContext,
  arn: string,
): Promise<StateMachineVersionRecord | undefined> {
  return inScope(ctx, arn) ? deps.store.stateMachines.getVersion(arn) : undefined;
}

export async function findAlias(deps: SfnDeps, ctx: RequestContext, arn: string): Promise<AliasRecord | undefined> {
  return inScope(ctx, arn) ? deps.store.stateMachines.getAlias(arn) : undefined;
}

export async function findActivity(
  deps: SfnDeps,
  ctx: RequestContext,
  arn: string,
): Promise<ActivityRecord | undefined> {
  return inScope(ctx, arn) ? deps.store.activities.get(arn) : undefined;
}

/** Every alias of a machine (at most 100 by quota), through the store's pages. */
export async function allAliases(deps: SfnDeps, stateMachineArn: string): Promise<AliasRecord[]> {
  const out: AliasRecord[] = [];
  let after: string | undefined;
  do {
    const page = await deps.store.stateMachines.listAliases(stateMachineArn, {
      limit: 100,
      ...(after !== undefined ? { after } : {}),
    });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

/**
 * State machine versions (API reference: PublishStateMachineVersion, ListStateMachineVersions,
 * DeleteStateMachineVersion; developer guide, "State machine versions"): immutable snapshots of
 * a revision, numbered 1, 2, … and never renumbered, at most 1000 per state machine.
 */
import type { StateMachineRecord, StateMachineVersionRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { SfnDeps } from './deps.js';
import { invalidArn, nextToken, optionalDescription, optionalString, pageRequest, requiredString } from './input.js';
import { allAliases, controlPlaneErrors, expectArn, findMachine, findVersion, loadMachine } from './resources.js';

const MAX_VERSIONS = 1000;

/** The versions of a machine, newest first: all of them, as there are at most MAX_VERSIONS. */
async function versionsOf(deps: SfnDeps, stateMachineArn: string): Promise<StateMachineVersionRecord[]> {
  return (await deps.store.stateMachines.listVersions(stateMachineArn, { limit: MAX_VERSIONS })).items;
}

function checkRoom(stateMachineArn: string, versions: readonly StateMachineVersionRecord[]): void {
  if (versions.length >= MAX_VERSIONS) {
    throw controlPlaneErrors.quotaExceeded(
      `The state machine '${stateMachineArn}' already has the maximum of ${MAX_VERSIONS} versions. Delete unused versions to publish new ones.`,
    );
  }
}

/** Refuses, before anything changes, an update whose new revision could not be published. */
export async function checkVersionRoom(deps: SfnDeps, stateMachineArn: string): Promise<void> {
  checkRoom(stateMachineArn, await versionsOf(deps, stateMachineArn));
}

/**
 * Publishes the machine's current revision, or returns the version that already holds it:
 * publishing is idempotent per revision. Only the newest version can hold the current revision,
 * since every change makes a new one.
 */
export async function publishRevision(
  deps: SfnDeps,
  machine: StateMachineRecord,
  description: string | undefined,
): Promise<StateMachineVersionRecord> {
  const versions = await versionsOf(deps, machine.arn);
  if (versions[0]?.revisionId === machine.revisionId) return versions[0];
  checkRoom(machine.arn, versions);
  return deps.store.stateMachines.publishVersion({
    stateMachineArn: machine.arn,
    type: machine.type,
    definition: machine.definition,
    roleArn: machine.roleArn,
    ...(description !== undefined ? { description } : {}),
    ...(machine.loggingConfiguration ? { loggingConfiguration: machine.loggingConfiguration } : {}),
    ...(machine.tracingConfiguration ? { tracingConfiguration: machine.tracingConfiguration } : {}),
    revisionId: machine.revisionId,
    createdAt: deps.clock.now(),
  });
}

export function versionOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async PublishStateMachineVersion(input, ctx) {
      const machine = await loadMachine(deps, ctx, requiredString(input, 'stateMachineArn'));
      const revisionId = optionalString(input, 'revisionId');
      if (revisionId !== undefined && revisionId !== machine.revisionId) {
        throw controlPlaneErrors.conflict(
          `Failed to publish the State Machine version for revision ${revisionId}. The current State Machine revision is ${machine.revisionId}.`,
        );
      }
      const version = await publishRevision(deps, machine, optionalDescription(input, 'description'));
      return { creationDate: epochSeconds(version.createdAt), stateMachineVersionArn: version.arn };
    },

    async ListStateMachineVersions(input, ctx) {
      const arn = requiredString(input, 'stateMachineArn');
      // The API reference lists no StateMachineDoesNotExist here: an unknown machine is an invalid ARN.
      if (!(await findMachine(deps, ctx, expectArn(arn, 'stateMachine').stateMachineArn))) throw invalidArn(arn);
      const scope = `ListStateMachineVersions|${arn}`;
      const page = await deps.store.stateMachines.listVersions(arn, pageRequest(input, scope));
      return {
        stateMachineVersions: page.items.map((v) => ({
          stateMachineVersionArn: v.arn,
          creationDate: epochSeconds(v.createdAt),
        })),
        ...nextToken(scope, page),
      };
    },

    async DeleteStateMachineVersion(input, ctx) {
      const arn = requiredString(input, 'stateMachineVersionArn');
      const parsed = expectArn(arn, 'stateMachineVersion');
      // Deleting a version that does not exist succeeds, as deleting a state machine does.
      if (!(await findVersion(deps, ctx, arn))) return {};
      const routing = (await allAliases(deps, parsed.stateMachineArn)).filter((a) =>
        a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn),
      );
      if (routing.length > 0) {
        throw controlPlaneErrors.conflict(
          `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.map((a) => a.name).join(', ')}]`,
        );
      }
      await deps.store.stateMachines.deleteVersion(arn);
      return {};
    },
  };
}

/**
 * State machines (API reference: CreateStateMachine, UpdateStateMachine, DescribeStateMachine,
 * DeleteStateMachine, ListStateMachines). A definition is validated and compiled before it is
 * stored; every change to the definition, role, logging or tracing makes a new revision, which
 * `publish` can snapshot as a version.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../../kernel/index.js';
import { arns } from '../../../runtime/arns.js';
import type { StateMachineRecord, StateMachineVersionRecord } from '../../../store/port.js';
import { validationError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import {
  checkName,
  nextToken,
  optionalBoolean,
  optionalDescription,
  optionalString,
  pageRequest,
  requiredString,
} from './input.js';
import {
  checkDefinition,
  checkRoleArn,
  DEFAULT_LOGGING,
  DEFAULT_TRACING,
  type Revision,
  readLogging,
  readTracing,
  readType,
  sameRevision,
} from './machine-config.js';
import {
  controlPlaneErrors,
  expectArn,
  findAlias,
  findMachine,
  findVersion,
  INITIAL_REVISION,
  loadMachine,
} from './resources.js';
import { addTags, readTags } from './tags.js';
import { checkVersionRoom, publishRevision } from './versions.js';

/** `publish` and `versionDescription`: a description only comes with a version. */
function readPublish(input: JsonObject): { publish: boolean; description?: string } {
  const publish = optionalBoolean(input, 'publish') ?? false;
  const description = optionalDescription(input, 'versionDescription');
  if (description !== undefined && !publish) {
    throw validationError('Version description can only be set when publish is true');
  }
  return { publish, ...(description !== undefined ? { description } : {}) };
}

/** DescribeStateMachine's answer for a machine or one of its versions (the version wins where given). */
function describe(machine: StateMachineRecord, version?: StateMachineVersionRecord): JsonObject {
  const shown: Revision & { revisionId: string } = version ?? machine;
  const out: JsonObject = {
    stateMachineArn: version?.arn ?? machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: shown.definition,
    roleArn: shown.roleArn,
    type: shown.type,
    creationDate: epochSeconds(version?.createdAt ?? machine.createdAt),
    loggingConfiguration: shown.loggingConfiguration ?? DEFAULT_LOGGING,
    tracingConfiguration: shown.tracingConfiguration ?? DEFAULT_TRACING,
  };
  // AWS shows no revision id until the first update.
  if (shown.revisionId !== INITIAL_REVISION) out.revisionId = shown.revisionId;
  if (version?.description !== undefined) out.description = version.description;
  return out;
}

/**
 * The version DescribeStateMachine shows for an alias: the one receiving the larger share of
 * executions (the first on a tie).
 */
async function aliasVersion(deps: SfnDeps, ctx: RequestContext, arn: string): Promise<StateMachineVersionRecord> {
  const alias = await findAlias(deps, ctx, arn);
  if (!alias) throw controlPlaneErrors.machineNotFound(arn);
  const main = alias.routingConfiguration.reduce((a, b) => (b.weight > a.weight ? b : a));
  const version = await findVersion(deps, ctx, main.stateMachineVersionArn);
  if (!version) throw controlPlaneErrors.machineNotFound(main.stateMachineVersionArn);
  return version;
}

export function stateMachineOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async CreateStateMachine(input, ctx) {
      const name = checkName(requiredString(input, 'name'));
      const type = readType(input);
      const definition = checkDefinition(requiredString(input, 'definition'), type, deps.checkResource);
      const roleArn = checkRoleArn(requiredString(input, 'roleArn'));
      const loggingConfiguration = readLogging(input) ?? DEFAULT_LOGGING;
      const tracingConfiguration = readTracing(input) ?? DEFAULT_TRACING;
      const { publish, description } = readPublish(input);
      const arn = arns.stateMachine(ctx, name);
      const tags = readTags(input, arn);
      const now = deps.clock.now();
      const record: StateMachineRecord = {
        arn,
        name,
        type,
        definition,
        roleArn,
        loggingConfiguration,
        tracingConfiguration,
        createdAt: now,
        updatedAt: now,
        revisionId: INITIAL_REVISION,
      };
      const created = await deps.store.stateMachines.create(record);
      if (created.kind === 'created') {
        await addTags(deps, record.arn, tags);
        const version = publish ? await publishRevision(deps, record, description) : undefined;
        return {
          stateMachineArn: record.arn,
          creationDate: epochSeconds(record.createdAt),
          ...(version ? { stateMachineVersionArn: version.arn } : {}),
        };
      }
      // Idempotent when nothing but the role or the tags differ (which are then ignored); a
      // repeated publish must find the version the first call made of this very revision.
      const existing = created.existing;
      const version = publish ? await publishedRevision(deps, existing) : undefined;
      const same =
        sameRevision({ ...record, roleArn: existing.roleArn }, existing) &&
        (!publish || (version !== undefined && version.description === description));
      if (!same) throw controlPlaneErrors.machineExists(existing.arn);
      return {
        stateMachineArn: existing.arn,
        creationDate: epochSeconds(existing.createdAt),
        ...(version ? { stateMachineVersionArn: version.arn } : {}),
      };
    },

    async UpdateStateMachine(input, ctx) {
      const machine = await loadMachine(deps, ctx, requiredString(input, 'stateMachineArn'));
      const text = optionalString(input, 'definition');
      const roleArn = optionalString(input, 'roleArn');
      const loggingConfiguration = readLogging(input);
      const tracingConfiguration = readTracing(input);
      const { publish, description } = readPublish(input);
      if (!publish && [text, roleArn, loggingConfiguration, tracingConfiguration].every((v) => v === undefined)) {
        throw controlPlaneErrors.missingParameter(
          'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
        );
      }
      const next: StateMachineRecord = {
        ...machine,
        ...(text !== undefined ? { definition: checkDefinition(text, machine.type, deps.checkResource) } : {}),
        ...(roleArn !== undefined ? { roleArn: checkRoleArn(roleArn) } : {}),
        ...(loggingConfiguration ? { loggingConfiguration } : {}),
        ...(tracingConfiguration ? { tracingConfiguration } : {}),
      };
      // Updating with what is already there makes no new revision (measured against AWS).
      const changed = !sameRevision(next, machine);
      if (changed && publish) await checkVersionRoom(deps, machine.arn);
      const updated = changed ? { ...next, revisionId: randomUUID(), updatedAt: deps.clock.now() } : machine;
      if (changed && !(await deps.store.stateMachines.update(updated))) {
        throw controlPlaneErrors.machineNotFound(machine.arn);
      }
      const version = publish ? await publishRevision(deps, updated, description) : undefined;
      return {
        updateDate: epochSeconds(updated.updatedAt),
        ...(updated.revisionId !== INITIAL_REVISION ? { revisionId: updated.revisionId } : {}),
        ...(version ? { stateMachineVersionArn: version.arn } : {}),
      };
    },

    async DescribeStateMachine(input, ctx) {
      const arn = requiredString(input, 'stateMachineArn');
      const parsed = expectArn(arn, 'stateMachine', 'stateMachineVersion', 'stateMachineAlias');
      const machine = await findMachine(deps, ctx, parsed.stateMachineArn);
      if (!machine) throw controlPlaneErrors.machineNotFound(arn);
      if (parsed.kind === 'stateMachine') return describe(machine);
      if (parsed.kind === 'stateMachineAlias') return describe(machine, await aliasVersion(deps, ctx, arn));
      const version = await findVersion(deps, ctx, arn);
      if (!version) throw controlPlaneErrors.machineNotFound(arn);
      return describe(machine, version);
    },

    async DeleteStateMachine(input, ctx) {
      const arn = requiredString(input, 'stateMachineArn');
      expectArn(arn, 'stateMachine');
      // Deletion is idempotent; it takes the versions, aliases and tags along. Executions started
      // from the machine keep running to their end.
      if (await findMachine(deps, ctx, arn)) await deps.store.stateMachines.delete(arn);
      return {};
    },

    async ListStateMachines(input, ctx) {
      const prefix = arns.stateMachinePrefix(ctx);
      const scope = `ListStateMachines|${prefix}`;
      const page = await deps.store.stateMachines.list(prefix, pageRequest(input, scope));
      return {
        stateMachines: page.items.map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: m.type,
          creationDate: epochSeconds(m.createdAt),
        })),
        ...nextToken(scope, page),
      };
    },
  };
}

/** The version holding the machine's current revision, if one was published. */
async function publishedRevision(
  deps: SfnDeps,
  machine: StateMachineRecord,
): Promise<StateMachineVersionRecord | undefined> {
  const newest = (await deps.store.stateMachines.listVersions(machine.arn, { limit: 1 })).items[0];
  return newest?.revisionId === machine.revisionId ? newest : undefined;
}

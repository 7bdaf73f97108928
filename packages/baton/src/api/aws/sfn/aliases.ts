/**
 * State machine aliases (API reference: CreateStateMachineAlias, DescribeStateMachineAlias,
 * UpdateStateMachineAlias, DeleteStateMachineAlias, ListStateMachineAliases; developer guide,
 * "State machine aliases"): a name routing StartExecution to one or two versions of one machine
 * by weight. At most 100 per state machine. Messages are the ones AWS answers with.
 */
import { isJsonObject, type Json, type JsonObject } from '../../../kernel/index.js';
import { arns, parseArn } from '../../../runtime/arns.js';
import type { AliasRecord, RoutingEntry } from '../../../store/port.js';
import { AwsError, validationError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import {
  checkLength,
  nextToken,
  optionalArray,
  optionalDescription,
  pageRequest,
  requiredArray,
  requiredString,
} from './input.js';
import { allAliases, controlPlaneErrors, expectArn, findAlias, findMachine, findVersion } from './resources.js';

const MAX_ALIASES = 100;
/** A letter, `_`, `-` or `.` somewhere keeps an alias name apart from a version number. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;

function readAliasName(input: JsonObject): string {
  const name = checkLength(requiredString(input, 'name'), 'name', 80, 1);
  if (!ALIAS_NAME.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$`,
    );
  }
  return name;
}

function routingEntry(item: Json, i: number): RoutingEntry {
  const arn = isJsonObject(item) ? item.stateMachineVersionArn : undefined;
  const weight = isJsonObject(item) ? item.weight : undefined;
  if (typeof arn !== 'string' || typeof weight !== 'number' || !Number.isInteger(weight)) {
    throw new AwsError(
      'SerializationException',
      `Expected {stateMachineVersionArn, weight} at 'routingConfiguration.${i + 1}'`,
    );
  }
  if (weight < 0 || weight > 100) {
    throw validationError(
      `1 validation error detected: Value '${weight}' at 'routingConfiguration.${i + 1}.member.weight' failed to satisfy constraint: Member must have value ${weight < 0 ? 'greater than or equal to 0' : 'less than or equal to 100'}`,
    );
  }
  return { stateMachineVersionArn: arn, weight };
}

/**
 * A routing configuration: one or two distinct versions of one state machine, weights summing
 * to 100. Returns it with the state machine it routes to.
 */
async function readRouting(
  deps: SfnDeps,
  ctx: RequestContext,
  items: Json[],
): Promise<{ routing: RoutingEntry[]; stateMachineArn: string }> {
  const routing = items.map(routingEntry);
  const listed = `[${routing.map((r) => r.stateMachineVersionArn).join(', ')}]`;
  if (routing.length === 0 || routing.length > 2) {
    const value = routing
      .map(
        (r) => `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`,
      )
      .join(', ');
    throw validationError(
      `1 validation error detected: Value '[${value}]' at 'routingConfiguration' failed to satisfy constraint: Member must have length ${routing.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 2'}`,
    );
  }
  if (new Set(routing.map((r) => r.stateMachineVersionArn)).size < routing.length) {
    throw validationError(
      `Routing configuration must contain distinct state machine version ARNs. Received: ${listed}`,
    );
  }
  const sum = routing.reduce((total, r) => total + r.weight, 0);
  if (sum !== 100) {
    throw validationError(
      `Sum of routing configuration weights must equal 100. Received: [${routing.map((r) => r.weight).join(', ')}]`,
    );
  }
  const machines = new Set<string>();
  for (const r of routing) {
    const parsed = parseArn(r.stateMachineVersionArn);
    if (parsed?.kind !== 'stateMachineVersion') {
      throw validationError(`Routing configuration must contain state machine version ARNs. Received: ${listed}`);
    }
    if (!(await findVersion(deps, ctx, r.stateMachineVersionArn))) throw controlPlaneErrors.resourceNotFound();
    machines.add(parsed.stateMachineArn);
  }
  if (machines.size > 1) {
    throw validationError(`Routing configuration must contain versions of the same state machine. Received: ${listed}`);
  }
  return { routing, stateMachineArn: [...machines][0]! };
}

async function loadAlias(deps: SfnDeps, ctx: RequestContext, input: JsonObject): Promise<AliasRecord> {
  const arn = requiredString(input, 'stateMachineAliasArn');
  expectArn(arn, 'stateMachineAlias');
  const alias = await findAlias(deps, ctx, arn);
  if (!alias) throw controlPlaneErrors.resourceNotFound();
  return alias;
}

/** CreateStateMachineAlias is idempotent on name, description and routing (API reference). */
function sameAlias(a: AliasRecord, b: AliasRecord): boolean {
  return (
    a.description === b.description &&
    a.routingConfiguration.length === b.routingConfiguration.length &&
    a.routingConfiguration.every(
      (r, i) =>
        r.stateMachineVersionArn === b.routingConfiguration[i]!.stateMachineVersionArn &&
        r.weight === b.routingConfiguration[i]!.weight,
    )
  );
}

function wireRouting(routing: readonly RoutingEntry[]): JsonObject[] {
  return routing.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight }));
}

export function aliasOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async CreateStateMachineAlias(input, ctx) {
      const name = readAliasName(input);
      const description = optionalDescription(input, 'description');
      const { routing, stateMachineArn } = await readRouting(deps, ctx, requiredArray(input, 'routingConfiguration'));
      const now = deps.clock.now();
      const record: AliasRecord = {
        arn: arns.stateMachineAlias(stateMachineArn, name),
        stateMachineArn,
        name,
        ...(description !== undefined ? { description } : {}),
        routingConfiguration: routing,
        createdAt: now,
        updatedAt: now,
      };
      let existing = await findAlias(deps, ctx, record.arn);
      if (!existing) {
        if ((await allAliases(deps, stateMachineArn)).length >= MAX_ALIASES) {
          throw controlPlaneErrors.quotaExceeded(
            `The state machine '${stateMachineArn}' already has the maximum of ${MAX_ALIASES} aliases.`,
          );
        }
        const created = await deps.store.stateMachines.createAlias(record);
        if (created.kind === 'created') {
          return { stateMachineAliasArn: record.arn, creationDate: epochSeconds(record.createdAt) };
        }
        existing = created.existing;
      }
      if (!sameAlias(record, existing)) {
        throw controlPlaneErrors.conflict(
          'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
        );
      }
      return { stateMachineAliasArn: existing.arn, creationDate: epochSeconds(existing.createdAt) };
    },

    async DescribeStateMachineAlias(input, ctx) {
      const alias = await loadAlias(deps, ctx, input);
      return {
        stateMachineAliasArn: alias.arn,
        name: alias.name,
        ...(alias.description !== undefined ? { description: alias.description } : {}),
        routingConfiguration: wireRouting(alias.routingConfiguration),
        creationDate: epochSeconds(alias.createdAt),
        updateDate: epochSeconds(alias.updatedAt),
      };
    },

    async UpdateStateMachineAlias(input, ctx) {
      const description = optionalDescription(input, 'description');
      const items = optionalArray(input, 'routingConfiguration');
      if (description === undefined && items === undefined) {
        throw validationError('Either the description or the RoutingConfiguration must be specified');
      }
      const routing = items === undefined ? undefined : await readRouting(deps, ctx, items);
      const alias = await loadAlias(deps, ctx, input);
      if (routing && routing.stateMachineArn !== alias.stateMachineArn) {
        throw validationError(
          `Routing configuration must contain versions of the state machine '${alias.stateMachineArn}' the alias belongs to.`,
        );
      }
      const updated: AliasRecord = {
        ...alias,
        ...(description !== undefined ? { description } : {}),
        ...(routing ? { routingConfiguration: routing.routing } : {}),
        updatedAt: deps.clock.now(),
      };
      if (!(await deps.store.stateMachines.updateAlias(updated))) throw controlPlaneErrors.resourceNotFound();
      return { updateDate: epochSeconds(updated.updatedAt) };
    },

    async DeleteStateMachineAlias(input, ctx) {
      const arn = requiredString(input, 'stateMachineAliasArn');
      expectArn(arn, 'stateMachineAlias');
      // Deleting an alias that does not exist succeeds (measured against AWS).
      if (await findAlias(deps, ctx, arn)) await deps.store.stateMachines.deleteAlias(arn);
      return {};
    },

    async ListStateMachineAliases(input, ctx) {
      const arn = requiredString(input, 'stateMachineArn');
      // A version ARN lists the aliases routing to that version.
      const parsed = expectArn(arn, 'stateMachine', 'stateMachineVersion');
      if (!(await findMachine(deps, ctx, parsed.stateMachineArn))) throw controlPlaneErrors.machineNotFound(arn);
      if (parsed.kind === 'stateMachineVersion' && !(await findVersion(deps, ctx, arn))) {
        throw controlPlaneErrors.resourceNotFound();
      }
      const scope = `ListStateMachineAliases|${arn}`;
      const page = await deps.store.stateMachines.listAliases(parsed.stateMachineArn, pageRequest(input, scope));
      const aliases = page.items.filter(
        (a) => parsed.kind === 'stateMachine' || a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn),
      );
      return {
        stateMachineAliases: aliases.map((a) => ({
          stateMachineAliasArn: a.arn,
          creationDate: epochSeconds(a.createdAt),
        })),
        ...nextToken(scope, page),
      };
    },
  };
}

/**
 * Execution operations of the Step Functions API (API reference): StartExecution,
 * StartSyncExecution, DescribeExecution, DescribeStateMachineForExecution, ListExecutions,
 * GetExecutionHistory, StopExecution.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionStatus } from '../../../asl/index.js';
import type { JsonObject } from '../../../kernel/index.js';
import { parseArn } from '../../../runtime/arns.js';
import type { ExecutionRecord, StateMachineRecord } from '../../../store/port.js';
import { AwsError, validationError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import { decodeToken, encodeToken, epochSeconds } from '../pagination.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import { wireEvent } from './history.js';
import {
  checkName,
  invalidArn,
  jsonPayload,
  nextToken,
  optionalBoolean,
  optionalString,
  pageRequest,
  pageSize,
  requiredString,
} from './input.js';
import { findMachine, INITIAL_REVISION, inScope } from './resources.js';
import { resolveStartTarget } from './start-target.js';

/** Executions can be redriven within 14 days of stopping (developer guide, "Redriving executions"). */
const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;

const STATUSES = new Set<ExecutionStatus>([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);

export function executionNotFound(arn: string): AwsError {
  return new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

/** Loads an execution by ARN, with AWS's errors for a malformed or unknown ARN. */
export async function loadExecution(deps: SfnDeps, ctx: RequestContext, arn: string): Promise<ExecutionRecord> {
  const parsed = parseArn(arn);
  if (parsed?.kind === 'expressExecution') {
    throw new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: express'`);
  }
  if (parsed?.kind !== 'execution') throw invalidArn(arn);
  const record = inScope(ctx, arn) ? await deps.store.executions.get(arn) : undefined;
  if (!record) throw executionNotFound(arn);
  return record;
}

function describe(record: ExecutionRecord): JsonObject {
  const out: JsonObject = {
    executionArn: record.arn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    input: JSON.stringify(record.input),
    inputDetails: { included: true },
    redriveCount: record.redriveCount,
    redriveStatus: record.status === 'RUNNING' || record.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
  };
  if (record.stopDate !== undefined) out.stopDate = epochSeconds(record.stopDate);
  if (record.status === 'SUCCEEDED' && record.output !== undefined) {
    out.output = JSON.stringify(record.output);
    out.outputDetails = { included: true };
  }
  if (record.error !== undefined) out.error = record.error;
  if (record.cause !== undefined) out.cause = record.cause;
  if (record.traceHeader !== undefined) out.traceHeader = record.traceHeader;
  if (record.stateMachineVersionArn) out.stateMachineVersionArn = record.stateMachineVersionArn;
  if (record.stateMachineAliasArn) out.stateMachineAliasArn = record.stateMachineAliasArn;
  if (record.redriveDate !== undefined) out.redriveDate = epochSeconds(record.redriveDate);
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') {
    out.redriveStatusReason =
      record.status === 'RUNNING'
        ? 'Execution is RUNNING and cannot be redriven'
        : 'Execution is SUCCEEDED and cannot be redriven';
  }
  return out;
}

export function executionOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async StartExecution(input, ctx) {
      const target = await resolveStartTarget(deps, ctx, requiredString(input, 'stateMachineArn'));
      const name = checkName(optionalString(input, 'name') ?? randomUUID());
      const inputText = optionalString(input, 'input');
      const payload = jsonPayload(inputText, 'InvalidExecutionInput', 'Execution input');
      const traceHeader = optionalString(input, 'traceHeader');
      if (target.type === 'EXPRESS') {
        const started = deps.express.start({ ...target, name, input: payload, region: ctx.region });
        return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
      }
      const result = await deps.engine.start({
        stateMachineArn: target.stateMachineArn,
        ...(target.versionArn ? { stateMachineVersionArn: target.versionArn } : {}),
        ...(target.aliasArn ? { stateMachineAliasArn: target.aliasArn } : {}),
        definition: target.definition,
        roleArn: target.roleArn,
        name,
        input: payload,
        ...(traceHeader ? { traceHeader } : {}),
      });
      if (result.kind === 'started')
        return { executionArn: result.executionArn, startDate: epochSeconds(result.startDate) };
      // Idempotent by name: the same input while it still runs gives back the same execution.
      const existing = result.existing;
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(payload)) {
        return { executionArn: existing.arn, startDate: epochSeconds(existing.startDate) };
      }
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.arn}'`);
    },

    async StartSyncExecution(input, ctx) {
      const target = await resolveStartTarget(deps, ctx, requiredString(input, 'stateMachineArn'));
      if (target.type !== 'EXPRESS') {
        throw new AwsError(
          'StateMachineTypeNotSupported',
          'This operation is not supported by STANDARD state machines.',
        );
      }
      const name = checkName(optionalString(input, 'name') ?? randomUUID());
      const payload = jsonPayload(optionalString(input, 'input'), 'InvalidExecutionInput', 'Execution input');
      const includeData = optionalBoolean(input, 'includedData') !== false;
      return deps.express.runSync({ ...target, name, input: payload, region: ctx.region, includeData });
    },

    async DescribeExecution(input, ctx) {
      return describe(await loadExecution(deps, ctx, requiredString(input, 'executionArn')));
    },

    async DescribeStateMachineForExecution(input, ctx) {
      const record = await loadExecution(deps, ctx, requiredString(input, 'executionArn'));
      const definition = await deps.store.executions.definition(record.definitionHash);
      const machine: StateMachineRecord | undefined = await deps.store.stateMachines.get(record.stateMachineArn);
      const out: JsonObject = {
        stateMachineArn: record.stateMachineArn,
        name: record.stateMachineArn.split(':').pop()!,
        definition: definition ?? '',
        roleArn: record.state.context.roleArn,
        updateDate: epochSeconds(machine?.updatedAt ?? record.startDate),
      };
      if (machine?.loggingConfiguration) out.loggingConfiguration = machine.loggingConfiguration;
      if (machine?.tracingConfiguration) out.tracingConfiguration = machine.tracingConfiguration;
      if (machine && machine.revisionId !== INITIAL_REVISION) out.revisionId = machine.revisionId;
      return out;
    },

    async ListExecutions(input, ctx) {
      const arn = optionalString(input, 'stateMachineArn');
      if (optionalString(input, 'mapRunArn') !== undefined) {
        throw validationError(
          'Listing the child executions of a Map Run is not supported: Baton runs distributed Map iterations inside their parent execution.',
        );
      }
      if (arn === undefined) throw validationError('Must provide a StateMachine ARN or MapRun ARN');
      const parsed = parseArn(arn);
      if (
        !parsed ||
        (parsed.kind !== 'stateMachine' && parsed.kind !== 'stateMachineVersion' && parsed.kind !== 'stateMachineAlias')
      ) {
        throw invalidArn(arn);
      }
      if (!(await findMachine(deps, ctx, parsed.stateMachineArn))) {
        throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      }
      const status = optionalString(input, 'statusFilter') as ExecutionStatus | undefined;
      if (status !== undefined && !STATUSES.has(status)) throw validationError(`Invalid statusFilter: '${status}'`);
      const scope = `ListExecutions|${arn}|${status ?? ''}`;
      const page = await deps.store.executions.list(
        {
          stateMachineArn: parsed.stateMachineArn,
          ...(status ? { status } : {}),
          ...(parsed.kind !== 'stateMachine' ? { versionOrAliasArn: arn } : {}),
        },
        pageRequest(input, scope),
      );
      const executions = page.items.map((e) => {
        const item: JsonObject = {
          executionArn: e.arn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: epochSeconds(e.startDate),
          redriveCount: e.redriveCount,
        };
        if (e.stopDate !== undefined) item.stopDate = epochSeconds(e.stopDate);
        if (e.stateMachineVersionArn) item.stateMachineVersionArn = e.stateMachineVersionArn;
        if (e.stateMachineAliasArn) item.stateMachineAliasArn = e.stateMachineAliasArn;
        if (e.redriveDate !== undefined) item.redriveDate = epochSeconds(e.redriveDate);
        return item;
      });
      return { executions, ...nextToken(scope, page) };
    },

    async GetExecutionHistory(input, ctx) {
      const arn = requiredString(input, 'executionArn');
      await loadExecution(deps, ctx, arn);
      const reverse = optionalBoolean(input, 'reverseOrder') === true;
      const includeData = optionalBoolean(input, 'includeExecutionData') !== false;
      const scope = `GetExecutionHistory|${arn}|${reverse}`;
      const after = decodeToken(input.nextToken, scope);
      const limit = pageSize(input);
      const events = await deps.store.executions.history(arn, {
        reverse,
        limit: limit + 1,
        ...(after !== undefined ? { after: Number(after) } : {}),
      });
      const page = events.slice(0, limit);
      const out: JsonObject = { events: page.map((e) => wireEvent(e, arn, includeData)) };
      if (events.length > limit) out.nextToken = encodeToken(scope, String(page[page.length - 1]!.id));
      return out;
    },

    async RedriveExecution(input, ctx) {
      const arn = requiredString(input, 'executionArn');
      const record = await loadExecution(deps, ctx, arn);
      const notRedrivable = (why: string) =>
        new AwsError('ExecutionNotRedrivable', `Execution with arn ${arn} cannot be redriven because ${why}`);
      if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') throw notRedrivable(`it is ${record.status}`);
      if (record.stopDate !== undefined && deps.clock.now() - record.stopDate > REDRIVE_WINDOW_MS) {
        throw notRedrivable('it stopped more than 14 days ago');
      }
      if (!(await deps.engine.redrive(arn))) throw notRedrivable('it has no state to resume from');
      const after = await deps.store.executions.get(arn);
      return { redriveDate: epochSeconds(after?.redriveDate ?? deps.clock.now()) };
    },

    async StopExecution(input, ctx) {
      const arn = requiredString(input, 'executionArn');
      const record = await loadExecution(deps, ctx, arn);
      const error = optionalString(input, 'error');
      const cause = optionalString(input, 'cause');
      if (error !== undefined && error.length > 256) throw validationError('error must be at most 256 characters');
      if (cause !== undefined && cause.length > 32768) throw validationError('cause must be at most 32768 characters');
      if (record.status === 'RUNNING') await deps.engine.stop(arn, error, cause);
      const after = await deps.store.executions.get(arn);
      return { stopDate: epochSeconds(after?.stopDate ?? deps.clock.now()) };
    },
  };
}

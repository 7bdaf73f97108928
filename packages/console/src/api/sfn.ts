/**
 * A small typed client for the Step Functions API (AWS JSON 1.0): `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`. The console reads and writes through this, the
 * same public protocol every AWS SDK uses; it has no private route into the server. Requests are
 * unsigned, which works while the server runs with auth off (its local default).
 */
import { allPages, awsJson, type Page, page } from './http.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** Timestamps arrive as epoch seconds (with fractions), as the AWS JSON protocol sends them. */
export type EpochSeconds = number;

export interface StateMachineListItem {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly creationDate: EpochSeconds;
}

export interface StateMachine {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status?: 'ACTIVE' | 'DELETING';
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: EpochSeconds;
  readonly description?: string;
  readonly revisionId?: string;
}

export interface VersionListItem {
  readonly stateMachineVersionArn: string;
  readonly creationDate: EpochSeconds;
}

export interface AliasListItem {
  readonly stateMachineAliasArn: string;
  readonly creationDate: EpochSeconds;
}

export interface ExecutionListItem {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: EpochSeconds;
  readonly stopDate?: EpochSeconds;
  readonly redriveCount?: number;
}

export interface Execution extends ExecutionListItem {
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly redriveStatus?: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly redriveStatusReason?: string;
}

/** One history event as GetExecutionHistory sends it: details sit under `<type>EventDetails`. */
export interface WireHistoryEvent {
  readonly id: number;
  readonly previousEventId?: number;
  readonly timestamp: EpochSeconds;
  readonly type: string;
  readonly [details: string]: unknown;
}

export interface Diagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: string;
  readonly message: string;
  /** A JSON pointer into the definition, e.g. `/States/Check/Next`; absent for whole-workflow problems. */
  readonly location?: string;
}

export interface ActivityListItem {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: EpochSeconds;
}

/** Calls one Step Functions operation and returns its JSON output, or throws ApiError with AWS's code. */
const call = awsJson('AWSStepFunctions', '1.0');

/** The operations the console uses, each a thin typed wrapper over `call`. */
export const sfn = {
  /** Every state machine (ListStateMachines, every page). */
  stateMachines: () =>
    allPages(async (nextToken) => {
      const out = await call<{ stateMachines?: StateMachineListItem[]; nextToken?: string }>('ListStateMachines', {
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      });
      return page(out.stateMachines, out.nextToken);
    }),

  describeStateMachine: (stateMachineArn: string) => call<StateMachine>('DescribeStateMachine', { stateMachineArn }),

  describeStateMachineForExecution: (executionArn: string) =>
    call<StateMachine>('DescribeStateMachineForExecution', { executionArn }),

  createStateMachine: (input: { name: string; definition: string; type: StateMachineType; roleArn: string }) =>
    call<{ stateMachineArn: string; creationDate: EpochSeconds }>('CreateStateMachine', input),

  updateStateMachine: (input: { stateMachineArn: string; definition: string }) =>
    call<{ updateDate: EpochSeconds }>('UpdateStateMachine', input),

  async listVersions(stateMachineArn: string): Promise<VersionListItem[]> {
    const out = await call<{ stateMachineVersions?: VersionListItem[] }>('ListStateMachineVersions', {
      stateMachineArn,
      maxResults: 100,
    });
    return out.stateMachineVersions ?? [];
  },

  async listAliases(stateMachineArn: string): Promise<AliasListItem[]> {
    const out = await call<{ stateMachineAliases?: AliasListItem[] }>('ListStateMachineAliases', {
      stateMachineArn,
      maxResults: 100,
    });
    return out.stateMachineAliases ?? [];
  },

  async validate(
    definition: string,
    type: StateMachineType,
  ): Promise<{ result: 'OK' | 'FAIL'; diagnostics: Diagnostic[] }> {
    const out = await call<{ result: 'OK' | 'FAIL'; diagnostics?: Diagnostic[] }>('ValidateStateMachineDefinition', {
      definition,
      type,
      severity: 'WARNING',
    });
    return { result: out.result, diagnostics: out.diagnostics ?? [] };
  },

  async listExecutions(query: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    nextToken?: string;
    maxResults?: number;
  }): Promise<Page<ExecutionListItem>> {
    const out = await call<{ executions?: ExecutionListItem[]; nextToken?: string }>('ListExecutions', {
      stateMachineArn: query.stateMachineArn,
      maxResults: query.maxResults ?? 50,
      ...(query.statusFilter ? { statusFilter: query.statusFilter } : {}),
      ...(query.nextToken ? { nextToken: query.nextToken } : {}),
    });
    return page(out.executions, out.nextToken);
  },

  describeExecution: (executionArn: string) => call<Execution>('DescribeExecution', { executionArn }),

  /** Every page of the history, oldest first. */
  async history(executionArn: string): Promise<WireHistoryEvent[]> {
    const events: WireHistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const out: { events?: WireHistoryEvent[]; nextToken?: string } = await call('GetExecutionHistory', {
        executionArn,
        maxResults: 1000,
        includeExecutionData: true,
        ...(nextToken ? { nextToken } : {}),
      });
      events.push(...(out.events ?? []));
      nextToken = out.nextToken;
    } while (nextToken);
    return events;
  },

  startExecution: (input: { stateMachineArn: string; input: string; name?: string }) =>
    call<{ executionArn: string; startDate: EpochSeconds }>('StartExecution', input),

  stopExecution: (input: { executionArn: string; error?: string; cause?: string }) =>
    call<{ stopDate: EpochSeconds }>('StopExecution', input),

  redriveExecution: (executionArn: string) => call<{ redriveDate: EpochSeconds }>('RedriveExecution', { executionArn }),

  async listActivities(): Promise<ActivityListItem[]> {
    const out = await call<{ activities?: ActivityListItem[] }>('ListActivities', { maxResults: 1000 });
    return out.activities ?? [];
  },

  /** Long-polls (up to 60 s on the server) for the oldest waiting task of an activity. */
  getActivityTask: (activityArn: string, workerName: string) =>
    call<{ taskToken?: string; input?: string }>('GetActivityTask', { activityArn, workerName }),

  sendTaskSuccess: (taskToken: string, output: string) => call<object>('SendTaskSuccess', { taskToken, output }),

  sendTaskFailure: (taskToken: string, error: string, cause: string) =>
    call<object>('SendTaskFailure', { taskToken, error, cause }),
};

/** The role every machine created from the console uses (Baton does not assume roles locally). */
export function defaultRoleArn(stateMachineArn?: string): string {
  const account = stateMachineArn?.split(':')[4] ?? '123456789012';
  return `arn:aws:iam::${account}:role/BatonConsole`;
}

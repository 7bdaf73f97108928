/**
 * Which fields each state type accepts, and in which query language (ASL spec "State Types";
 * developer guide "Transforming data with JSONata": JSONPath-only and JSONata-only fields).
 */
import type { StateType } from '../compile/machine.js';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const TRANSITION = ['Next', 'End'];
const RETRY_CATCH = ['Retry', 'Catch'];

/** Fields that exist only when the state's query language is JSONPath. */
export const JSONPATH_ONLY = new Set([
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'ItemsPath',
  'Iterator',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'ErrorPath',
  'CausePath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
]);

/** Fields that exist only when the state's query language is JSONata. */
export const JSONATA_ONLY = new Set(['Output', 'Arguments', 'Items']);

export const STATE_FIELDS: Record<StateType, ReadonlySet<string>> = {
  Pass: new Set([
    ...COMMON,
    ...TRANSITION,
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'Result',
    'Assign',
    'Output',
  ]),
  Task: new Set([
    ...COMMON,
    ...TRANSITION,
    ...RETRY_CATCH,
    'Resource',
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'ResultSelector',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
    'Assign',
    'Arguments',
    'Output',
  ]),
  Choice: new Set([...COMMON, 'Choices', 'Default', 'InputPath', 'OutputPath', 'Assign', 'Output']),
  Wait: new Set([
    ...COMMON,
    ...TRANSITION,
    'Seconds',
    'Timestamp',
    'SecondsPath',
    'TimestampPath',
    'InputPath',
    'OutputPath',
    'Assign',
    'Output',
  ]),
  Succeed: new Set([...COMMON, 'InputPath', 'OutputPath', 'Output']),
  Fail: new Set([...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath']),
  Parallel: new Set([
    ...COMMON,
    ...TRANSITION,
    ...RETRY_CATCH,
    'Branches',
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'ResultSelector',
    'Assign',
    'Arguments',
    'Output',
  ]),
  Map: new Set([
    ...COMMON,
    ...TRANSITION,
    ...RETRY_CATCH,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'Parameters',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Label',
    'InputPath',
    'OutputPath',
    'ResultPath',
    'ResultSelector',
    'Assign',
    'Output',
  ]),
};

export const STATE_TYPES = new Set<string>(Object.keys(STATE_FIELDS));

export const TOP_LEVEL_FIELDS = new Set(['Comment', 'StartAt', 'States', 'Version', 'TimeoutSeconds', 'QueryLanguage']);
export const SCOPE_FIELDS = new Set(['Comment', 'StartAt', 'States', 'ProcessorConfig']);
export const RETRIER_FIELDS = new Set([
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
]);
export const CATCHER_FIELDS = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']);

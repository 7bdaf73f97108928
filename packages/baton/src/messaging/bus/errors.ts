/**
 * EventBridge errors, by the names of the API reference's error shapes, with the messages AWS
 * answers (as recorded in AWS-validated snapshots where one exists). Every path that raises an
 * error says it with these words; the API layer encodes a BusError once (api/aws/events).
 */
export type BusErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'ValidationException'
  | 'InvalidEventPatternException'
  | 'LimitExceededException'
  | 'ConcurrentModificationException'
  | 'IllegalStatusException'
  | 'ManagedRuleException';

export class BusError extends Error {
  override readonly name = 'BusError';
  constructor(
    readonly code: BusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new BusError('ValidationException', message);

export const busErrors = {
  validation,
  busNotFound: (name: string) => new BusError('ResourceNotFoundException', `Event bus ${name} does not exist.`),
  busExists: (name: string) => new BusError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`),
  cannotDeleteDefault: () => validation('Cannot delete event bus default.'),
  ruleNotFound: (rule: string, bus: string) =>
    new BusError('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`),
  ruleHasTargets: () => validation("Rule can't be deleted since it has targets."),
  patternOrSchedule: () => validation('Parameter(s) EventPattern or ScheduleExpression must be specified.'),
  scheduleOnDefaultOnly: () => validation('ScheduleExpression is supported only on the default event bus.'),
  scheduleInvalid: () => validation('Parameter ScheduleExpression is not valid.'),
  invalidPattern: (message: string) => new BusError('InvalidEventPatternException', message),
  tooManyTargets: () =>
    new BusError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.'),
  tooManyEntries: (what: string, max: number) =>
    validation(
      `1 validation error detected: Value at '${what}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    ),
  requestTooLarge: () => validation('Total size of the entries in the request is over the limit.'),
  invalidArn: (arn: string) =>
    validation(`Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.`),
  resourceNotFound: (arn: string) => new BusError('ResourceNotFoundException', `Resource ${arn} not found.`),
  invalidNextToken: () => validation('The NextToken provided is not valid.'),
  tooManyTags: () =>
    new BusError('LimitExceededException', 'Request would exceed the maximum number of tags (50) for the resource.'),
  duplicateTagKeys: () => validation('Invalid parameter: Duplicated keys are not allowed.'),
  managedRule: (rule: string) =>
    new BusError('ManagedRuleException', `${rule} is a managed rule. Set 'force' parameter to true to override.`),
  archiveExists: (name: string) => new BusError('ResourceAlreadyExistsException', `Archive ${name} already exists.`),
  archiveNotFound: (name: string) => new BusError('ResourceNotFoundException', `Archive ${name} does not exist.`),
  replayExists: (name: string) => new BusError('ResourceAlreadyExistsException', `Replay ${name} already exists.`),
  replayNotFound: (name: string) => new BusError('ResourceNotFoundException', `Replay ${name} does not exist.`),
  replayNotCancellable: (name: string) =>
    new BusError('IllegalStatusException', `Replay ${name} is not in a valid state for this operation.`),
  connectionExists: (name: string) =>
    new BusError('ResourceAlreadyExistsException', `Connection ${name} already exists.`),
  connectionNotFound: (name: string) =>
    new BusError(
      'ResourceNotFoundException',
      `Failed to describe the connection(s). Connection '${name}' does not exist.`,
    ),
  apiDestinationExists: (name: string) =>
    new BusError('ResourceAlreadyExistsException', `An api-destination '${name}' already exists.`),
  apiDestinationNotFound: (name: string) =>
    new BusError(
      'ResourceNotFoundException',
      `Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`,
    ),
};

/** The per-entry codes of PutEvents results (API reference, PutEventsResultEntry). */
export const entryErrors = {
  sourceRequired: () => ({
    code: 'InvalidArgument',
    message: 'Parameter Source is not valid. Reason: Source is a required argument.',
  }),
  detailTypeRequired: () => ({
    code: 'InvalidArgument',
    message: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
  }),
  detailRequired: () => ({
    code: 'InvalidArgument',
    message: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
  }),
  malformedDetail: () => ({ code: 'MalformedDetail', message: 'Detail is malformed.' }),
  reservedSource: () => ({ code: 'NotAuthorizedForSourceException', message: 'Not authorized for the source.' }),
  invalidTime: () => ({ code: 'InvalidArgument', message: 'Parameter Time is not valid.' }),
  invalidArgument: (field: string, reason: string) => ({
    code: 'InvalidArgument',
    message: `Parameter ${field} is not valid. Reason: ${reason}`,
  }),
  busNotFound: (name: string) => ({ code: 'ResourceNotFoundException', message: `Event bus ${name} does not exist.` }),
};

export interface EntryError {
  readonly code: string;
  readonly message: string;
}

/**
 * How SNS errors are named on the Query protocol: `<Error><Type>Sender</Type><Code>NotFound</Code>`
 * with the HTTP status of the code's `awsQueryError` trait (TopicError carries both, and becomes
 * an AwsError by `domainError`, which the protocol applies where it catches). Errors of the
 * protocol layer itself keep their names; server faults are `Receiver`.
 */
import { TopicError } from '../../../messaging/topics/index.js';
import { type AwsError, domainErrorsOf } from '../../errors.js';
import type { QueryError } from '../query-protocol.js';

/** A TopicError as the AwsError the codec encodes, with the status it carries. */
export const domainError = domainErrorsOf(TopicError, (e) => e.status);

export function queryError(error: AwsError): QueryError {
  return { code: error.code, status: error.status, type: error.status >= 500 ? 'Receiver' : 'Sender' };
}

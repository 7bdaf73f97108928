/**
 * How SNS errors are named on the Query protocol: `<Error><Type>Sender</Type><Code>NotFound</Code>`
 * with the HTTP status of the code's `awsQueryError` trait (TopicError carries both). Errors of the
 * protocol layer itself keep their names; server faults are `Receiver`.
 */
import { TopicError } from '../../../messaging/topics/index.js';
import { AwsError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import type { QueryError } from '../query-protocol.js';

/** Runs an operation, turning the topic domain's errors into API errors. */
export function translated(op: Operation): Operation {
  return async (input, ctx) => {
    try {
      return await op(input, ctx);
    } catch (e) {
      if (e instanceof TopicError) throw new AwsError(e.code, e.message, e.status);
      throw e;
    }
  };
}

export function queryError(error: AwsError): QueryError {
  return { code: error.code, status: error.status, type: error.status >= 500 ? 'Receiver' : 'Sender' };
}

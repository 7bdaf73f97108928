/** A stream's StreamStatus, coloured as the other statuses are: ACTIVE green, changing blue, going grey. */
import type { StreamStatus } from '../api/kinesis.js';

const CLASS: Record<StreamStatus, string> = {
  ACTIVE: 'status-succeeded',
  CREATING: 'status-running',
  UPDATING: 'status-running',
  DELETING: 'status-aborted',
};

export function StreamStatusBadge({ status }: { status: StreamStatus }) {
  return <span className={`badge ${CLASS[status] ?? ''}`}>{status}</span>;
}

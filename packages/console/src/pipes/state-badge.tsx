/** A pipe's CurrentState: RUNNING green, STOPPED grey, the changing states blue, the failed ones red. */
import type { PipeState } from '../api/pipes.js';

function stateClass(state: PipeState): string {
  if (state === 'RUNNING') return 'status-succeeded';
  if (state === 'STOPPED') return 'status-aborted';
  if (state.endsWith('_FAILED')) return 'status-failed';
  return 'status-running';
}

export function PipeStateBadge({ state }: { state: PipeState }) {
  return (
    <span className={`badge ${stateClass(state)}`} data-state={state}>
      {state.replaceAll('_', ' ')}
    </span>
  );
}

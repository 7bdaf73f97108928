/**
 * Transition checks within one scope: every target exists, every state is reachable, and the
 * scope can end. Messages and locations are the ones AWS returns (MISSING_TRANSITION_TARGET,
 * MISSING_END_STATE), including its `Choices[0]` pointer style for rule and catcher targets.
 */
import type { JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { isObject } from './values.js';

interface Transition {
  readonly target: string;
  readonly location: string;
}

function transitionsOf(state: JsonObject, pointer: string): Transition[] {
  const out: Transition[] = [];
  if (typeof state.Next === 'string') out.push({ target: state.Next, location: `${pointer}/Next` });
  if (typeof state.Default === 'string') out.push({ target: state.Default, location: `${pointer}/Default` });
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((rule, i) => {
      if (isObject(rule) && typeof rule.Next === 'string') {
        out.push({ target: rule.Next, location: `${pointer}/Choices[${i}]/Next` });
      }
    });
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      if (isObject(catcher) && typeof catcher.Next === 'string') {
        out.push({ target: catcher.Next, location: `${pointer}/Catch[${i}]/Next` });
      }
    });
  }
  return out;
}

function isTerminal(state: JsonObject): boolean {
  return state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
}

export function checkGraph(startAt: string, states: JsonObject, scopePointer: string, sink: DiagnosticSink): void {
  const statesPointer = pointerTo(scopePointer, 'States');
  if (!Object.hasOwn(states, startAt)) {
    sink.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${startAt}`, pointerTo(scopePointer, 'StartAt'));
  }
  const names = Object.keys(states);
  for (const name of names) {
    const state = states[name];
    if (!isObject(state)) continue;
    for (const t of transitionsOf(state, pointerTo(statesPointer, name))) {
      if (!Object.hasOwn(states, t.target)) {
        sink.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${t.target}`, t.location);
      }
    }
  }
  // A scope without any way to end is reported alone: AWS then skips the reachability walk.
  if (!names.some((n) => isObject(states[n]) && isTerminal(states[n]))) {
    sink.error('MISSING_END_STATE', 'Workflow has no terminal state');
    return;
  }
  const reached = new Set<string>();
  const stack = Object.hasOwn(states, startAt) ? [startAt] : [];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    const state = states[name];
    if (!isObject(state)) continue;
    for (const t of transitionsOf(state, '')) if (Object.hasOwn(states, t.target)) stack.push(t.target);
  }
  for (const name of names) {
    if (!reached.has(name)) {
      sink.error('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, pointerTo(statesPointer, name));
    }
  }
}

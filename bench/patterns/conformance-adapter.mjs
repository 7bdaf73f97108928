// Adapter between the shared conformance runner and bench (shared/conformance/events/run.mjs
// and bench.mjs) and Baton's patterns module, as built in packages/baton/dist.
// Build first: npx tsc -b packages/baton
import {
  attributesEvent,
  bodyEvent,
  createMatcher,
  parseEventPattern,
  parseEventText,
  parseFilterPolicy,
} from '../../packages/baton/dist/patterns/index.js';

function fail(error) {
  const e = new Error(error.message);
  e.name = error.code;
  return e;
}

function patternIr(result) {
  if (!result.ok) throw fail(result.error);
  return result.value;
}

function eventOf(eventRaw, event) {
  if (eventRaw === undefined) return event;
  const parsed = parseEventText(eventRaw);
  if (!parsed.ok) throw fail(parsed.error);
  return parsed.value;
}

/** TestEventPattern: throws an Error named after the AWS error code for invalid input. */
export function testEventPattern({ pattern, event, patternRaw, eventRaw }) {
  const ir = patternIr(parseEventPattern(patternRaw ?? pattern));
  const matcher = createMatcher();
  matcher.add('rule', ir);
  return matcher.match(eventOf(eventRaw, event)).length > 0;
}

/** The runner does not say which SNS call carries the policy; Subscribe's wording is used. */
export function validateFilterPolicy({ policy, policyRaw, scope }) {
  patternIr(parseFilterPolicy(policyRaw ?? policy, { scope, api: 'Subscribe' }));
}

export function testFilterPolicy({ policy, policyRaw, scope, message, messageAttributes }) {
  const ir = patternIr(parseFilterPolicy(policyRaw ?? policy, { scope, api: 'Subscribe' }));
  const event = scope === 'MessageBody' ? bodyEvent(message ?? '') : attributesEvent(messageAttributes ?? {});
  if (event === undefined) return false;
  const matcher = createMatcher();
  matcher.add('policy', ir);
  return matcher.match(event).length > 0;
}

/** For bench.mjs: all patterns in one compiled matcher; match returns rule indexes. */
export function compile(patterns) {
  const matcher = createMatcher();
  for (const [i, p] of patterns.entries()) matcher.add(i, patternIr(parseEventPattern(p)));
  return { match: (event) => matcher.match(event) };
}

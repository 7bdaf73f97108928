// The Restate SDK as bench/durable loads it: its module installs the Promise.withResolvers polyfill
// (the SDK calls it; Node 20 lacks it) and sets RESTATE_LOGGING=ERROR before the SDK is first loaded.
import '../../durable/systems/restate.mjs';

export const restate = await import('@restatedev/restate-sdk');

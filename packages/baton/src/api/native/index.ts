/**
 * @module api/native
 * The small native API, for what AWS has no call for: live updates (`GET /baton/stream`,
 * server-sent events), health, the console's static files at `/`, and what the console needs
 * besides the AWS APIs: why an event misses a pattern (`POST /baton/patterns/explain`), a
 * read-only queue peek (`GET /baton/queues/peek`) and event counts for the event map
 * (`GET /baton/event-map`). Imports the runtime's and messaging's types only; the server wires it
 * in `api/server.ts`. Every route but health and the console's files goes through `nativeRoute`
 * (route.ts): SigV4 when auth is on, errors as `{__type, message}`.
 */
export { type ConsoleAssetsOptions, registerConsoleAssets } from './console-assets.js';
export { EventMapCounts, type EventMapOptions, type EventMapSnapshot, registerEventMap } from './event-map.js';
export { type Explanation, explainMatch, type FieldFailure, registerPatternExplain } from './patterns.js';
export { type QueuePeekOptions, registerQueuePeek } from './queues.js';
export { registerStream, type StreamOptions, type TransitionSource } from './stream.js';

/**
 * @module api/native
 * The small native API, for what AWS has no call for: live updates (`GET /baton/stream`,
 * server-sent events), health, and the console's static files at `/`. Imports the runtime's
 * types only; the server wires it in `api/server.ts`.
 */
export { type ConsoleAssetsOptions, registerConsoleAssets } from './console-assets.js';
export { registerStream, type StreamOptions, type TransitionSource } from './stream.js';

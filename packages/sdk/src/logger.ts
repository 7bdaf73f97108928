/**
 * Where a worker reports what it cannot hand to anyone else: failed polls, lost answers,
 * heartbeats refused. `console` fits.
 */
export interface WorkerLogger {
  debug?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Warnings and errors to the console, prefixed so they can be told from the application's. */
export const consoleLogger: WorkerLogger = {
  warn: (message, details) => console.warn(`[baton worker] ${message}`, ...(details ? [details] : [])),
  error: (message, details) => console.error(`[baton worker] ${message}`, ...(details ? [details] : [])),
};

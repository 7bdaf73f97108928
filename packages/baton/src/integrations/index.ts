/**
 * @module integrations
 * Task resources behind the runtime's TaskResource port: functions (in-process and HTTP), nested
 * workflows (states:startExecution), the HTTP Task, the event bus (events:putEvents, bus targets,
 * workflow status events), topics (sns:publish, topic subscribers). Wired in main.ts only.
 */
import type { TaskResource } from '../runtime/task-resource.js';

export { EventBridgeIntegration, EventTargets, emitStatusChanges } from './events.js';
export { type FunctionEndpoint, type FunctionHandler, FunctionRegistry } from './functions.js';
export { HttpTask, outboundRefusal } from './http-task.js';
export { SnsIntegration, SnsTargets } from './sns.js';
export { SqsIntegration } from './sqs.js';
export { StepFunctionsIntegration } from './step-functions.js';

const SERVICE_INTEGRATION = /^arn:[^:]+:states:::([^:]+):(.+)$/;

/**
 * Refuses, at definition time, the service integrations no resource runs, naming them. Function
 * and activity ARNs pass: like AWS, their existence is checked when the task runs.
 */
export function resourceChecker(resources: readonly TaskResource[]): (resource: string) => string | undefined {
  return (resource) => {
    const m = SERVICE_INTEGRATION.exec(resource);
    if (!m || resources.some((r) => r.handles(resource))) return undefined;
    return `The service integration '${m[1]}:${m[2]}' is not supported by Baton`;
  };
}

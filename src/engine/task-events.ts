/**
 * The history events a Task state's resource reports under: Lambda functions as
 * `LambdaFunction*`, activities as `Activity*`, every other integration as `Task*` with its
 * `resourceType`/`resource`. Worked out once per resource string.
 */
import { detailsKey, NOT_TRUNCATED, type HistoryEventType } from './history.js';

type Family = 'LambdaFunction' | 'Activity' | 'Task';
type Phase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut';

export interface TaskEvents {
  family: Family;
  /** `arn:aws:states:::sqs:sendMessage.waitForTaskToken` → `{resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken'}`. */
  fields: { resource: string; resourceType: string };
  type: Record<Phase, HistoryEventType>;
  key: Record<Phase, string>;
}

const LAMBDA_FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
const ACTIVITY_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;
const INTEGRATION_ARN = /^arn:[^:]+:states:::([^:]+):(.+)$/;
const PHASES: Phase[] = ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'];

const cache = new Map<string, TaskEvents>();

export function taskEvents(resource: string): TaskEvents {
  let events = cache.get(resource);
  if (!events) {
    const family: Family = LAMBDA_FUNCTION_ARN.test(resource) ? 'LambdaFunction' : ACTIVITY_ARN.test(resource) ? 'Activity' : 'Task';
    const m = INTEGRATION_ARN.exec(resource);
    const type = Object.fromEntries(PHASES.map((p) => [p, `${family}${p}`])) as Record<Phase, HistoryEventType>;
    events = {
      family,
      fields: m ? { resourceType: m[1], resource: m[2] } : { resourceType: 'local', resource },
      type,
      key: Object.fromEntries(PHASES.map((p) => [p, detailsKey(type[p])])) as Record<Phase, string>,
    };
    cache.set(resource, events);
  }
  return events;
}

/** The `…Scheduled` event's details, field names as AWS spells them per family. */
export function scheduledDetails(
  events: TaskEvents,
  resource: string,
  input: unknown,
  region: string,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): Record<string, unknown> {
  const details: Record<string, unknown> =
    events.family === 'Task'
      ? { parameters: input, region, resource: events.fields.resource, resourceType: events.fields.resourceType }
      : { input, inputDetails: NOT_TRUNCATED, resource };
  if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
  // Lambda's event has no heartbeat: Lambda functions cannot heartbeat.
  if (heartbeatSeconds !== undefined && events.family !== 'LambdaFunction') details.heartbeatInSeconds = heartbeatSeconds;
  return details;
}

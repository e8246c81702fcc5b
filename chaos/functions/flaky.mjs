// The chaos workload's one Lambda function. Whether it fails depends only on the task's key and
// retry count (from `$$.State.RetryCount`), so running it again after a crash changes nothing.
import { delayOf, failuresOf } from '../plan.mjs';

const named = (name, message) => Object.assign(new Error(message), { name });

export const handler = async (event) => {
  const ms = delayOf(event.key);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  if (event.fatal) throw named('FatalError', `${event.key}: declined`);
  if (event.retry < failuresOf(event.key)) throw named('FlakyError', `${event.key}: attempt ${event.retry + 1} failed`);
  return event.slow === undefined ? { key: event.key } : { key: event.key, slow: event.slow };
};

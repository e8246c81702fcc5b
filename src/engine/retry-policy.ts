/** Which Retrier or Catcher applies to an error, and how long a retry waits. */
import type { Retrier } from '../asl/compile.js';

const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/**
 * AWS: `States.ALL` matches every error but the terminal ones; `States.TaskFailed` is a wildcard
 * for any error except `States.Timeout` (and the terminal ones).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === 'States.ALL' && !TERMINAL.has(error)) return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && !TERMINAL.has(error)) return true;
  }
  return false;
}

/** The index of the first entry whose `ErrorEquals` matches, or -1. */
export function findMatch(entries: readonly { errorEquals: readonly string[] }[], error: string): number {
  return entries.findIndex((e) => errorMatches(e.errorEquals, error));
}

/** Milliseconds before retry number `attempt` (0-based) of a retrier. */
export function retryDelayMs(r: Retrier, attempt: number, random: () => number): number {
  let seconds = r.intervalSeconds * Math.pow(r.backoffRate, attempt);
  if (r.maxDelaySeconds !== undefined) seconds = Math.min(seconds, r.maxDelaySeconds);
  if (r.jitter) seconds = seconds * random();
  return Math.round(seconds * 1000);
}

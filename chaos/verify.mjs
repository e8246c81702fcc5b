// Holds every execution to what its plan dictates: it exists, it ended once, its history is whole
// (ids 1..n, one terminal event, last), no transition happened twice, and it ended as its logic says.
import { isDeepStrictEqual } from 'node:util';
import { APPROVE_TIMEOUT_RETRIES, INFRA_ERRORS } from './plan.mjs';

const TERMINAL = { ExecutionSucceeded: 'SUCCEEDED', ExecutionFailed: 'FAILED', ExecutionTimedOut: 'TIMED_OUT', ExecutionAborted: 'ABORTED' };

const count = (events, type) => events.filter((e) => e.type === type).length;

/** The problems of one execution (empty when it is right): its plan, DescribeExecution's answer, its history. */
export function checkExecution(plan, described, events) {
  const problems = [];
  const expected = plan.expected;
  events.forEach((e, i) => {
    if (e.id !== i + 1) problems.push(`event #${i + 1} has id ${e.id}: ids are not 1..n`);
    if (i > 0 && !(e.previousEventId >= 0 && e.previousEventId < e.id)) problems.push(`event ${e.id} (${e.type}) has previousEventId ${e.previousEventId}`);
  });
  if (events[0]?.type !== 'ExecutionStarted') problems.push(`history starts with ${events[0]?.type}, not ExecutionStarted`);
  const terminal = events.filter((e) => e.type in TERMINAL);
  if (terminal.length !== 1) problems.push(`${terminal.length} terminal events (${terminal.map((e) => `${e.id} ${e.type}`).join(', ')})`);
  else if (terminal[0] !== events.at(-1)) problems.push(`terminal event ${terminal[0].id} ${terminal[0].type} is not the last (${events.length})`);

  const entered = {};
  for (const e of events) {
    if (e.type.endsWith('StateEntered')) entered[e.stateEnteredEventDetails.name] = (entered[e.stateEnteredEventDetails.name] ?? 0) + 1;
  }
  if (!isDeepStrictEqual(entered, expected.entered)) problems.push(`states entered ${JSON.stringify(entered)}, expected ${JSON.stringify(expected.entered)}`);

  problems.push(...checkLambda(expected, events));
  const activity = count(events, 'ActivityScheduled');
  if (expected.activity) {
    if (activity < 1 || activity > 1 + APPROVE_TIMEOUT_RETRIES) problems.push(`${activity} ActivityScheduled, expected 1..${1 + APPROVE_TIMEOUT_RETRIES}`);
    if (count(events, 'ActivityTimedOut') !== activity - 1) problems.push(`${count(events, 'ActivityTimedOut')} ActivityTimedOut for ${activity} ActivityScheduled`);
    if (count(events, 'ActivitySucceeded') !== 1) problems.push(`${count(events, 'ActivitySucceeded')} ActivitySucceeded, expected 1`);
  } else if (activity !== 0) problems.push(`${activity} ActivityScheduled, expected none`);

  if (described.status !== expected.status) problems.push(`status ${described.status} (${described.error ?? ''} ${described.cause ?? ''}), expected ${expected.status}`);
  if (terminal.length === 1 && TERMINAL[terminal[0].type] !== described.status) problems.push(`DescribeExecution says ${described.status}, history ends ${terminal[0].type}`);
  if (expected.output !== undefined && described.status === 'SUCCEEDED') {
    const output = JSON.parse(described.output);
    if (!isDeepStrictEqual(output, expected.output)) problems.push(`output ${described.output}, expected ${JSON.stringify(expected.output)}`);
  }
  if (expected.error !== undefined && (described.error !== expected.error || described.cause !== expected.cause)) {
    problems.push(`error ${described.error} / ${described.cause}, expected ${expected.error} / ${expected.cause}`);
  }
  return problems;
}

const detailsValue = (v) => (typeof v === 'string' ? JSON.parse(v) : v);

/** The RetryCount each Lambda attempt was scheduled with, by task key. */
function attemptsByKey(events) {
  const byKey = new Map();
  for (const e of events) {
    if (e.type !== 'LambdaFunctionScheduled') continue;
    const { key, retry } = detailsValue(e.lambdaFunctionScheduledEventDetails.input);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(retry);
  }
  return byKey;
}

const errorsOf = (events) => events.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => e.lambdaFunctionFailedEventDetails.error);

/**
 * Each task's attempts carry RetryCount 0..n-1, each once (a repeated retry would repeat one); every
 * attempt has one outcome; each task succeeds once, after exactly its FlakyErrors unless Lambda's
 * own failures (retried too, and counted in RetryCount) took some of their turns.
 */
function checkLambda(expected, events) {
  const problems = [];
  const byKey = attemptsByKey(events);
  const keys = expected.tasks.map((t) => t.key);
  if (JSON.stringify([...byKey.keys()].sort()) !== JSON.stringify([...keys].sort())) problems.push(`Lambda tasks ran for ${[...byKey.keys()].join(', ')}, expected ${keys.join(', ')}`);
  const errors = errorsOf(events);
  const infra = errors.filter((e) => INFRA_ERRORS.includes(e)).length;
  const flaky = errors.filter((e) => e === 'FlakyError').length;
  const fatal = errors.filter((e) => e === 'FatalError').length;
  if (flaky + infra + fatal !== errors.length) problems.push(`unexpected Lambda errors: ${errors.join(', ')}`);
  const scheduled = count(events, 'LambdaFunctionScheduled');
  const succeeded = count(events, 'LambdaFunctionSucceeded');
  if (scheduled !== succeeded + errors.length) problems.push(`${scheduled} LambdaFunctionScheduled, but ${succeeded} succeeded and ${errors.length} failed`);
  const fatalTasks = expected.tasks.filter((t) => t.fatal).length;
  if (succeeded !== expected.tasks.length - fatalTasks || fatal !== fatalTasks) problems.push(`${succeeded} Lambda tasks succeeded and ${fatal} failed for good, expected ${expected.tasks.length - fatalTasks} and ${fatalTasks}`);
  const failures = expected.tasks.reduce((n, t) => n + t.failures, 0);
  if (infra === 0 ? flaky !== failures : flaky > failures) problems.push(`${flaky} FlakyErrors, expected ${failures} (with ${infra} Lambda failures)`);
  for (const t of expected.tasks) {
    const retries = [...(byKey.get(t.key) ?? [])].sort((a, b) => a - b);
    if (retries.some((r, i) => r !== i)) problems.push(`${t.key}: attempts with RetryCount ${retries.join(',')}, expected 0..${retries.length - 1} once each`);
    if (retries.length > 1 + t.failures + infra) problems.push(`${t.key}: ${retries.length} attempts, at most ${1 + t.failures + infra} allowed`);
  }
  return problems;
}

/** What a history tells beyond right or wrong: retries, activity timeouts, and whether a kill fell while it ran. */
export function figuresOf(events, killTimes) {
  const ms = (e) => (typeof e.timestamp === 'number' ? e.timestamp * 1000 : Date.parse(e.timestamp));
  const start = ms(events[0]);
  const stop = ms(events.at(-1));
  return {
    lambdaScheduled: count(events, 'LambdaFunctionScheduled'),
    flakyErrors: errorsOf(events).filter((e) => e === 'FlakyError').length,
    infraErrors: errorsOf(events).filter((e) => INFRA_ERRORS.includes(e)).length,
    activityScheduled: count(events, 'ActivityScheduled'),
    activityTimedOut: count(events, 'ActivityTimedOut'),
    crashesLived: killTimes.filter((t) => t > start && t < stop).length,
  };
}

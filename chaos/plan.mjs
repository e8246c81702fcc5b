// The chaos workload as data: the state machines, each execution's input, and what each execution
// must end with. Task outcomes are a pure function of the Task's key and its retry count (which
// the engine keeps in the committed snapshot and passes as `$$.State.RetryCount`), so a task run again after a crash fails or
// succeeds exactly as the first run did, and every history is predictable down to the event count.

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/chaos`;
export const ACTIVITY = 'chaos-approve';
export const ACTIVITY_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:activity:${ACTIVITY}`;
const FLAKY = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:flaky`;

/**
 * Lambda's own failures (an environment that could not start in time on a swamped machine, a
 * throttle): retried too, and told apart from the handler's errors by the checker.
 */
export const INFRA_ERRORS = ['Lambda.Unknown', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'];
/** Retries a flaky task always has enough of: `failuresOf` never exceeds the first MaxAttempts. */
const FLAKY_RETRY = [
  { ErrorEquals: ['FlakyError'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 },
  { ErrorEquals: INFRA_ERRORS, IntervalSeconds: 1, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 8 },
];
/** A task claimed by a worker that never heard of it (the server died answering) times out and runs again. */
export const APPROVE_TIMEOUT_RETRIES = 10;

/** FNV-1a: the same number for the same key in the handler's process and in ours. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** How many times the task with this key fails with FlakyError before it succeeds: 0 (60%), 1 (30%), 2 (10%). */
export function failuresOf(key) {
  const r = hash(key) % 10;
  return r < 6 ? 0 : r < 9 ? 1 : 2;
}

/** Some tasks take a few milliseconds, so crashes land while handlers are running. */
export function delayOf(key) {
  const h = hash(`delay:${key}`);
  return h % 3 === 0 ? 1 + ((h >>> 4) % 15) : 0;
}

/** `$$.State.RetryCount` tells the handler which attempt this is, as AWS's context object does. */
const flakyTask = (key, rest) => ({
  Type: 'Task',
  Resource: FLAKY,
  Parameters: { 'key.$': key, 'retry.$': '$$.State.RetryCount' },
  Retry: FLAKY_RETRY,
  ...rest,
});

/**
 * An order: Wait, a charge that may fail for good (caught), a Map over the line items, a Parallel
 * (one branch waits), and an approval by an activity worker. No loops: each state is entered once
 * per execution (Map iterations once per item).
 */
const ORDER = {
  Comment: 'chaos: order',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Pause' },
    Pause: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Charge' },
    Charge: flakyTask("States.Format('{}/charge', $.id)", {
      Parameters: { 'key.$': "States.Format('{}/charge', $.id)", 'retry.$': '$$.State.RetryCount', 'fatal.$': '$.fatal' },
      ResultPath: '$.charge',
      Catch: [{ ErrorEquals: ['FatalError'], ResultPath: '$.error', Next: 'Refund' }],
      Next: 'Items',
    }),
    Items: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'key.$': "States.Format('{}/item/{}', $.id, $$.Map.Item.Value)" },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Pick',
        States: { Pick: flakyTask('$.key', { End: true }) },
      },
      ResultPath: '$.picked',
      Next: 'Fanout',
    },
    Fanout: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Ship', States: { Ship: flakyTask("States.Format('{}/ship', $.id)", { End: true }) } },
        {
          StartAt: 'Cool',
          States: {
            Cool: { Type: 'Wait', Seconds: 1, Next: 'Notify' },
            Notify: flakyTask("States.Format('{}/notify', $.id)", { End: true }),
          },
        },
      ],
      ResultPath: '$.fanout',
      Next: 'Approve',
    },
    Approve: {
      Type: 'Task',
      Resource: ACTIVITY_ARN,
      Parameters: { 'key.$': "States.Format('{}/approve', $.id)" },
      TimeoutSeconds: 30,
      Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: APPROVE_TIMEOUT_RETRIES, BackoffRate: 1 }],
      ResultPath: '$.approval',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Refund: { Type: 'Pass', Result: { refunded: true }, ResultPath: '$.refund', Next: 'Rejected' },
    Rejected: { Type: 'Fail', Error: 'Order.Rejected', Cause: 'the charge failed for good' },
  },
};

/** A check, then a Choice on what it answered: a Wait on the slow path only. */
const CHECK = {
  Comment: 'chaos: check',
  StartAt: 'Check',
  States: {
    Check: flakyTask("States.Format('{}/check', $.id)", { Parameters: { 'key.$': "States.Format('{}/check', $.id)", 'retry.$': '$$.State.RetryCount', 'slow.$': '$.slow' }, ResultPath: '$.check', Next: 'Route' }),
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.check.slow', BooleanEquals: true, Next: 'Slow' }],
      Default: 'Fast',
    },
    Slow: { Type: 'Wait', Seconds: 2, Next: 'Finish' },
    Fast: { Type: 'Pass', Next: 'Finish' },
    Finish: { Type: 'Pass', Parameters: { 'id.$': '$.id', 'checked.$': '$.check.key' }, End: true },
  },
};

export const MACHINES = { 'chaos-order': ORDER, 'chaos-check': CHECK };

/** A seeded generator (mulberry32), so a seed replays the same workload and the same kill times. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The executions to start: three orders in four, with 0–4 line items, one in ten of them rejected. */
export function planExecutions(count, seed, rand) {
  const plans = [];
  for (let i = 0; i < count; i++) {
    const name = `chaos-${seed}-${i}`;
    if (rand() < 0.75) {
      const items = Array.from({ length: Math.floor(rand() * 5) }, (_, j) => `i${j}`);
      const input = { id: name, wait: 1 + Math.floor(rand() * 3), items, fatal: rand() < 0.1 };
      plans.push({ name, machine: 'chaos-order', input });
    } else {
      plans.push({ name, machine: 'chaos-check', input: { id: name, slow: rand() < 0.5 } });
    }
  }
  return plans.map((p) => ({ ...p, expected: expect(p) }));
}

/** A task's key, and how many FlakyErrors its handler throws before it succeeds. */
const task = (key) => ({ key, failures: failuresOf(key) });

/**
 * What an execution must end with: status, error or output, how often each state is entered,
 * and its Lambda tasks (each succeeds once, after its FlakyErrors).
 */
function expect({ machine, input }) {
  const id = input.id;
  if (machine === 'chaos-check') {
    const tasks = [task(`${id}/check`)];
    return {
      status: 'SUCCEEDED',
      output: { id, checked: `${id}/check` },
      entered: { Check: 1, Route: 1, [input.slow ? 'Slow' : 'Fast']: 1, Finish: 1 },
      tasks,
      activity: false,
    };
  }
  if (input.fatal) {
    return {
      status: 'FAILED',
      error: 'Order.Rejected',
      cause: 'the charge failed for good',
      entered: { Prepare: 1, Pause: 1, Charge: 1, Refund: 1, Rejected: 1 },
      tasks: [{ key: `${id}/charge`, failures: 0, fatal: true }],
      activity: false,
    };
  }
  const keys = [`${id}/charge`, ...input.items.map((i) => `${id}/item/${i}`), `${id}/ship`, `${id}/notify`];
  const [charge, ...rest] = keys.map((key) => ({ key }));
  const picked = rest.slice(0, input.items.length);
  return {
    status: 'SUCCEEDED',
    output: { ...input, charge, picked, fanout: rest.slice(input.items.length), approval: approvalOf(`${id}/approve`) },
    entered: { Prepare: 1, Pause: 1, Charge: 1, Items: 1, ...(picked.length && { Pick: picked.length }), Fanout: 1, Ship: 1, Cool: 1, Notify: 1, Approve: 1, Done: 1 },
    tasks: keys.map(task),
    activity: true,
  };
}

/** What the activity workers answer for a task. */
export const approvalOf = (key) => ({ key, approved: true });

// The three actors of a chaos run: the starter (StartExecution for every planned execution, sent
// again when a crash swallowed the answer), the activity workers, and the killer.
import { ACTIVITY_ARN, approvalOf } from './plan.mjs';
import { ApiError, pool, sleep } from './api.mjs';

/**
 * Starts every plan, paced at `rate` per second. A start that got no answer is sent again: the
 * same name and input is idempotent while the execution runs, and ExecutionAlreadyExists once
 * it has ended. `arns` maps machine name → ARN. Returns what it saw.
 */
export async function startAll(api, plans, arns, { rate, concurrency }) {
  const stats = { started: 0, resent: 0, alreadyThere: 0, problems: [] };
  const t0 = performance.now();
  await pool(plans, concurrency, async (plan, i) => {
    const due = t0 + (i * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    let unanswered = 0;
    try {
      await api.persist(
        'StartExecution',
        { stateMachineArn: arns[plan.machine], name: plan.name, input: JSON.stringify(plan.input) },
        { onRetry: () => unanswered++ },
      );
      stats.started++;
      if (unanswered > 0) stats.resent++;
    } catch (e) {
      if (e instanceof ApiError && e.type === 'ExecutionAlreadyExists' && unanswered > 0) {
        stats.started++;
        stats.alreadyThere++;
      } else {
        stats.problems.push(`${plan.name}: StartExecution answered ${e.message}`);
      }
    }
  });
  return stats;
}

/**
 * Activity workers: long-poll GetActivityTask and answer each task with `approvalOf(key)`,
 * retrying through crashes, until `signal` aborts.
 */
export async function runWorkers(api, count, signal) {
  const stats = { tasks: 0, answered: 0, resent: 0, late: 0, problems: [] };
  const worker = async (n) => {
    while (!signal.aborted) {
      let task;
      try {
        task = await api.call('GetActivityTask', { activityArn: ACTIVITY_ARN, workerName: `worker-${n}` }, signal);
      } catch {
        if (!signal.aborted) await sleep(50);
        continue;
      }
      if (!task.taskToken) continue;
      stats.tasks++;
      const output = JSON.stringify(approvalOf(JSON.parse(task.input).key));
      let unanswered = 0;
      try {
        await api.persist('SendTaskSuccess', { taskToken: task.taskToken, output }, { signal, onRetry: () => unanswered++ });
        stats.answered++;
      } catch (e) {
        // The answer committed before the crash cut the reply off, or the task timed out meanwhile.
        if (e instanceof ApiError && (e.type === 'TaskDoesNotExist' || e.type === 'TaskTimedOut')) stats.late++;
        else if (!signal.aborted) stats.problems.push(`SendTaskSuccess answered ${e.message}`);
      }
      if (unanswered > 0) stats.resent++;
    }
  };
  await Promise.all(Array.from({ length: count }, (_, n) => worker(n)));
  return stats;
}

/**
 * kill -9 the server `kills` times, each after a random uptime in [minMs, maxMs] once healthy,
 * starting it again at once. A server that dies on its own is started again too.
 */
export async function runKiller(server, { kills, minMs, maxMs, rand }) {
  const stats = { kills: 0, restarts: 0, killTimes: [], recoveryMs: [] };
  while (stats.kills < kills) {
    const uptime = minMs + rand() * (maxMs - minMs);
    const ended = await Promise.race([sleep(uptime).then(() => false), server.exited().then(() => true)]);
    if (!ended) {
      stats.killTimes.push(Date.now());
      await server.kill();
      stats.kills++;
    }
    stats.recoveryMs.push(await server.start());
    stats.restarts++;
  }
  return stats;
}

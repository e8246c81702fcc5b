import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loadDefinition } from '../asl/load.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import { MemoryStore } from '../store/memory-store.js';
import type { ExecutionRecord, Store } from '../store/store.js';
import { DurableRunner } from './durable-runner.js';

const ACCOUNT = 'arn:aws:states:us-east-1:123456789012';

function runnerOn(store: Store, invoker: TaskInvoker, owner = 'node-a'): DurableRunner {
  return new DurableRunner({
    store,
    invoker,
    compile: (record) => loadDefinition(record.machine.definition),
    clock: { now: () => Date.now() },
    uuid: randomUUID,
    owner,
    skipWaits: true,
    pollMs: 20,
    taskLeaseMs: 60_000,
  });
}

function execution(definition: object, name = randomUUID()): { record: ExecutionRecord; info: Parameters<DurableRunner['start']>[1] } {
  const executionArn = `${ACCOUNT}:execution:m:${name}`;
  const record: ExecutionRecord = {
    executionArn,
    stateMachineArn: `${ACCOUNT}:stateMachine:m`,
    name,
    status: 'RUNNING',
    input: '{}',
    startDate: new Date(),
    machine: {
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/r',
      type: 'STANDARD',
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      name: 'm',
      revisionId: 'r1',
      updateDate: new Date(),
    },
    redriveCount: 0,
  };
  return {
    record,
    info: { type: 'STANDARD', executionArn, name, stateMachineArn: record.stateMachineArn, stateMachineName: 'm', roleArn: record.machine.roleArn, input: {}, redriveCount: 0 },
  };
}

const echo: TaskInvoker = async (r) => ({ ok: true, output: { echoed: r.input } });

/** The history a store holds must be numbered 1, 2, 3… with no gap and no repeat. */
async function assertContiguous(store: Store, arn: string): Promise<string[]> {
  const history = await store.getHistory(arn);
  assert.deepEqual(history.map((e) => e.id), history.map((_, i) => i + 1));
  return history.map((e) => e.type);
}

describe('DurableRunner', () => {
  it('commits a Pass-only execution to its end at start', async () => {
    const store = new MemoryStore();
    const runner = runnerOn(store, echo);
    const { record, info } = execution({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, End: true } } });
    await runner.start(record, info);
    const stored = await store.getExecution(record.executionArn);
    assert.equal(stored?.status, 'SUCCEEDED');
    assert.equal(stored?.output, '1');
    assert.equal((await store.getExecutionState(record.executionArn))?.snapshot, null, 'the state is a tombstone');
    assert.deepEqual(await assertContiguous(store, record.executionArn), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    await runner.close();
  });

  it('runs tasks and timers from work items until the end', async () => {
    const store = new MemoryStore();
    const runner = runnerOn(store, echo);
    const { record, info } = execution({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', Next: 'W' }, W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await runner.start(record, info);
    const done = await runner.waitFor(record.executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output!), { echoed: {} });
    const types = await assertContiguous(store, record.executionArn);
    assert.equal(types.filter((t) => t === 'TaskStateEntered').length, 1);
    await runner.close();
  });

  it('after a crash, a restarted node takes back the unfinished task and the execution ends exactly once', async () => {
    const store = new MemoryStore();
    const stuck: TaskInvoker = () => new Promise(() => {}); // the node dies while the task runs
    const first = runnerOn(store, stuck, 'node-1');
    const { record, info } = execution({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } },
    });
    await first.start(record, info);
    await new Promise((r) => setTimeout(r, 50));
    // node-1 is gone (never closed); it comes back under the same id on the same store.
    const second = runnerOn(store, echo, 'node-1');
    await second.run();
    const done = await second.waitFor(record.executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    const types = await assertContiguous(store, record.executionArn);
    assert.equal(types.filter((t) => t === 'ExecutionSucceeded').length, 1);
    assert.equal(types.filter((t) => t === 'TaskStateEntered').length, 1);
    await second.close();
  });

  it("after a crash mid-Map, a Distributed Map's child executions carry on where their parent's snapshot says, each ending once", async () => {
    const store = new MemoryStore();
    let taken = 0;
    // node-1 dies with the second item's task in flight: the first finished, the second never answers.
    const dying: TaskInvoker = (r) => (++taken === 1 ? echo(r) : new Promise(() => {}));
    const first = runnerOn(store, dying, 'node-1');
    const { record, info } = execution({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } } },
          End: true,
        },
      },
    });
    await first.start(record, { ...info, input: [1, 2, 3] });
    await new Promise((r) => setTimeout(r, 50));
    const mapRunArn = ((await store.getHistory(record.executionArn)).find((e) => e.type === 'MapRunStarted')!.mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn;
    const before = await store.listMapRunExecutionsPage(mapRunArn, { limit: 10 });
    assert.deepEqual(before.map((e) => e.status).sort(), ['RUNNING', 'SUCCEEDED']);

    const second = runnerOn(store, echo, 'node-1');
    await second.run();
    assert.equal((await second.waitFor(record.executionArn)).status, 'SUCCEEDED');
    const children = await store.listMapRunExecutionsPage(mapRunArn, { limit: 10 });
    assert.deepEqual(children.map((e) => e.status), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    assert.ok(before.every((b) => children.some((c) => c.executionArn === b.executionArn)), 'the children started before the crash are the ones that ended');
    for (const child of children) {
      const types = await assertContiguous(store, child.executionArn);
      assert.deepEqual(types, ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    }
    await second.close();
  });

  it('waits for a callback token and completes the task with what is sent back', async () => {
    const store = new MemoryStore();
    let token: string | undefined;
    const runner = runnerOn(store, async (r) => {
      token = r.taskToken;
      return { ok: true, output: 'message sent' };
    });
    const { record, info } = execution({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, End: true } },
    });
    await runner.start(record, info);
    while (!token) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    assert.equal((await store.getExecution(record.executionArn))?.status, 'RUNNING');
    const waiting = await store.getTaskToken(token);
    assert.equal(waiting?.status, 'WAITING');
    assert.ok(await runner.completeToken(waiting!, { ok: true, output: { approved: true } }));
    const done = await runner.waitFor(record.executionArn);
    assert.deepEqual(JSON.parse(done.output!), { approved: true });
    assert.equal((await store.getTaskToken(token))?.status, 'SUCCEEDED');
    await runner.close();
  });

  it('queues activity tasks for workers, records who took them, and completes them by token', async () => {
    const store = new MemoryStore();
    const runner = runnerOn(store, echo);
    const activity = `${ACCOUNT}:activity:approve`;
    const { record, info } = execution({ StartAt: 'A', States: { A: { Type: 'Task', Resource: activity, End: true } } });
    await runner.start(record, info);
    assert.equal(await runner.claimActivityTask(`${ACCOUNT}:activity:other`), undefined);
    const task = await runner.claimActivityTask(activity, 'worker-7');
    assert.ok(task);
    assert.equal(task.input, '{}');
    assert.equal(await runner.claimActivityTask(activity), undefined, 'a task goes to one worker');
    const token = await store.getTaskToken(task.taskToken);
    await runner.completeToken(token!, { ok: true, output: { done: 1 } });
    const done = await runner.waitFor(record.executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    const history = await store.getHistory(record.executionArn);
    assert.deepEqual(history.find((e) => e.type === 'ActivityStarted')?.activityStartedEventDetails, { workerName: 'worker-7' });
    await runner.close();
  });

  it('stops a running execution and cancels its work', async () => {
    const store = new MemoryStore();
    const runner = runnerOn(store, () => new Promise(() => {}));
    const { record, info } = execution({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } } });
    await runner.start(record, info);
    assert.ok(await runner.stop(record.executionArn, 'Halt', 'by test'));
    const stopped = await store.getExecution(record.executionArn);
    assert.deepEqual([stopped?.status, stopped?.error], ['ABORTED', 'Halt']);
    assert.equal(await store.nextWorkDue(['task', 'timer']), undefined);
    assert.equal(await runner.stop(record.executionArn), false);
    await runner.close();
  });

  it('carries out the tasks a step schedules as soon as it commits, leased as written, claiming only those it had no room for', async () => {
    const store = new MemoryStore();
    const claimed: string[] = [];
    const claimWork = store.claimWork.bind(store);
    store.claimWork = async (o) => {
      const items = await claimWork(o);
      claimed.push(...items.map((w) => w.id));
      return items;
    };
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runner = new DurableRunner({
      store,
      invoker: async (r) => {
        started.push(r.stateName);
        await gate;
        return { ok: true, output: r.stateName };
      },
      compile: (record) => loadDefinition(record.machine.definition),
      clock: { now: () => Date.now() },
      uuid: randomUUID,
      owner: 'node-a',
      pollMs: 20,
      taskLeaseMs: 60_000,
      maxInFlight: 2,
    });
    const branch = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } } });
    const { record, info } = execution({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('A'), branch('B'), branch('C')], End: true } } });
    await runner.start(record, info);
    assert.deepEqual(started, ['A', 'B'], 'two tasks run as the first step commits: no claim in between');
    assert.equal(claimed.length, 0);
    const third = await store.nextWorkDue(['task']);
    assert.ok(third !== undefined && third <= Date.now(), 'the third waits, unleased, for room');
    release();
    const done = await runner.waitFor(record.executionArn);
    assert.deepEqual(JSON.parse(done.output!), ['A', 'B', 'C']);
    assert.deepEqual(started, ['A', 'B', 'C']);
    assert.equal(claimed.length, 1, 'the third was claimed once there was room');
    assert.ok(claimed[0].startsWith(`${record.executionArn}|`));
    await runner.close();
  });

  it('keeps transitions exactly once when two nodes deliver to the same execution', async () => {
    const store = new MemoryStore();
    const a = runnerOn(store, () => new Promise(() => {}), 'a');
    const b = runnerOn(store, () => new Promise(() => {}), 'b');
    const { record, info } = execution({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', TimeoutSeconds: 1000, End: true } },
    });
    await a.start(record, info);
    // Both nodes stop it at once: one commits ExecutionAborted, the other finds it ended.
    const results = await Promise.all([a.stop(record.executionArn), b.stop(record.executionArn)]);
    assert.equal(results.filter(Boolean).length >= 1, true);
    const types = await assertContiguous(store, record.executionArn);
    assert.equal(types.filter((t) => t === 'ExecutionAborted').length, 1);
    await Promise.all([a.close(), b.close()]);
  });
});

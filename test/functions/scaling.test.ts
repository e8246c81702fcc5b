/**
 * Scaling out under a burst (a restart that claims hundreds of tasks at once): environments start
 * a few at a time, invocations queue for them and for those that come free, and reserved
 * concurrency, init errors and function changes behave as they do one invocation at a time.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FunctionRuntime, FunctionRuntimeError, type FunctionConfig } from '../../src/functions/runtime.js';
import { codeDir, functionConfig, removeCodeDirs } from './fixtures.js';

const runtimes: FunctionRuntime[] = [];
after(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  removeCodeDirs();
});

function runtime(maxConcurrentStarts: number, maxConcurrentStartsPerFunction: number): FunctionRuntime {
  const r = new FunctionRuntime({ maxConcurrentStarts, maxConcurrentStartsPerFunction, globalConcurrency: 500 });
  runtimes.push(r);
  return r;
}

/**
 * A Node function whose init (module load) takes `initMs` of CPU and writes `start`/`ready` lines
 * with its pid and STAGE to `<dir>/inits`; its handler sleeps `event.sleep` ms and answers its pid and STAGE.
 */
function slowInit(initMs = 80, overrides: Partial<FunctionConfig> = {}): { config: FunctionConfig; inits: () => { pid: string; stage: string; phase: string; at: number }[] } {
  const dir = codeDir({});
  const file = join(dir, 'inits');
  writeFileSync(
    join(dir, 'index.js'),
    `const fs = require('node:fs');
const line = (phase) => fs.appendFileSync(${JSON.stringify(file)}, [phase, process.pid, process.env.STAGE, performance.timeOrigin + performance.now()].join(' ') + '\\n');
line('start');
const until = Date.now() + ${initMs};
while (Date.now() < until);
line('ready');
exports.handler = async (event) => {
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  return { pid: process.pid, stage: process.env.STAGE };
};`,
  );
  const config = functionConfig('nodejs20.x', 'index.handler', dir, { environment: { STAGE: 'one' }, ...overrides });
  const inits = () =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [phase, pid, stage, at] = l.split(' ');
        return { phase, pid, stage, at: Number(at) };
      });
  return { config, inits };
}

/** The most inits that overlapped in time. */
function mostAtOnce(inits: { phase: string; at: number }[]): number {
  let now = 0;
  let most = 0;
  for (const { phase } of [...inits].sort((a, b) => a.at - b.at || (a.phase === 'ready' ? -1 : 1))) {
    now += phase === 'start' ? 1 : -1;
    most = Math.max(most, now);
  }
  return most;
}

const parse = (payload: string) => JSON.parse(payload) as { pid: number; stage: string };

describe('scaling out under a burst', () => {
  it('starts environments a few at a time; every invocation is served, by a new or a freed environment', async () => {
    const r = runtime(8, 2);
    const { config, inits } = slowInit();
    const results = await Promise.all(Array.from({ length: 40 }, () => r.invoke(config, '{"sleep":30}')));
    assert.ok(results.every((res) => res.functionError === undefined && parse(res.payload).stage === 'one'));
    const started = inits().filter((i) => i.phase === 'start');
    assert.ok(mostAtOnce(inits()) <= 2, `at most 2 inits at once, saw ${mostAtOnce(inits())}`);
    assert.ok(started.length < 40, `freed environments served some of the burst: ${started.length} started for 40 invocations`);
    // An environment may come up after the queue has emptied: it waits warm, having served nothing yet.
    const served = new Set(results.map((res) => parse(res.payload).pid));
    assert.ok(served.size <= started.length && started.length <= served.size + 2, `${served.size} served, ${started.length} started`);
    const meter = r.metering(config.functionName);
    assert.equal(meter.coldStarts, served.size, 'one cold start per environment that served the burst');
    assert.equal(results.filter((res) => res.initDurationMs !== undefined).length, served.size);
    assert.equal(meter.invocations, 40);
  });

  it('holds all functions together to the total', async () => {
    const r = runtime(2, 2);
    const a = slowInit();
    const b = slowInit();
    const c = slowInit();
    await Promise.all([a, b, c].flatMap(({ config }) => [1, 2, 3].map(() => r.invoke(config, '{"sleep":100}'))));
    const all = [a, b, c].flatMap(({ inits }) => inits());
    assert.ok(mostAtOnce(all) <= 2, `at most 2 inits at once across functions, saw ${mostAtOnce(all)}`);
  });

  it('throttles past reserved concurrency at once, whatever is queued for environments', async () => {
    const r = runtime(1, 1);
    const { config } = slowInit(50, { reservedConcurrency: 3 });
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => r.invoke(config, '{"sleep":50}')));
    const throttled = settled.filter((s) => s.status === 'rejected');
    assert.equal(throttled.length, 5);
    for (const t of throttled) {
      const e = (t as PromiseRejectedResult).reason;
      assert.ok(e instanceof FunctionRuntimeError && e.code === 'TooManyRequestsException' && e.reason === 'ReservedFunctionConcurrentInvocationLimitExceeded');
    }
    assert.equal(r.metering(config.functionName).throttles, 5);
  });

  it('fails each queued invocation whose environment failed its init with the init error, each its own init', async () => {
    const r = runtime(1, 1);
    const dir = codeDir({ 'index.js': "throw new Error('no config');\n" });
    const config = functionConfig('nodejs20.x', 'index.handler', dir);
    const results = await Promise.all(Array.from({ length: 4 }, () => r.invoke(config, '{}')));
    for (const res of results) {
      assert.equal(res.functionError, 'Unhandled');
      assert.match(res.payload, /no config/);
      assert.ok(res.initDurationMs !== undefined);
    }
    assert.equal(r.metering(config.functionName).coldStarts, 4);
  });

  it('a change while invocations queue: those from before run as the function was, those after as it is', async () => {
    const r = runtime(1, 1);
    const { config, inits } = slowInit(60);
    const before = Array.from({ length: 5 }, () => r.invoke(config, '{"sleep":40}'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const changedAt = performance.timeOrigin + performance.now();
    r.invalidate(config.functionArn);
    const changed = { ...config, environment: { STAGE: 'two' } };
    const afterChange = Array.from({ length: 3 }, () => r.invoke(changed, '{"sleep":10}'));
    assert.ok((await Promise.all(before)).every((res) => parse(res.payload).stage === 'one'));
    const after = [...(await Promise.all(afterChange)), await r.invoke(config, '{}')];
    assert.deepEqual(after.map((res) => parse(res.payload).stage), ['two', 'two', 'two', 'one']);
    const startedBefore = inits()
      .filter((i) => i.phase === 'start' && i.at < changedAt)
      .map((i) => Number(i.pid));
    assert.ok(startedBefore.length > 0);
    assert.ok(!after.some((res) => startedBefore.includes(parse(res.payload).pid)), 'an environment from before the change serves nothing after it');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(startedBefore.every((pid) => !alive(pid)), 'environments from before the change are stopped once done');
  });

  it('fails invocations still queued when the runtime closes', async () => {
    const r = new FunctionRuntime({ maxConcurrentStarts: 1, maxConcurrentStartsPerFunction: 1 });
    const { config } = slowInit(300);
    const settling = Promise.allSettled(Array.from({ length: 3 }, () => r.invoke(config, '{}')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await r.close();
    const settled = await settling;
    const reasons = settled.map((s) => (s.status === 'rejected' ? (s.reason as FunctionRuntimeError).code : 'served'));
    assert.ok(reasons.filter((x) => x === 'ServiceException').length >= 2, reasons.join());
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The life of execution environments: cold and warm starts, scale-out and throttling, timeouts,
 * memory limits, oversized payloads, idle reaping and invalidation, logs and metering.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionRuntime, FunctionRuntimeError, functionLogFile } from '../../src/functions/runtime.js';
import { codeDir, decodeLog, functionConfig, removeCodeDirs } from './fixtures.js';

const logDir = codeDir({});
const runtime = new FunctionRuntime({ logDir, globalConcurrency: 50 });
after(async () => {
  await runtime.close();
  removeCodeDirs();
});

const PID_AFTER = `exports.handler = async (event) => {
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  console.log('served', JSON.stringify(event));
  return process.pid;
};`;
const node = (source: string, overrides = {}) => functionConfig('nodejs20.x', 'index.handler', codeDir({ 'index.js': source }), overrides);

describe('cold and warm starts', () => {
  it('reports initDurationMs on the cold start only, and reuses the warm environment', async () => {
    const config = node(PID_AFTER);
    const cold = await runtime.invoke(config, '{}');
    const warm = await runtime.invoke(config, '{}');
    assert.ok(cold.initDurationMs !== undefined && cold.initDurationMs > 0);
    assert.equal(warm.initDurationMs, undefined);
    assert.equal(warm.payload, cold.payload, 'the same process served both');
    assert.ok(cold.billedDurationMs >= Math.ceil(cold.durationMs + cold.initDurationMs!), 'init is billed on a cold start');
    assert.equal(warm.billedDurationMs, Math.max(1, Math.ceil(warm.durationMs)));
    assert.ok(warm.maxMemoryUsedMB > 10 && warm.maxMemoryUsedMB <= 128);
  });

  it('a new version or configuration gets its own environments', async () => {
    const config = node(PID_AFTER);
    const latest = await runtime.invoke(config, '{}');
    const v1 = await runtime.invoke({ ...config, version: '1' }, '{}');
    const changed = await runtime.invoke({ ...config, environment: { X: '1' } }, '{}');
    assert.ok(v1.initDurationMs !== undefined && changed.initDurationMs !== undefined);
    assert.equal(new Set([latest.payload, v1.payload, changed.payload]).size, 3);
  });

  it('scales out to concurrent invocations, one environment each, then reuses them', async () => {
    const config = node(PID_AFTER);
    const first = await Promise.all([1, 2, 3].map(() => runtime.invoke(config, '{"sleep":200}')));
    assert.equal(new Set(first.map((r) => r.payload)).size, 3);
    assert.equal(runtime.environmentCount(config.functionArn), 3);
    const again = await Promise.all([1, 2, 3].map(() => runtime.invoke(config, '{"sleep":50}')));
    assert.deepEqual(new Set(again.map((r) => r.payload)), new Set(first.map((r) => r.payload)));
    assert.ok(again.every((r) => r.initDurationMs === undefined));
    assert.equal(runtime.metering(config.functionName).maxConcurrentExecutions, 3);
  });

  it('drops warm environments when the function is invalidated', async () => {
    const config = node(PID_AFTER);
    const before = await runtime.invoke({ ...config, version: '2' }, '{}');
    await runtime.invoke(config, '{}');
    runtime.invalidate(`${config.functionArn}:2`);
    await sleep(100);
    assert.equal(runtime.environmentCount(config.functionArn), 0);
    const after = await runtime.invoke({ ...config, version: '2' }, '{}');
    assert.notEqual(after.payload, before.payload);
    assert.ok(after.initDurationMs !== undefined);
  });

  it('reaps environments idle longer than idleTimeoutMs', async () => {
    const short = new FunctionRuntime({ idleTimeoutMs: 100 });
    try {
      const config = node(PID_AFTER);
      await short.invoke(config, '{}');
      assert.equal(short.environmentCount(), 1);
      await sleep(400);
      assert.equal(short.environmentCount(), 0);
    } finally {
      await short.close();
    }
  });
});

describe('concurrency limits', () => {
  it('throttles beyond reserved concurrency with TooManyRequestsException', async () => {
    const config = node(PID_AFTER, { reservedConcurrency: 1 });
    const results = await Promise.allSettled([runtime.invoke(config, '{"sleep":300}'), runtime.invoke(config, '{"sleep":300}')]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    const error = (results[1] as PromiseRejectedResult).reason;
    assert.ok(error instanceof FunctionRuntimeError);
    assert.equal(error.code, 'TooManyRequestsException');
    assert.equal(error.message, 'Rate Exceeded.');
    assert.equal(error.reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(error.statusCode, 429);
    assert.equal(runtime.metering(config.functionName).throttles, 1);
    await assert.rejects(runtime.invoke({ ...config, reservedConcurrency: 0 }, '{}'), { code: 'TooManyRequestsException' });
  });

  it('throttles beyond the global limit', async () => {
    const small = new FunctionRuntime({ globalConcurrency: 2 });
    try {
      const a = node(PID_AFTER);
      const b = node(PID_AFTER);
      const results = await Promise.allSettled([small.invoke(a, '{"sleep":300}'), small.invoke(b, '{"sleep":300}'), small.invoke(a, '{}')]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected']);
      assert.equal((results[2] as PromiseRejectedResult).reason.reason, 'ConcurrentInvocationLimitExceeded');
    } finally {
      await small.close();
    }
  });
});

describe('what a handler cannot do to the server', () => {
  it('an infinite loop times out: Sandbox.Timedout, the log says so, the environment is replaced', async () => {
    const config = node(`exports.handler = async (event) => { if (event.spin) for (;;) {} return process.pid; };`, { timeout: 1 });
    const warm = await runtime.invoke(config, '{}');
    const started = Date.now();
    const result = await runtime.invoke(config, '{"spin":true}', { requestId: 'spin-1', logType: 'Tail' });
    assert.ok(Date.now() - started < 2500);
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: spin-1 Error: Task timed out after 1.00 seconds' });
    const log = decodeLog(result.logResult);
    assert.match(log, /\n\d{4}-\d\d-\d\dT[\d:.]+Z spin-1 Task timed out after 1\.00 seconds\nEND RequestId: spin-1\nREPORT RequestId: spin-1\tDuration: 1\d{3}\.\d\d ms\t.*\tStatus: timeout\t\n$/);
    assert.equal(runtime.metering(config.functionName).timeouts, 1);
    const next = await runtime.invoke(config, '{}');
    assert.notEqual(next.payload, warm.payload);
  });

  it('a memory hog: Runtime.OutOfMemory, whether RSS or the V8 heap runs out', async () => {
    const buffers = node(`const hog = []; exports.handler = async () => { for (;;) hog.push(Buffer.alloc(8 << 20, 1)); };`, { timeout: 10 });
    const byRss = await runtime.invoke(buffers, '{}', { requestId: 'oom-rss' });
    assert.deepEqual(JSON.parse(byRss.payload), { errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: oom-rss Error: Runtime exited with error: signal: killed' });
    const objects = node(`const hog = []; exports.handler = async () => { for (let i = 0; ; i++) hog.push({ i, s: 'x' + i }); };`, { timeout: 10, memorySize: 512 });
    const byHeap = await runtime.invoke(objects, '{}', { requestId: 'oom-heap' });
    assert.equal(JSON.parse(byHeap.payload).errorType, 'Runtime.OutOfMemory');
    assert.match(runtime.logs(objects.functionName).map((e) => e.message).join('\n'), /REPORT RequestId: oom-heap\t.*Status: error\tError Type: Runtime\.OutOfMemory/);
  });

  it('a response over 6 MB: Function.ResponseSizeTooLarge, and the environment stays usable', async () => {
    const config = node(`exports.handler = async (event) => event.big ? 'x'.repeat(7 * 1024 * 1024) : process.pid;`);
    const pid = (await runtime.invoke(config, '{}')).payload;
    const result = await runtime.invoke(config, '{"big":true}');
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
    assert.equal((await runtime.invoke(config, '{}')).payload, pid);
  });

  it('a request over 6 MB is refused before any environment runs: RequestEntityTooLargeException', async () => {
    const config = node(PID_AFTER);
    const payload = JSON.stringify('y'.repeat(6_291_456));
    await assert.rejects(runtime.invoke(config, payload), (e: FunctionRuntimeError) => {
      assert.equal(e.code, 'RequestEntityTooLargeException');
      assert.equal(e.message, `${payload.length} byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)`);
      return true;
    });
    await assert.rejects(runtime.invoke(config, '{}', { clientContext: 'not base64 json' }), { code: 'InvalidRequestContentException' });
    assert.equal(runtime.environmentCount(config.functionArn), 0);
  });
});

describe('logs and metering', () => {
  it('keeps START, the handler output, END and REPORT per invocation, in memory and in <logDir>/<function>.log', async () => {
    const config = node(PID_AFTER);
    const followed: string[] = [];
    const stop = runtime.followLogs(config.functionName, (entry) => followed.push(entry.message));
    const result = await runtime.invoke(config, '{"n":1}', { requestId: 'log-1', logType: 'Tail' });
    stop();
    await runtime.invoke(config, '{"n":2}', { requestId: 'log-2' });
    const tail = decodeLog(result.logResult).split('\n');
    assert.equal(tail[0], 'START RequestId: log-1 Version: $LATEST');
    assert.match(tail[1], /^\d{4}-\d\d-\d\dT[\d:.]+Z\tlog-1\tINFO\tserved {"n":1}$/);
    assert.equal(tail[2], 'END RequestId: log-1');
    assert.match(tail[3], /^REPORT RequestId: log-1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t$/);
    assert.deepEqual(followed.filter((m) => m.includes('log-1')), tail.slice(0, 4));
    assert.equal(followed.filter((m) => m.includes('log-2')).length, 0, 'unsubscribed');
    const messages = runtime.logs(config.functionName).map((e) => e.message);
    assert.ok(messages.includes('END RequestId: log-2'));
    assert.ok(runtime.logs(config.functionName).every((e) => e.logStreamName.includes('[$LATEST]') && e.timestamp > 0));
    await sleep(50);
    const file = readFileSync(functionLogFile(logDir, config.functionName), 'utf8');
    assert.match(file, /^\d{4}-\d\d-\d\dT[\d:.]+Z \d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32} START RequestId: log-1 Version: \$LATEST$/m);
    assert.match(file, /REPORT RequestId: log-2\t/);
  });

  it('Tail returns at most the last 4 KB of the invocation log', async () => {
    const config = node(`exports.handler = async () => { for (let i = 0; i < 200; i++) console.log('line', i, 'x'.repeat(40)); return 1; };`);
    const result = await runtime.invoke(config, '{}', { logType: 'Tail', requestId: 'tail-1' });
    const log = Buffer.from(result.logResult!, 'base64');
    assert.equal(log.length, 4096);
    assert.match(log.toString(), /line 199 x+\nEND RequestId: tail-1\nREPORT RequestId: tail-1\t.*\n$/);
    assert.equal((await runtime.invoke(config, '{}')).logResult, undefined);
  });

  it('meters invocations, errors and billed GB-seconds as Lambda bills them', async () => {
    const config = node(`exports.handler = async (event) => { if (event.fail) throw new Error('no'); return 1; };`, { memorySize: 256 });
    const results = [await runtime.invoke(config, '{}'), await runtime.invoke(config, '{"fail":true}'), await runtime.invoke(config, '{}')];
    const meter = runtime.metering(config.functionName);
    const billed = results.reduce((sum, r) => sum + r.billedDurationMs, 0);
    assert.equal(meter.invocations, 3);
    assert.equal(meter.errors, 1);
    assert.equal(meter.coldStarts, 1);
    assert.equal(meter.billedDurationMs, billed);
    assert.ok(Math.abs(meter.billedGbSeconds - (billed / 1000) * 0.25) < 1e-9);
    assert.equal(meter.concurrentExecutions, 0);
  });
});

// The Lambda API of a Stepwise server (server.js), one scenario per process: functions created with
// CreateFunction from zip files and invoked over HTTP, as the AWS SDKs do.
// Usage: node bench/lambda.js <warm|cold|burst|machine> [--quick]. Prints one JSON line.
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { childCount, createMachine, lastStop, latencies, memoryMB, percentile, pool, report, ROLE, round3, sampleMax, startStepwise, statesEntered, whenNoneRunning } from './server-kit.js';

const FULL = { warmCalls: 2_000, parallelCalls: 4_000, coldStarts: 5, burst: 256, machineRuns: 1_000 };
const QUICK = { warmCalls: 200, parallelCalls: 400, coldStarts: 2, burst: 64, machineRuns: 50 };
const CALLERS = 8;

const RUNTIMES = {
  node: { Runtime: 'nodejs20.x', Handler: 'index.handler', file: 'index.mjs', source: 'export const handler = async (event) => ({ ...event, n: (event.n ?? 0) + 1 });\n' },
  python: {
    Runtime: 'python3.12',
    Handler: 'lambda_function.lambda_handler',
    file: 'lambda_function.py',
    source: 'def lambda_handler(event, context):\n    return {**event, "n": event.get("n", 0) + 1}\n',
  },
};

async function createFunction(client, name, runtime) {
  const { Runtime, Handler, file, source } = RUNTIMES[runtime];
  const ZipFile = Buffer.from(zipSync({ [file]: strToU8(source) })).toString('base64');
  const { FunctionArn } = await client.lambda('POST', '/functions', { FunctionName: name, Runtime, Handler, Role: ROLE, Code: { ZipFile } });
  return FunctionArn;
}

const checked = (client, name) => async (i) => {
  const { payload } = await client.invoke(name, { i, n: 1 });
  assert.deepEqual(payload, { i, n: 2 });
};

/** Sequential warm round trips (p50/p99), then invokes/s from CALLERS concurrent callers. */
async function warm(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    await createFunction(client, 'echo', 'node');
    const invoke = checked(client, 'echo');
    await latencies(200, invoke);
    const sequential = await latencies(size.warmCalls, invoke);
    // Warm-up at full concurrency first: each concurrent caller gets an environment of its own.
    await pool(size.parallelCalls / 4, CALLERS, invoke);
    const started = performance.now();
    await pool(size.parallelCalls, CALLERS, invoke);
    const invokesPerSecond = Math.round(size.parallelCalls / ((performance.now() - started) / 1000));
    return { sequential, invokesPerSecond, callers: CALLERS, ...memoryMB(server.pid) };
  } finally {
    await server.stop();
  }
}

/** CreateFunction then a first invoke, per runtime: the round trip and the REPORT line's Init Duration. */
async function cold(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    const result = {};
    for (const runtime of Object.keys(RUNTIMES)) {
      const firstInvokeMs = [];
      const initMs = [];
      for (let i = 0; i < size.coldStarts; i++) {
        const name = `cold-${runtime}-${i}`;
        await createFunction(client, name, runtime);
        const started = performance.now();
        const { payload, logTail } = await client.invoke(name, { n: 0 }, { tail: true });
        firstInvokeMs.push(performance.now() - started);
        assert.deepEqual(payload, { n: 1 });
        const init = /Init Duration: ([\d.]+) ms/.exec(logTail ?? '');
        if (!init) throw new Error(`${name}: no Init Duration in the first invoke's log tail: ${JSON.stringify(logTail)}`);
        initMs.push(Number(init[1]));
      }
      const median = (xs) => round3([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
      result[runtime] = { initDurationMs: median(initMs), firstInvokeMs: median(firstInvokeMs), samples: size.coldStarts };
    }
    return { ...result, ...memoryMB(server.pid) };
  } finally {
    await server.stop();
  }
}

/**
 * A burst on a function with no warm environment, all at once (as after a restart, when the
 * durable runner claims hundreds of tasks): how long until every invocation is answered, and how
 * many environments the runtime started for it.
 */
async function burst(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    await createFunction(client, 'burst', 'node');
    const invoke = checked(client, 'burst');
    const environments = sampleMax(() => childCount(server.pid), 20);
    const times = [];
    const started = performance.now();
    await pool(size.burst, size.burst, async (i) => {
      const t = performance.now();
      await invoke(i);
      times.push(performance.now() - t);
    });
    const ms = performance.now() - started;
    times.sort((a, b) => a - b);
    return { invocations: size.burst, ms: round3(ms), p50Ms: round3(percentile(times, 0.5)), p99Ms: round3(percentile(times, 0.99)), peakEnvironments: environments(), ...memoryMB(server.pid) };
  } finally {
    await server.stop();
  }
}

/** A Standard machine of three Lambda function ARNs, executions started concurrently: transitions/s. */
async function machine(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    const arn = await createFunction(client, 'step', 'node');
    const task = (next) => ({ Type: 'Task', Resource: arn, ...(next ? { Next: next } : { End: true }) });
    const definition = { StartAt: 'One', States: { One: task('Two'), Two: task('Three'), Three: task() } };
    const run = async (name, count) => {
      const machineArn = await createMachine(client, name, definition);
      const started = Date.now();
      const runs = await pool(count, 32, (i) => client.sfn('StartExecution', { stateMachineArn: machineArn, input: JSON.stringify({ i, n: 0 }) }));
      await whenNoneRunning(client, machineArn);
      return { ms: (await lastStop(client, machineArn, count)) - started, sample: runs[0].executionArn };
    };
    await run('warm', Math.min(100, size.machineRuns));
    // The runtime starts an environment per concurrent invocation: how far did it scale out?
    const environments = sampleMax(() => childCount(server.pid));
    const { ms, sample } = await run('lambdas', size.machineRuns);
    const peakEnvironments = environments();
    const { output } = await client.sfn('DescribeExecution', { executionArn: sample });
    assert.deepEqual(JSON.parse(output), { i: 0, n: 3 });
    const entered = await statesEntered(client, sample);
    if (entered !== 3) throw new Error(`history enters ${entered} states, expected 3`);
    const transitions = 3 * size.machineRuns;
    return { executions: size.machineRuns, transitions, ms, transitionsPerSecond: Math.round(transitions / (ms / 1000)), peakEnvironments, ...memoryMB(server.pid) };
  } finally {
    await server.stop();
  }
}

const SCENARIOS = { warm, cold, burst, machine };

const [name, ...flags] = process.argv.slice(2);
const scenario = SCENARIOS[name];
if (!scenario) {
  console.error(`usage: lambda.js <${Object.keys(SCENARIOS).join('|')}> [--quick]`);
  process.exit(2);
}
try {
  report(await scenario(flags.includes('--quick') ? QUICK : FULL));
} catch (error) {
  console.error(`lambda/${name}: ${error.message}`);
  process.exit(1);
}

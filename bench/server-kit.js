// What the server benches share: a Stepwise server in its own process (server.js), a keep-alive HTTP
// client for its two protocols (awsJson1_0 Step Functions, Lambda REST), a bounded pool of
// concurrent callers, and the server's memory from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/bench`;

/**
 * Starts the bench server (server.js: `stepwise serve`'s wiring with in-process handlers) on a
 * fresh data dir, port 0; resolves once it prints its URL.
 */
export async function startStepwise({ env = {} } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  // BENCH_PROFILE_DIR=<dir>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const args = [...profile, SERVER, join(root, 'data')];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk).length > 1e5 && (stderr = stderr.slice(-1e4)));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      const match = /listening on (http:\/\/\S+)/.exec((out += chunk));
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited ${code}: ${stderr.trim().split('\n').at(-1)}`)));
  });
  const client = new Client(url);
  return {
    url,
    pid: child.pid,
    root,
    client,
    stderr: () => stderr,
    async stop() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** VmRSS (now) and VmHWM (peak) of a process, in MB. */
export function memoryMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakRssMB: Math.round(kb('VmHWM') / 1024) };
}

/** How many child processes (function environments) a process has now. */
export function childCount(pid) {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return children ? children.split(/\s+/).length : 0;
}

/** Samples `read()` every `everyMs` until the returned function is called, which resolves the highest value seen. */
export function sampleMax(read, everyMs = 100) {
  let max = read();
  const timer = setInterval(() => (max = Math.max(max, read())), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(max, read());
  };
}

export class AwsError extends Error {
  constructor(status, type, message) {
    super(`${status} ${type}: ${message}`);
    this.type = type;
  }
}

export class Client {
  constructor(url) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets: 256 });
  }

  close() {
    this.agent.destroy();
  }

  /** One HTTP exchange: resolves { status, headers, body } (body a string). */
  send(method, path, headers, body) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port, method, path, agent: this.agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A Step Functions action (awsJson1_0); AWS errors reject as AwsError. */
  async sfn(action, input) {
    const headers = { 'X-Amz-Target': `AWSStepFunctions.${action}`, 'Content-Type': 'application/x-amz-json-1.0' };
    const res = await this.send('POST', '/', headers, JSON.stringify(input));
    const body = JSON.parse(res.body || '{}');
    if (res.status !== 200) throw new AwsError(res.status, body.__type, body.message);
    return body;
  }

  /** A Lambda REST call; a JSON body in, the parsed JSON answer out. */
  async lambda(method, path, input) {
    const res = await this.send(method, `/2015-03-31${path}`, { 'Content-Type': 'application/json' }, input === undefined ? '' : JSON.stringify(input));
    const body = res.body ? JSON.parse(res.body) : {};
    if (res.status >= 300) throw new AwsError(res.status, res.headers['x-amzn-errortype'], body.message ?? body.Message);
    return body;
  }

  /** Invoke: resolves { payload, logTail } (the log tail when asked for with `tail`). */
  async invoke(functionName, payload, { tail = false } = {}) {
    const headers = { 'Content-Type': 'application/json', ...(tail && { 'X-Amz-Log-Type': 'Tail' }) };
    const res = await this.send('POST', `/2015-03-31/functions/${functionName}/invocations`, headers, JSON.stringify(payload));
    if (res.status !== 200 || res.headers['x-amz-function-error']) {
      throw new AwsError(res.status, res.headers['x-amzn-errortype'] ?? res.headers['x-amz-function-error'], res.body);
    }
    const log = res.headers['x-amz-log-result'];
    return { payload: JSON.parse(res.body), logTail: log ? Buffer.from(log, 'base64').toString('utf8') : undefined };
  }
}

/** Calls `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves their results in order. */
export async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Sequential round trips of `call()`: p50/p99 in ms, and calls/s. */
export async function latencies(count, call) {
  const times = new Array(count);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call(i);
    times[i] = performance.now() - t;
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { p50Ms: round3(percentile(times, 0.5)), p99Ms: round3(percentile(times, 0.99)), perSecond: Math.round(count / seconds) };
}

export const round3 = (n) => Math.round(n * 1000) / 1000;

export async function createMachine(client, name, definition, type = 'STANDARD') {
  const { stateMachineArn } = await client.sfn('CreateStateMachine', { name, definition: JSON.stringify(definition), roleArn: ROLE, type });
  return stateMachineArn;
}

/** Resolves once no execution of the machine is RUNNING (polled every `everyMs`). */
export async function whenNoneRunning(client, stateMachineArn, everyMs = 50) {
  for (;;) {
    const { executions } = await client.sfn('ListExecutions', { stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 });
    if (executions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Every execution of a machine (ListExecutions, all pages). */
export async function listAll(client, stateMachineArn) {
  const all = [];
  let nextToken;
  do {
    const page = await client.sfn('ListExecutions', { stateMachineArn, maxResults: 1000, ...(nextToken && { nextToken }) });
    all.push(...page.executions);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/**
 * Checks that all `count` executions succeeded and returns when the last one stopped (epoch ms,
 * the server's own stopDate: polling granularity doesn't pad the measurement).
 */
export async function lastStop(client, stateMachineArn, count) {
  const all = await listAll(client, stateMachineArn);
  const failed = all.filter((e) => e.status !== 'SUCCEEDED');
  if (all.length !== count || failed.length) {
    throw new Error(`${all.length} executions (expected ${count}), ${failed.length} not SUCCEEDED (${failed[0]?.status ?? ''})`);
  }
  return Math.max(...all.map((e) => e.stopDate * 1000));
}

/** States entered in one execution's history (GetExecutionHistory, all pages). */
export async function statesEntered(client, executionArn) {
  let entered = 0;
  let nextToken;
  do {
    const page = await client.sfn('GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken && { nextToken }) });
    entered += page.events.filter((e) => e.type.endsWith('StateEntered')).length;
    nextToken = page.nextToken;
  } while (nextToken);
  return entered;
}

/** Prints the one JSON line a bench child answers its parent with. */
export function report(result) {
  console.log(JSON.stringify(result));
}

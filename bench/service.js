// The Step Functions API of a Stepwise server (server.js: SQLite, fsync on), one scenario per
// process. Usage: node bench/service.js <durable|starts|tokens> [--quick]
// Prints one JSON line with the scenario's figures.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachine, lastStop, latencies, listAll, memoryMB, pool, report, startStepwise, statesEntered, whenNoneRunning } from './server-kit.js';

const FULL = { durableRuns: 5_000, starts: 5_000, syncCalls: 2_000, parked: 100_000 };
const QUICK = { durableRuns: 200, starts: 300, syncCalls: 200, parked: 500 };
const CONCURRENCY = 32;

const passes = (count, next) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`Pass${i}`, { Type: 'Pass', ...(i + 1 < count ? { Next: `Pass${i + 1}` } : next) }]));

/** 10 Pass states then 2 Tasks (function ARNs) run by server.js's in-process handler Work: 12 states entered. */
const DURABLE = {
  StartAt: 'Pass0',
  States: {
    ...passes(10, { Next: 'Fetch' }),
    Fetch: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Work', Next: 'Store' },
    Store: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Work', End: true },
  },
};
const DURABLE_STATES = 12;

/** One callback Task: the message "sent" is the token, which server.js's handler Park writes to a file. */
const PARKED = {
  StartAt: 'Park',
  States: {
    Park: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench', MessageBody: { 'token.$': '$$.Task.Token' } },
      End: true,
    },
  },
};

/** CPU time (user + system) a process has used so far, in ms: on a busy machine a steadier figure than the wall clock. */
function cpuMs(pid) {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const startAll = (client, stateMachineArn, count) =>
  pool(count, CONCURRENCY, (i) => client.sfn('StartExecution', { stateMachineArn, name: `run-${i}`, input: JSON.stringify({ i }) }));

/** Standard executions started concurrently through the API; transitions/s until the last one stops. */
async function durable(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    const warm = await createMachine(client, 'warm', DURABLE);
    await startAll(client, warm, 200);
    await whenNoneRunning(client, warm);
    const machine = await createMachine(client, 'durable', DURABLE);
    const cpuBefore = cpuMs(server.pid);
    const started = Date.now();
    const runs = await startAll(client, machine, size.durableRuns);
    await whenNoneRunning(client, machine);
    const serverCpuMs = cpuMs(server.pid) - cpuBefore;
    const ms = (await lastStop(client, machine, size.durableRuns)) - started;
    const entered = await statesEntered(client, runs[0].executionArn);
    if (entered !== DURABLE_STATES) throw new Error(`history enters ${entered} states, expected ${DURABLE_STATES}`);
    const transitions = DURABLE_STATES * size.durableRuns;
    return {
      executions: size.durableRuns,
      transitions,
      ms,
      transitionsPerSecond: Math.round(transitions / (ms / 1000)),
      // The server's CPU time per transition (polling ListExecutions until none runs included).
      serverCpuUsPerTransition: Math.round((serverCpuMs * 1000) / transitions),
      ...memoryMB(server.pid),
    };
  } finally {
    await server.stop();
  }
}

/** StartExecution requests/s (Express and Standard, 5 Pass states), and StartSyncExecution round trips. */
async function starts(size) {
  const server = await startStepwise();
  try {
    const { client } = server;
    const definition = { StartAt: 'Pass0', States: passes(5, { End: true }) };
    const express = await createMachine(client, 'express', definition, 'EXPRESS');
    const standard = await createMachine(client, 'standard', definition);
    const rate = async (stateMachineArn, count) => {
      const started = performance.now();
      await pool(count, CONCURRENCY, () => client.sfn('StartExecution', { stateMachineArn, input: '{"a":1}' }));
      return Math.round(count / ((performance.now() - started) / 1000));
    };
    await rate(express, 500);
    const expressStarts = await rate(express, size.starts);
    await rate(standard, 500);
    const standardStarts = await rate(standard, size.starts);
    await whenNoneRunning(client, standard);
    const sync = () =>
      client.sfn('StartSyncExecution', { stateMachineArn: express, input: '{"a":1}' }).then((out) => {
        if (out.status !== 'SUCCEEDED' || out.output !== '{"a":1}') throw new Error(`StartSyncExecution answered ${JSON.stringify(out)}`);
      });
    await latencies(300, sync);
    const syncLatency = await latencies(size.syncCalls, sync);
    return { expressStartsPerSecond: expressStarts, standardStartsPerSecond: standardStarts, sync: syncLatency, ...memoryMB(server.pid) };
  } finally {
    await server.stop();
  }
}

/** Resolves the tokens once `count` of them are in the file; rejects if an execution failed instead. */
async function tokensWritten(client, stateMachineArn, file, count) {
  for (;;) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines.length > count) return lines.slice(0, count);
    const { executions } = await client.sfn('ListExecutions', { stateMachineArn, statusFilter: 'FAILED', maxResults: 1 });
    if (executions.length) {
      const { error, cause } = await client.sfn('DescribeExecution', { executionArn: executions[0].executionArn });
      throw new Error(`an execution failed instead of waiting: ${error}: ${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Executions waiting on task tokens: the server's memory with all of them open, then all released. */
async function tokens(size) {
  const tokenFile = join(tmpdir(), `stepwise-bench-tokens-${process.pid}.txt`);
  writeFileSync(tokenFile, '');
  const parked = await startStepwise({ env: { BENCH_TOKEN_FILE: tokenFile } });
  try {
    const { client } = parked;
    const before = memoryMB(parked.pid);
    const machine = await createMachine(client, 'parked', PARKED);
    const started = Date.now();
    await startAll(client, machine, size.parked);
    const startMs = Date.now() - started;
    const all = await tokensWritten(client, machine, tokenFile, size.parked);
    const waitingMs = Date.now() - started;
    const open = memoryMB(parked.pid);
    const running = (await listAll(client, machine)).filter((e) => e.status === 'RUNNING').length;
    if (running !== size.parked) throw new Error(`${running} executions running, expected ${size.parked}`);
    const released = Date.now();
    await pool(all.length, CONCURRENCY, (i) => client.sfn('SendTaskSuccess', { taskToken: all[i], output: JSON.stringify({ i }) }));
    await whenNoneRunning(client, machine, 100);
    const releaseMs = (await lastStop(client, machine, size.parked)) - released;
    return {
      executions: size.parked,
      idleRssMB: before.rssMB,
      startMs,
      waitingMs,
      openRssMB: open.rssMB,
      releaseMs,
      ...memoryMB(parked.pid),
    };
  } finally {
    await parked.stop();
    rmSync(tokenFile, { force: true });
  }
}

const SCENARIOS = { durable, starts, tokens };

const [name, ...flags] = process.argv.slice(2);
const scenario = SCENARIOS[name];
if (!scenario) {
  console.error(`usage: service.js <${Object.keys(SCENARIOS).join('|')}> [--quick]`);
  process.exit(2);
}
try {
  report(await scenario(flags.includes('--quick') ? QUICK : FULL));
} catch (error) {
  console.error(`service/${name}: ${error.message}`);
  process.exit(1);
}

/** `stepwise serve` as a user starts it: the real binary, a banner, the API, a clean exit on SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { repoRoot, stepwise } from '../cli-helpers.js';
import { raw, ROLE } from './helpers.js';

interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `stepwise …args` and resolves once its banner (two lines) names the endpoint. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  // Each server keeps its data in a folder of its own, never in the repository.
  const dataDir = await mkdtemp(join(tmpdir(), 'stepwise-serve-data-'));
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'stepwise.js'), ...args], {
    env: { ...process.env, STEPWISE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /Stepwise listening on (http:\/\/\S+) .*\n.*ready in \d+ ms\n/.exec(stdout);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`stepwise exited ${code} before listening: ${stderr}`)));
    setTimeout(() => reject(new Error(`no banner within 10 s: ${stdout} ${stderr}`)), 10_000).unref();
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr, exited };
}

async function stop(served: Served): Promise<number | null> {
  served.child.kill('SIGTERM');
  return served.exited;
}

function sdk(url: string): SFNClient {
  return new SFNClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
}

async function finished(client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let i = 0; i < 200; i++) {
    const e = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (e.status !== 'RUNNING') return e;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${executionArn} still running`);
}

const TASK = (resource: string) => JSON.stringify({ StartAt: 'Quote', States: { Quote: { Type: 'Task', Resource: resource, End: true } } });

test('serve: banner, readiness, Task states run by --functions handlers, debug log, clean exit on SIGTERM', async () => {
  const functions = await mkdtemp(join(tmpdir(), 'stepwise-serve-fn-'));
  await writeFile(join(functions, 'quote.mjs'), 'export const handler = async (event) => ({ price: event.qty * 2 });\n');
  const started = Date.now();
  const served = await serve(['serve', '--port', '0', '--functions', functions], { STEPWISE_LOG: 'debug' });
  try {
    const readyMs = Date.now() - started;
    assert.match(
      served.stdout(),
      /^Stepwise listening on http:\/\/127\.0\.0\.1:\d+ {2}\(AWS Step Functions and Lambda APIs; use --endpoint-url\)\n {2}console http:\/\/127\.0\.0\.1:\d+\/; region us-east-1, account 123456789012; 1 function; data in \S+stepwise-serve-data-\S+; ready in \d+ ms\n/,
    );
    assert.ok(readyMs < 5000, `ready in ${readyMs} ms`);
    assert.equal((await raw(served.url, { method: 'GET', path: '/health' })).status, 200);

    const client = sdk(served.url);
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'quoting', definition: TASK('arn:aws:lambda:us-east-1:123456789012:function:quote'), roleArn: ROLE }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"qty":21}' }));
    const e = await finished(client, executionArn!);
    assert.equal(e.status, 'SUCCEEDED');
    assert.equal(e.output, '{"price":42}');
    client.destroy();
  } finally {
    assert.equal(await stop(served), 0);
  }
  assert.match(served.stdout(), /Stepwise stopped\n$/);
  assert.match(served.stderr(), / DEBUG POST \/ StartExecution → 200 in [\d.]+ ms\n/);
  assert.match(served.stderr(), / INFO SIGTERM: shutting down\n/);
});

test('serve: STEPWISE_* variables, --mock test cases', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-serve-mock-'));
  await writeFile(
    join(dir, 'mock.json'),
    JSON.stringify({ StateMachines: { quoting: { TestCases: { Cheap: { Quote: 'Low' } } } }, MockedResponses: { Low: { '0': { Return: { price: 1 } } } } }),
  );
  const served = await serve(['serve', '--mock', join(dir, 'mock.json#Cheap')], { STEPWISE_PORT: '0', STEPWISE_REGION: 'eu-west-1', STEPWISE_ACCOUNT: '111111111111' });
  try {
    const client = sdk(served.url);
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'quoting', definition: TASK('arn:aws:states:::lambda:invoke'), roleArn: ROLE }));
    assert.equal(stateMachineArn, 'arn:aws:states:eu-west-1:111111111111:stateMachine:quoting');
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const e = await finished(client, executionArn!);
    assert.equal(e.output, '{"price":1}');
    client.destroy();
  } finally {
    assert.equal(await stop(served), 0);
  }
});

test('serve: bad flags and a port in use are one line on stderr, exit 2', async () => {
  const badPort = await stepwise(['serve', '--port', 'eighty']);
  assert.equal(badPort.code, 2);
  assert.equal(badPort.stderr, "stepwise: --port must be a port number (0-65535), got 'eighty'\n");
  const badAccount = await stepwise(['serve', '--port', '0', '--account', '12']);
  assert.equal(badAccount.stderr, "stepwise: --account must be a 12-digit AWS account id, got '12'\n");

  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const port = (taken.address() as { port: number }).port;
    const inUse = await stepwise(['serve', '--port', String(port)]);
    assert.equal(inUse.code, 2);
    assert.equal(inUse.stderr, `stepwise: port ${port} on 127.0.0.1 is in use: choose another with --port or STEPWISE_PORT\n`);
  } finally {
    taken.close();
  }
});

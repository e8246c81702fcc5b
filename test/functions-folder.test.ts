/**
 * A functions folder end to end: Node, TypeScript and Python functions registered from a folder
 * and invoked in their own processes; edits reloaded while watching; `stepwise run --functions`
 * with Python handlers; `stepwise serve --functions` showing them through the Lambda API.
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { serveCommand } from '../src/cli/serve-command.js';
import { FOLDER_TAG, registerFunctionFolder, type RegisteredFolder } from '../src/functions/function-folder-register.js';
import { FunctionService } from '../src/functions/function-service.js';
import { FunctionRuntime } from '../src/functions/runtime.js';
import { repoRoot, stepwise } from './cli-helpers.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasAws = spawnSync('aws', ['--version']).status === 0;

function write(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

const FILES = {
  'lib/tax.ts': 'export const TAX = 0.25;\n',
  'functions/greet.mjs': 'export const handler = async (event, context) => ({ hello: event.who, fn: context.functionName, v: 1 });\n',
  'functions/total.ts': 'import { TAX } from "../lib/tax.js";\ninterface Order { amount: number }\nexport const handler = async (o: Order): Promise<{ total: number }> => ({ total: o.amount * (1 + TAX) });\n',
  'functions/score.py': 'import os\nfrom weights import WEIGHT\n\ndef lambda_handler(event, context):\n    return {"score": event["n"] * WEIGHT, "memory": context.memory_limit_in_mb, "stage": os.environ.get("STAGE")}\n',
  'functions/weights.py': 'WEIGHT = 10\n',
  'functions/stepwise.functions.json': JSON.stringify({ score: { memorySize: 256, environment: { STAGE: 'test' } } }),
};

/** Polls until `check` passes (a reload is asynchronous), failing with its last error after `ms`. */
async function eventually(check: () => Promise<void>, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('a functions folder registered with a function service', () => {
  let root: string;
  let dir: string;
  let runtime: FunctionRuntime;
  let functions: FunctionService;
  let folder: RegisteredFolder;
  const logged: string[] = [];

  const invoke = async (name: string, event: unknown) => {
    const out = await functions.invoke({ FunctionName: name, Payload: JSON.stringify(event) });
    const body = JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'));
    if (out.FunctionError) throw new Error(`${name} failed: ${JSON.stringify(body)}`);
    return body;
  };

  before(async () => {
    root = write(tempDir('stepwise-folder-'), FILES);
    dir = join(root, 'functions');
    runtime = new FunctionRuntime();
    functions = new FunctionService({ runtime, dataDir: join(root, 'data') });
    folder = await registerFunctionFolder(dir, functions, {
      watch: true,
      debounceMs: 50,
      log: { info: (m) => logged.push(m), error: (m) => logged.push(`ERROR ${m}`) },
    });
  });
  after(async () => {
    await folder.close();
    await functions.close();
    await runtime.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('registers each function with its runtime, handler and settings, tagged as the folder’s', async () => {
    assert.deepEqual(folder.names, ['greet', 'score', 'total']);
    const { Functions } = await functions.listFunctions();
    const brief = Functions.map((f) => [f.FunctionName, f.Runtime, f.Handler, f.MemorySize, f.Timeout]);
    assert.deepEqual(brief, [
      ['greet', 'nodejs20.x', 'greet.handler', 128, 3],
      ['score', 'python3.11', 'score.lambda_handler', 256, 3],
      ['total', 'nodejs20.x', 'total.handler', 128, 3],
    ]);
    assert.equal((await functions.getFunction({ FunctionName: 'greet' })).Tags?.[FOLDER_TAG], 'true');
  });

  it('invokes a Node, a TypeScript (with shared code from outside the folder) and a Python function', async () => {
    assert.deepEqual(await invoke('greet', { who: 'Ada' }), { hello: 'Ada', fn: 'greet', v: 1 });
    assert.deepEqual(await invoke('total', { amount: 8 }), { total: 10 });
    if (hasPython) assert.deepEqual(await invoke('score', { n: 4 }), { score: 40, memory: '256', stage: 'test' });
  });

  it('reloads an edited file: the next invocation runs the new code, the old warm environment is dropped', async () => {
    await invoke('greet', { who: 'Ada' });
    const arn = functions.functionArn('greet');
    const before = (await functions.getFunction({ FunctionName: 'greet' })).Configuration.CodeSha256;
    writeFileSync(join(dir, 'greet.mjs'), 'export const handler = async (event) => ({ hello: event.who, v: 2 });\n');
    await eventually(async () => assert.deepEqual(await invoke('greet', { who: 'Bo' }), { hello: 'Bo', v: 2 }));
    assert.notEqual((await functions.getFunction({ FunctionName: 'greet' })).Configuration.CodeSha256, before);
    await eventually(async () => assert.equal(runtime.environmentCount(arn), 1));
    assert.ok(logged.includes('functions: updated greet (code)'), logged.join('\n'));
  });

  it('reloads a function when shared code outside the folder changes, even after a broken edit there', async () => {
    writeFileSync(join(root, 'lib', 'tax.ts'), 'export const TAX = ;\n');
    await eventually(async () => assert.ok(logged.some((l) => /^ERROR Cannot compile .*total\.ts: .*tax\.ts:1:\d+: /.test(l)), logged.join('\n')));
    writeFileSync(join(root, 'lib', 'tax.ts'), 'export const TAX = 0.5;\n');
    await eventually(async () => assert.deepEqual(await invoke('total', { amount: 8 }), { total: 12 }));
  });

  it('follows the config: changed settings are UpdateFunctionConfiguration', async () => {
    writeFileSync(join(dir, 'stepwise.functions.json'), JSON.stringify({ score: { memorySize: 512, timeout: 9, environment: { STAGE: 'prod' } } }));
    await eventually(async () => {
      const c = await functions.getFunctionConfiguration({ FunctionName: 'score' });
      assert.deepEqual([c.MemorySize, c.Timeout, c.Environment?.Variables], [512, 9, { STAGE: 'prod' }]);
    });
    if (hasPython) assert.deepEqual(await invoke('score', { n: 1 }), { score: 10, memory: '512', stage: 'prod' });
  });

  it('creates added functions and deletes removed ones', async () => {
    write(dir, { 'ship/index.ts': 'export const handler = async () => "shipped";\n' });
    await eventually(async () => assert.equal(await invoke('ship', {}), 'shipped'));
    writeFileSync(join(dir, 'ship', 'index.ts'), 'export const handler = async () => "shipped again";\n');
    await eventually(async () => assert.equal(await invoke('ship', {}), 'shipped again'));
    unlinkSync(join(dir, 'greet.mjs'));
    await eventually(async () => {
      await assert.rejects(functions.getFunction({ FunctionName: 'greet' }), { type: 'ResourceNotFoundException' });
    });
    await folder.settled();
    assert.deepEqual(folder.names, ['score', 'ship', 'total']);
  });

  it('keeps the previous code when an edit does not compile, and says why', async () => {
    writeFileSync(join(dir, 'total.ts'), 'export const handler = async ( => 1;\n');
    await eventually(async () => assert.ok(logged.some((l) => /^ERROR Cannot compile .*total\.ts: .*total\.ts:1:\d+: .*; the function keeps its previous code$/.test(l)), logged.join('\n')));
    assert.deepEqual(await invoke('total', { amount: 8 }), { total: 12 });
  });

  it('registered again (a restart): unchanged functions are left alone, removed ones deleted, others’ functions untouched', async () => {
    await folder.close();
    const score = await functions.getFunctionConfiguration({ FunctionName: 'score' });
    const zip = zipSync({ 'index.js': strToU8('exports.handler = async () => 1;') });
    await functions.createFunction({ FunctionName: 'api-made', Role: 'arn:aws:iam::123456789012:role/r', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } });
    rmSync(join(dir, 'ship'), { recursive: true });
    writeFileSync(join(dir, 'total.ts'), 'export const handler = async () => ({ total: 0 });\n');
    folder = await registerFunctionFolder(dir, functions);
    assert.deepEqual(folder.names, ['score', 'total']);
    assert.equal((await functions.getFunctionConfiguration({ FunctionName: 'score' })).RevisionId, score.RevisionId);
    await assert.rejects(functions.getFunction({ FunctionName: 'ship' }), { type: 'ResourceNotFoundException' });
    assert.deepEqual(await invoke('total', {}), { total: 0 });
    assert.equal((await functions.getFunctionConfiguration({ FunctionName: 'api-made' })).Handler, 'index.handler');
  });
});

test('a prewarmed function answers its first invocation from the warm pool, not a cold start', async () => {
  const dir = write(tempDir('stepwise-folder-warm-'), { 'warm.mjs': 'export const handler = async () => process.pid;\n' });
  const runtime = new FunctionRuntime();
  const functions = new FunctionService({ runtime, dataDir: join(dir, '.data') });
  try {
    await registerFunctionFolder(dir, functions);
    await runtime.prewarm(await functions.resolveConfig({ name: 'warm' }));
    assert.equal(runtime.environmentCount(functions.functionArn('warm')), 1);
    const out = await functions.invoke({ FunctionName: 'warm' });
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual([runtime.metering('warm').coldStarts, runtime.environmentCount(functions.functionArn('warm'))], [0, 1]);
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('registration refuses what cannot be deployed, naming the function', async () => {
  const dir = write(tempDir('stepwise-folder-bad-'), {
    'x.js': 'export const handler = () => 1;',
    'stepwise.functions.json': JSON.stringify({ x: { environment: { AWS_REGION: 'eu-west-1' } } }),
  });
  const runtime = new FunctionRuntime();
  const functions = new FunctionService({ runtime, dataDir: join(dir, '.data') });
  try {
    await assert.rejects(registerFunctionFolder(dir, functions), { name: 'FunctionFolderError', message: /^function 'x': Lambda was unable to configure your environment variables .*reserved keys.*: AWS_REGION$/ });
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stepwise run --functions: Python handlers end to end, every function process gone when it exits', { skip: hasPython ? undefined : 'python3 is not on the PATH' }, async () => {
  const dir = write(tempDir('stepwise-run-py-'), {
    'flow.asl.json': JSON.stringify({
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
          Retry: [{ ErrorEquals: ['GatewayTimeout'], IntervalSeconds: 5, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Refused' }],
          Next: 'Receipt',
        },
        Receipt: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'receipt', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true },
        Refused: { Type: 'Fail', Error: 'Refused' },
      },
    }),
    'functions/charge/lambda_function.py': [
      'import os',
      'class GatewayTimeout(Exception): pass',
      'class Declined(Exception): pass',
      'calls = 0',
      'def lambda_handler(event, context):',
      '    global calls',
      '    calls += 1',
      '    if event["card"] == "declined": raise Declined("card declined")',
      '    if calls == 1: raise GatewayTimeout("try again")',
      '    print("charged", event["amount"])',
      '    return {**event, "charged": event["amount"], "calls": calls, "pids": [os.getpid()]}',
      '',
    ].join('\n'),
    'functions/receipt.py': 'import os\n\ndef handler(event, context):\n    return {"receipt": f"{event[\'charged\']} paid", "calls": event["calls"], "pids": event["pids"] + [os.getpid()]}\n',
  });
  const started = Date.now();
  const r = await stepwise(['run', 'flow.asl.json', '--input', '{"card": "ok", "amount": 5}', '--functions', 'functions', '--skip-waits', '--json'], dir);
  const elapsed = Date.now() - started;
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.output.receipt, '5 paid');
  assert.equal(result.output.calls, 2, 'the retry ran in the same warm environment');
  assert.match(r.stderr, /^\[charge\] charged 5$/m);
  for (const pid of result.output.pids as number[]) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `function process ${pid} outlived the CLI`);
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);

  const declined = await stepwise(['run', 'flow.asl.json', '--input', '{"card": "declined", "amount": 5}', '--functions', 'functions'], dir);
  assert.equal(declined.code, 1, declined.stderr);
  assert.match(declined.stdout, /↪ Charge {2}Task .*\(caught Declined: card declined\)/);
  rmSync(dir, { recursive: true, force: true });
});

test('stepwise run --functions examples/order-process/python: the order process with its Python handlers', { skip: hasPython ? undefined : 'python3 is not on the PATH' }, async () => {
  const r = await stepwise(['run', 'examples/order-process/order.asl.json', '--input', '@examples/order-process/inputs/happy-order.json', '--functions', 'examples/order-process/python', '--skip-waits', '--json'], repoRoot());
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).output, { orderId: 'A-1001', status: 'COMPLETED', charged: 33, trackingNumber: 'TRACK-A-1001' });
});

test('stepwise serve --functions: the folder’s functions through the Lambda API (SDK and AWS CLI), reloaded on change', async () => {
  const root = write(tempDir('stepwise-serve-folder-'), FILES);
  const dir = join(root, 'functions');
  const out: string[] = [];
  const err: string[] = [];
  let stopServer!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stopServer = resolve));
  const exit = serveCommand(
    { port: '0', host: '127.0.0.1', dataDir: join(root, 'data'), functions: dir, region: 'us-east-1', account: '123456789012' },
    { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
    stopped,
  );
  try {
    await eventually(async () => assert.ok(out.length >= 2, err.join('\n')), 15_000);
    const endpoint = /listening on (\S+)/.exec(out[0])![1];
    assert.match(out[1], /; 3 functions;/);
    const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const { Functions } = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(Functions?.map((f) => f.FunctionName), ['greet', 'score', 'total']);
    if (hasAws) {
      const env = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
      const { stdout } = await promisify(execFile)('aws', ['lambda', 'list-functions', '--endpoint-url', endpoint, '--output', 'json'], { env });
      assert.deepEqual(JSON.parse(stdout).Functions.map((f: { FunctionName: string; Runtime: string }) => `${f.FunctionName} ${f.Runtime}`), ['greet nodejs20.x', 'score python3.11', 'total nodejs20.x']);
    }
    const call = async () => JSON.parse(Buffer.from((await client.send(new InvokeCommand({ FunctionName: 'greet', Payload: Buffer.from('{"who":"Ada"}') }))).Payload!).toString());
    assert.equal((await call()).v, 1);
    writeFileSync(join(dir, 'greet.mjs'), 'export const handler = async () => ({ v: 2 });\n');
    await eventually(async () => assert.equal((await call()).v, 2));
    assert.ok(err.some((l) => / INFO functions: updated greet \(code\)$/.test(l)), err.join('\n'));
    client.destroy();
  } finally {
    stopServer('SIGTERM');
    assert.equal(await exit, 0);
    rmSync(root, { recursive: true, force: true });
  }
});

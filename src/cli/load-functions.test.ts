import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRequest } from '../integrations/local-invoker.js';
import type { TaskContext } from '../integrations/task-handler.js';
import { functionsNamedIn, loadFunctions, openFunctionsFolder } from './load-functions.js';

const task: TaskContext = { stateName: 'S', resource: 'r', executionArn: 'arn:x', retryCount: 0 };

async function functionsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-fns-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const call = (fn: string, input: unknown): TaskRequest => ({
  stateName: 'Call',
  resource: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`,
  input,
  retryCount: 0,
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
});

test('--in-process: every JS/TS function is a handler of this process, named by its basename', async () => {
  const dir = await functionsDir({
    'esm.mjs': 'export const handler = async (e) => ({ esm: e.n + 1 });',
    'plain.js': 'export default async (e) => ({ plain: e.n });',
    'common.cjs': 'exports.handler = async (e) => ({ cjs: e.n });',
    'typed.ts': 'import { double } from "./lib/math.js";\nexport const handler = async (e: { n: number }): Promise<{ ts: number }> => ({ ts: double(e.n) });',
    'lib/math.ts': 'export const double = (n: number): number => n * 2;',
    'folder/index.ts': 'export const handler = async () => "from folder";',
    'types.d.ts': 'export type X = number;',
    'typed.test.ts': 'throw new Error("tests are not functions");',
    'README.md': '# not code',
    '.hidden.js': 'throw new Error("dotfiles are skipped");',
  });
  const handlers = await loadFunctions(dir);
  assert.deepEqual(Object.keys(handlers).sort(), ['common', 'esm', 'folder', 'plain', 'typed']);
  assert.deepEqual(await handlers.esm({ n: 1 }, task), { esm: 2 });
  assert.deepEqual(await handlers.plain({ n: 1 }, task), { plain: 1 });
  assert.deepEqual(await handlers.common({ n: 3 }, task), { cjs: 3 });
  assert.deepEqual(await handlers.typed({ n: 4 }, task), { ts: 8 });
  assert.equal(await handlers.folder({}, task), 'from folder');
});

test('--in-process: a Lambda-style context (timeout and memory from the config), callback-style handlers', async () => {
  const dir = await functionsDir({
    'ctx.js': 'export const handler = async (e, c) => ({ name: c.functionName, arn: c.invokedFunctionArn, mb: c.memoryLimitInMB, left: c.getRemainingTimeInMillis() > 3000, retry: c.retryCount });',
    'cb.js': 'export const handler = (e, c, callback) => { setTimeout(() => callback(null, { called: true }), 1); };',
    'cberr.js': 'export const handler = (e, c, callback) => callback(new Error("nope"));',
    'stepwise.functions.json': JSON.stringify({ ctx: { timeout: 30, memorySize: 512 } }),
  });
  const handlers = await loadFunctions(dir);
  assert.deepEqual(await handlers.ctx({}, { ...task, retryCount: 2 }), {
    name: 'ctx', arn: 'arn:aws:lambda:us-east-1:123456789012:function:ctx', mb: '512', left: true, retry: 2,
  });
  assert.deepEqual(await handlers.cb({}, task), { called: true });
  await assert.rejects(Promise.resolve(handlers.cberr({}, task)), /nope/);
});

test('--in-process: problems are user errors naming the file; Python is refused', async () => {
  await assert.rejects(loadFunctions('/nonexistent-dir'), { name: 'UserError', message: 'Cannot read --functions /nonexistent-dir: no such directory' });
  const noHandler = await functionsDir({ 'x.js': 'export const other = 1;' });
  await assert.rejects(loadFunctions(noHandler), { name: 'UserError', message: /x\.js exports no handler/ });
  const broken = await functionsDir({ 'y.ts': 'export const handler = async ( => 1;' });
  await assert.rejects(loadFunctions(broken), { name: 'UserError', message: /^Cannot compile .*y\.ts: .*y\.ts:1:\d+: / });
  const twice = await functionsDir({ 'z.js': 'export const handler = () => 1;', 'z.ts': 'export const handler = () => 2;' });
  await assert.rejects(loadFunctions(twice), { name: 'UserError', message: /Two functions are named 'z'/ });
  const python = await functionsDir({ 'p.py': 'def lambda_handler(event, context):\n    return 1\n' });
  await assert.rejects(loadFunctions(python), { name: 'UserError', message: /p\.py is a python3\.11 function: --in-process runs JavaScript and TypeScript only/ });
});

test('a folder opened for run: Lambda functions in their own processes, the function output logged by name, closed after', async () => {
  const dir = await functionsDir({
    'greet.mjs': 'export const handler = async (e) => { console.log("greeting", e.who); return { hello: e.who, pid: process.pid }; };',
    'fail.ts': 'class Declined extends Error { override name = "Declined"; }\nexport const handler = async () => { throw new Declined("no"); };',
  });
  const lines: string[] = [];
  const folder = await openFunctionsFolder(dir, { log: (line) => lines.push(line) });
  try {
    assert.deepEqual(folder.names, ['fail', 'greet']);
    const invoke = folder.invoker();
    const ok = await invoke(call('greet', { who: 'Ada' }));
    assert.equal(ok.ok && (ok.output as { hello: string }).hello, 'Ada');
    assert.notEqual(ok.ok && (ok.output as { pid: number }).pid, process.pid, 'runs in a process of its own');
    assert.ok(lines.includes('[greet] INFO greeting Ada'), lines.join('\n'));
    assert.ok(!lines.some((l) => /^\[greet\] (START|END|REPORT) /.test(l)), 'platform lines are left out');
    const failed = await invoke(call('fail', {}));
    assert.equal(!failed.ok && failed.error, 'Declined');
    const other = await folder.invoker(async () => ({ ok: true, output: 'fallback' }))({ ...call('x', {}), resource: 'arn:aws:states:::sns:publish' });
    assert.deepEqual(other, { ok: true, output: 'fallback' });
  } finally {
    await folder.close();
  }
  await assert.rejects(openFunctionsFolder(join(dir, 'greet.mjs')), { name: 'UserError', message: /Cannot read --functions .*greet\.mjs: not a directory/ });
  const bad = await functionsDir({ 'stepwise.functions.json': '{"x": {"timeout": 0}}', 'x.js': 'export const handler = () => 1;' });
  await assert.rejects(openFunctionsFolder(bad), { name: 'UserError', message: "stepwise.functions.json: 'x'.timeout must be an integer from 1 to 900 (seconds), got 0" });
});

test('the functions a definition names, by ARN or plain FunctionName, each once', () => {
  const definition = {
    StartAt: 'A',
    States: {
      A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:validate-order', Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'ship_order', 'Payload.$': '$' }, Next: 'C' },
      C: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:validate-order:live' }, End: true },
    },
  };
  assert.deepEqual(functionsNamedIn(definition), ['validate-order', 'ship_order']);
  assert.deepEqual(functionsNamedIn(undefined), []);
});

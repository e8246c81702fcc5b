import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskContext } from '../integrations/task-handler.js';
import { loadFunctions } from './load-functions.js';

const task: TaskContext = { stateName: 'S', resource: 'r', executionArn: 'arn:x', retryCount: 0 };

async function functionsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-fns-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

test('every JS/TS file or folder with an index is a function named by its basename', async () => {
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

test('handlers get a Lambda-style context and may use the callback style', async () => {
  const dir = await functionsDir({
    'ctx.js': 'export const handler = async (e, c) => ({ name: c.functionName, arn: c.invokedFunctionArn, left: c.getRemainingTimeInMillis() > 0, retry: c.retryCount });',
    'cb.js': 'export const handler = (e, c, callback) => { setTimeout(() => callback(null, { called: true }), 1); };',
    'cberr.js': 'export const handler = (e, c, callback) => callback(new Error("nope"));',
  });
  const handlers = await loadFunctions(dir);
  assert.deepEqual(await handlers.ctx({}, { ...task, retryCount: 2 }), {
    name: 'ctx', arn: 'arn:aws:lambda:us-east-1:123456789012:function:ctx', left: true, retry: 2,
  });
  assert.deepEqual(await handlers.cb({}, task), { called: true });
  await assert.rejects(Promise.resolve(handlers.cberr({}, task)), /nope/);
});

test('TypeScript keeps the thrown error name for Retry/Catch', async () => {
  const dir = await functionsDir({
    'fail.ts': 'class PaymentDeclined extends Error { override name = "PaymentDeclined"; }\nexport const handler = async () => { throw new PaymentDeclined("card declined"); };',
  });
  const { fail } = await loadFunctions(dir);
  await assert.rejects(Promise.resolve(fail({}, task)), { name: 'PaymentDeclined', message: 'card declined' });
});

test('problems are user errors naming the file', async () => {
  await assert.rejects(loadFunctions('/nonexistent-dir'), { name: 'UserError', message: 'Cannot read --functions /nonexistent-dir: no such directory' });
  const noHandler = await functionsDir({ 'x.js': 'export const other = 1;' });
  await assert.rejects(loadFunctions(noHandler), { name: 'UserError', message: /x\.js exports no handler/ });
  const broken = await functionsDir({ 'y.ts': 'export const handler = async ( => 1;' });
  await assert.rejects(loadFunctions(broken), { name: 'UserError', message: /^Cannot compile .*y\.ts: .*y\.ts:1:\d+: / });
  const twice = await functionsDir({ 'z.js': 'export const handler = () => 1;', 'z.ts': 'export const handler = () => 2;' });
  await assert.rejects(loadFunctions(twice), { name: 'UserError', message: /Two functions are named 'z'/ });
});

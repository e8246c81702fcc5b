import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFunctionFolder, type FunctionSpec } from './function-folder.js';
import { parseFolderConfig } from './function-folder-config.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-scan-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const brief = (specs: FunctionSpec[]) => specs.map(({ name, runtime, handler, kind }) => ({ name, runtime, handler, kind }));

test('one function per file or sub-folder; runtime and handler inferred, Lambda defaults for the rest', () => {
  const dir = folder({
    'esm.mjs': 'export const handler = async () => 1;',
    'plain.js': 'export const handler = async () => 1;',
    'common.cjs': 'exports.handler = async () => 1;',
    'typed.ts': 'export const handler = async () => 1;',
    'aws_style.py': 'import json\n\ndef lambda_handler(event, context):\n    return 1\n',
    'short.py': 'async def other():\n    pass\n\ndef handler(event, context):\n    return 1\n',
    'shared.py': 'PRICES = {}\n',
    'ship/index.ts': 'export const handler = async () => 1;',
    'ship/util.ts': 'export const x = 1;',
    'report/lambda_function.py': 'def lambda_handler(event, context):\n    return 1\n',
    'legacy/handler.py': 'def handler(event, context):\n    return 1\n',
    'native/bootstrap': '#!/bin/sh\n',
    'lib/catalog.ts': 'export const items = [];',
    'types.d.ts': 'export type X = number;',
    'typed.test.ts': 'throw new Error("not a function");',
    'README.md': '# not code',
    '.hidden.js': 'throw new Error("dotfiles are skipped");',
    'node_modules/dep/index.js': 'module.exports = {};',
    '__pycache__/x.py': 'def lambda_handler(e, c): pass',
  });
  const specs = scanFunctionFolder(dir);
  assert.deepEqual(brief(specs), [
    { name: 'aws_style', runtime: 'python3.11', handler: 'aws_style.lambda_handler', kind: 'file' },
    { name: 'common', runtime: 'nodejs20.x', handler: 'common.handler', kind: 'file' },
    { name: 'esm', runtime: 'nodejs20.x', handler: 'esm.handler', kind: 'file' },
    { name: 'legacy', runtime: 'python3.11', handler: 'handler.handler', kind: 'folder' },
    { name: 'native', runtime: 'provided.al2023', handler: 'bootstrap', kind: 'folder' },
    { name: 'plain', runtime: 'nodejs20.x', handler: 'plain.handler', kind: 'file' },
    { name: 'report', runtime: 'python3.11', handler: 'lambda_function.lambda_handler', kind: 'folder' },
    { name: 'ship', runtime: 'nodejs20.x', handler: 'index.handler', kind: 'folder' },
    { name: 'short', runtime: 'python3.11', handler: 'short.handler', kind: 'file' },
    { name: 'typed', runtime: 'nodejs20.x', handler: 'typed.handler', kind: 'file' },
  ]);
  const ship = specs.find((s) => s.name === 'ship')!;
  assert.deepEqual(
    { root: ship.root, entry: ship.entry, memorySize: ship.memorySize, timeout: ship.timeout, environment: ship.environment, description: ship.description },
    { root: join(dir, 'ship'), entry: join(dir, 'ship', 'index.ts'), memorySize: 128, timeout: 3, environment: {}, description: '' },
  );
  const typed = specs.find((s) => s.name === 'typed')!;
  assert.deepEqual([typed.root, typed.entry], [dir, join(dir, 'typed.ts')]);
});

test('stepwise.functions.json overrides settings, and names functions after files whose names a function cannot have', () => {
  const dir = folder({
    'quote.ts': 'export const handler = async () => 1;',
    'validate_order.py': 'def lambda_handler(event, context):\n    return 1\n',
    'catalog.py': 'ITEMS = []\n',
    'api/app.py': 'def main(event, context):\n    return 1\n',
    'stepwise.functions.json': JSON.stringify({
      quote: { runtime: 'nodejs22.x', memorySize: 512, timeout: 30, environment: { STAGE: 'dev' }, description: 'Prices' },
      'validate-order': { handler: 'validate_order.lambda_handler', runtime: 'python3.12' },
      api: { handler: 'app.main' },
    }),
  });
  const specs = scanFunctionFolder(dir);
  assert.deepEqual(brief(specs), [
    { name: 'api', runtime: 'python3.11', handler: 'app.main', kind: 'folder' },
    { name: 'quote', runtime: 'nodejs22.x', handler: 'quote.handler', kind: 'file' },
    { name: 'validate-order', runtime: 'python3.12', handler: 'validate_order.lambda_handler', kind: 'file' },
  ]);
  const quote = specs[1];
  assert.deepEqual([quote.memorySize, quote.timeout, quote.environment, quote.description], [512, 30, { STAGE: 'dev' }, 'Prices']);
  assert.equal(specs[2].entry, join(dir, 'validate_order.py'));
  assert.equal(specs[0].entry, join(dir, 'api', 'app.py'));
});

test('a one-file Python function may name any module of the folder; a Node one its own export', () => {
  const dir = folder({
    'entry.py': 'def lambda_handler(e, c): pass\n',
    'impl.py': 'def run(e, c): pass\n',
    'api.ts': 'export const main = async () => 1;',
    'stepwise.functions.json': JSON.stringify({ entry: { handler: 'impl.run' }, api: { handler: 'api.main' } }),
  });
  assert.deepEqual(brief(scanFunctionFolder(dir)), [
    { name: 'api', runtime: 'nodejs20.x', handler: 'api.main', kind: 'file' },
    { name: 'entry', runtime: 'python3.11', handler: 'impl.run', kind: 'file' },
  ]);
});

test('the config may be YAML; a custom runtime folder may be chosen over an index', () => {
  const dir = folder({
    'both/index.js': 'exports.handler = async () => 1;',
    'both/bootstrap': '#!/bin/sh\n',
    'stepwise.functions.yaml': 'both:\n  runtime: provided.al2\n  handler: my.handler\n',
  });
  chmodSync(join(dir, 'both', 'bootstrap'), 0o755);
  const [spec] = scanFunctionFolder(dir);
  assert.deepEqual([spec.runtime, spec.handler, spec.entry], ['provided.al2', 'my.handler', join(dir, 'both', 'bootstrap')]);
});

test('config mistakes are one line naming the file, the function and the setting', () => {
  const cases: [unknown, string][] = [
    [[], 'stepwise.functions.json: expected an object of function names to settings, e.g. {"my-function": {"timeout": 10}}'],
    [{ 'bad name!': {} }, "stepwise.functions.json: 'bad name!' is not a function name (1-64 letters, digits, - or _)"],
    [{ f: 3 }, "stepwise.functions.json: 'f' must be an object of settings (runtime, handler, memorySize, timeout, description, environment)"],
    [{ f: { memory: 256 } }, "stepwise.functions.json: 'f' has an unknown setting 'memory' (known: runtime, handler, memorySize, timeout, description, environment)"],
    [{ f: { timeout: 901 } }, "stepwise.functions.json: 'f'.timeout must be an integer from 1 to 900 (seconds), got 901"],
    [{ f: { memorySize: 64 } }, "stepwise.functions.json: 'f'.memorySize must be an integer from 128 to 10240 (MB), got 64"],
    [{ f: { runtime: 'java21' } }, /^stepwise\.functions\.json: 'f'\.runtime must be one of nodejs20\.x, .*, got "java21"$/],
    [{ f: { handler: 'a b' } }, /^stepwise\.functions\.json: 'f'\.handler must be a handler such as/],
    [{ f: { environment: { PORT: 8080 } } }, "stepwise.functions.json: 'f'.environment has a value for PORT that is not a string (quote numbers and booleans), got {\"PORT\":8080}"],
    [{ f: { environment: { '1X': 'a' } } }, /'f'\.environment has a variable named '1X'/],
    [{ f: { description: 7 } }, /'f'\.description must be a string of at most 256 characters, got 7/],
  ] as [unknown, string][];
  for (const [config, message] of cases) {
    assert.throws(() => parseFolderConfig(JSON.stringify(config), 'stepwise.functions.json'), { name: 'FunctionFolderError', message }, JSON.stringify(config));
  }
  assert.throws(() => parseFolderConfig('{"f": ', 'stepwise.functions.json'), { message: /^stepwise\.functions\.json: not valid JSON: / });
  assert.throws(() => parseFolderConfig('f: [', 'stepwise.functions.yaml'), { message: /^stepwise\.functions\.yaml: not valid YAML: / });
  assert.deepEqual(parseFolderConfig('', 'stepwise.functions.yaml'), {});
});

test('folder mistakes: what is missing, what clashes, what cannot run', () => {
  const fail = (files: Record<string, string>, message: RegExp) => assert.throws(() => scanFunctionFolder(folder(files)), { name: 'FunctionFolderError', message });
  fail({ 'z.js': '', 'z.ts': '' }, /^Two functions are named 'z': .*z\.js and .*z\.ts$/);
  fail({ 'z.js': '', 'z/index.js': '' }, /^Two functions are named 'z'/);
  fail({ 'my.fn.js': '' }, /^'my\.fn' \(.*my\.fn\.js\) cannot be a function name \(1-64 letters, digits, - or _\): rename it, or name it in stepwise\.functions\.json$/);
  fail({ 'stepwise.functions.json': '{"ghost": {"timeout": 5}}' }, /^stepwise\.functions\.json: 'ghost' names no file or folder in .*; add a "handler" naming a file here/);
  fail({ 'stepwise.functions.json': '{"ghost": {"handler": "nothere.handler"}}' }, /^stepwise\.functions\.json: 'ghost'\.handler "nothere\.handler" names no file in .* \(looked for \*\.js, /);
  fail({ 'a.js': '', 'stepwise.functions.json': '{"a": {"runtime": "python3.12"}}' }, /^stepwise\.functions\.json: 'a'\.runtime python3\.12 cannot run a\.js \(a Node\.js file\)$/);
  fail({ 'a.ts': '', 'b.ts': '', 'stepwise.functions.json': '{"a": {"handler": "b.main"}}' }, /^stepwise\.functions\.json: 'a'\.handler "b\.main" names no file of the function; a Node function's handler names its own file, e\.g\. "a\.main"$/);
  fail({ 'p.py': 'def lambda_handler(e, c): pass', 'stepwise.functions.json': '{"p": {"handler": "nothere.main"}}' }, /^stepwise\.functions\.json: 'p'\.handler "nothere\.main" names no file of the function$/);
  fail({ 'lib/x.txt': '', 'stepwise.functions.json': '{"lib": {"timeout": 5}}' }, /^stepwise\.functions\.json: 'lib' is a folder with no entry file its settings can use/);
  fail({ 'stepwise.functions.json': '{}', 'stepwise.functions.yaml': '' }, /has both stepwise\.functions\.json and stepwise\.functions\.yaml: keep one$/);
  assert.throws(() => scanFunctionFolder('/nonexistent-functions'), { message: 'Cannot read /nonexistent-functions: no such directory' });
  const dir = folder({ 'a.js': '' });
  assert.throws(() => scanFunctionFolder(join(dir, 'a.js')), { message: /Cannot read .*a\.js: not a directory/ });
});

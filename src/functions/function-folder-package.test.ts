import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { scanFunctionFolder } from './function-folder.js';
import { bundleNode, handlerExport, packageFunction } from './function-folder-package.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-pkg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const specNamed = (dir: string, name: string) => scanFunctionFolder(dir).find((s) => s.name === name)!;

test('a Node function is one bundled ES module, shared code from outside the folder included, the same bytes every time', async () => {
  const root = tree({
    'lib/price.ts': 'export const price = (n: number): number => n * 3;',
    'functions/quote.ts': 'import { price } from "../lib/price.js";\nexport const handler = async (e: { n: number }) => ({ total: price(e.n) });',
    'functions/ship/index.js': 'module.exports.handler = async () => "shipped";',
  });
  const dir = join(root, 'functions');
  const first = await packageFunction(specNamed(dir, 'quote'));
  const again = await packageFunction(specNamed(dir, 'quote'));
  assert.deepEqual(first.zip, again.zip);
  const files = unzipSync(first.zip);
  assert.deepEqual(Object.keys(files), ['quote.mjs']);
  assert.match(strFromU8(files['quote.mjs']), /n \* 3/);
  assert.deepEqual(first.inputs.sort(), [join(dir, 'quote.ts'), join(root, 'lib', 'price.ts')].sort());
  assert.deepEqual(Object.keys(unzipSync((await packageFunction(specNamed(dir, 'ship'))).zip)), ['index.mjs']);
});

test('the handler export: named, default (a function or an object holding it), CommonJS; none is an error', async () => {
  const dir = tree({
    'named.mjs': 'export const main = async () => "main";',
    'dflt.mjs': 'export default async () => "default";',
    'obj.mjs': 'export default { handler: async () => "object" };',
    'cjs.cjs': 'exports.handler = async () => "cjs";',
    'none.mjs': 'export const other = 1;',
  });
  for (const [file, exportName, expected] of [['named.mjs', 'main', 'main'], ['dflt.mjs', 'handler', 'default'], ['obj.mjs', 'handler', 'object'], ['cjs.cjs', 'handler', 'cjs']]) {
    const { code } = await bundleNode(join(dir, file), exportName);
    const out = join(dir, `out-${file}.mjs`);
    writeFileSync(out, code);
    const mod = (await import(out)) as Record<string, () => Promise<string>>;
    assert.equal(await mod[exportName](), expected, file);
  }
  await assert.rejects(bundleNode(join(dir, 'none.mjs')), { name: 'FunctionFolderError', message: /none\.mjs exports no handler \(expected `export const handler = async \(event\) => …` or a default export\)/ });
  assert.equal(handlerExport('index.handler'), 'handler');
  assert.equal(handlerExport('src/app.main'), 'main');
});

test('a one-file Python function ships with the folder’s modules and packages; a folder ships whole', async () => {
  const dir = tree({
    'validate.py': 'from catalog import PRICES\n\ndef lambda_handler(event, context):\n    return PRICES\n',
    'catalog.py': 'PRICES = {}\n',
    'helpers/__init__.py': '',
    'helpers/money.py': 'X = 1\n',
    'notes/readme.txt': 'not a package',
    'quote.ts': 'export const handler = async () => 1;',
    'report/lambda_function.py': 'import util\n\ndef lambda_handler(event, context):\n    return 1\n',
    'report/util.py': '',
    'report/data/rates.json': '{}',
    'report/__pycache__/util.cpython-311.pyc': '',
  });
  assert.deepEqual(Object.keys(unzipSync((await packageFunction(specNamed(dir, 'validate'))).zip)), ['catalog.py', 'helpers/__init__.py', 'helpers/money.py', 'validate.py']);
  assert.deepEqual(Object.keys(unzipSync((await packageFunction(specNamed(dir, 'report'))).zip)), ['data/rates.json', 'lambda_function.py', 'util.py']);
});

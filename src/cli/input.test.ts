import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInput } from './input.js';

test('no --input is {} as with StartExecution', async () => {
  assert.deepEqual(await parseInput(undefined), {});
});

test('inline JSON of any type', async () => {
  assert.deepEqual(await parseInput('{"a": [1, 2]}'), { a: [1, 2] });
  assert.equal(await parseInput('42'), 42);
  assert.equal(await parseInput('"text"'), 'text');
  assert.equal(await parseInput('null'), null);
});

test('@file and a bare existing path read JSON or YAML files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-input-'));
  await writeFile(join(dir, 'in.json'), '{"orderId": "A-1"}');
  await writeFile(join(dir, 'in.yaml'), 'orderId: A-2\n');
  assert.deepEqual(await parseInput(`@${join(dir, 'in.json')}`), { orderId: 'A-1' });
  assert.deepEqual(await parseInput(join(dir, 'in.json')), { orderId: 'A-1' });
  assert.deepEqual(await parseInput(`@${join(dir, 'in.yaml')}`), { orderId: 'A-2' });
});

test('bad input is a user error, not a crash', async () => {
  await assert.rejects(parseInput('{bad'), { name: 'UserError', message: /^--input is neither valid JSON nor an existing file/ });
  await assert.rejects(parseInput('@/nonexistent.json'), { name: 'UserError', message: 'Cannot read /nonexistent.json: no such file' });
});

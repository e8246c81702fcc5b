import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, loadDocument, parseDocument } from './load-file.js';
import { readDefinition, machineNameFor } from './definition-file.js';
import { UserError } from './exit.js';

test('format by extension, else by sniffing the text', () => {
  assert.equal(detectFormat('a.json', 'StartAt: A'), 'json');
  assert.equal(detectFormat('a.YML', '{}'), 'yaml');
  assert.equal(detectFormat('a.yaml', '{}'), 'yaml');
  assert.equal(detectFormat('a.asl', '  {"StartAt": "A"}'), 'json');
  assert.equal(detectFormat('-', 'StartAt: A\nStates: {}'), 'yaml');
});

test('YAML parses to the same object as JSON', () => {
  const yaml = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n';
  assert.deepEqual(parseDocument(yaml, 'yaml', 'x.yaml'), { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
});

test('parse errors are user errors naming the file (and the line for YAML)', () => {
  assert.throws(() => parseDocument('{"a": }', 'json', 'in.json'), (e: unknown) => e instanceof UserError && /^in\.json is not valid JSON: /.test(e.message));
  assert.throws(
    () => parseDocument('a: 1\na: 2\n', 'yaml', 'd.yaml'),
    (e: unknown) => e instanceof UserError && /^d\.yaml:2:1 is not valid YAML: Map keys must be unique/.test(e.message),
  );
});

test('a missing file is one clear line', async () => {
  await assert.rejects(loadDocument('/nonexistent/x.json'), { name: 'UserError', message: 'Cannot read /nonexistent/x.json: no such file' });
  await assert.rejects(loadDocument(tmpdir()), { name: 'UserError', message: `Cannot read ${tmpdir()}: it is a directory` });
});

test('machine names come from the file name', () => {
  assert.equal(machineNameFor('/x/order.asl.json'), 'order');
  assert.equal(machineNameFor('flows/Order Flow.yaml'), 'Order-Flow');
  assert.equal(machineNameFor('sm.asl.yml'), 'sm');
});

test('JSON definitions keep their text for validation; YAML ones are parsed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-def-'));
  await writeFile(join(dir, 'a.json'), '{"StartAt": "A", "StartAt": "B"}');
  await writeFile(join(dir, 'b.yaml'), 'StartAt: A\n');
  await writeFile(join(dir, 'c.json'), '{oops');
  await writeFile(join(dir, 'd.yaml'), 'just text\n');
  const json = await readDefinition(join(dir, 'a.json'));
  assert.equal(json.source, '{"StartAt": "A", "StartAt": "B"}');
  assert.equal(json.machineName, 'a');
  assert.deepEqual((await readDefinition(join(dir, 'b.yaml'))).source, { StartAt: 'A' });
  assert.equal((await readDefinition(join(dir, 'c.json'))).value, undefined);
  await assert.rejects(readDefinition(join(dir, 'd.yaml')), /does not hold a state machine definition/);
});

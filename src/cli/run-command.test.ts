import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIO, fakeEngine } from './fake-engine.js';
import { runCommand } from './run-command.js';

const definition = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}';

async function files(entries: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-run-'));
  for (const [name, text] of Object.entries(entries)) await writeFile(join(dir, name), text);
  return dir;
}

const event = (id: number, type: string, details: Record<string, unknown>) => ({
  id, previousEventId: id - 1, timestamp: new Date(1_700_000_000_000 + id).toISOString(), type, [type.endsWith('Entered') ? 'stateEnteredEventDetails' : 'stateExitedEventDetails']: details,
});

test('shows each state as it happens, then the status and pretty output; exit 0', async () => {
  const dir = await files({ 'flow.asl.json': definition });
  const engine = fakeEngine({ events: [event(1, 'PassStateEntered', { name: 'A' }), event(2, 'PassStateExited', { name: 'A' })] });
  const io = captureIO();
  const code = await runCommand(join(dir, 'flow.asl.json'), { input: '{"n": 1}', skipWaits: true }, engine, io);
  assert.equal(code, 0);
  assert.deepEqual(io.out.slice(0, 3), ['✓ A  Pass  1ms', '', io.out[2]]);
  assert.match(io.out[2], /^Status: SUCCEEDED in \d+ms$/);
  assert.deepEqual(io.out.slice(3), ['Output:', '{\n  "ok": true\n}']);
  assert.equal(engine.loaded[0], definition, 'JSON text goes to the engine so duplicate keys are caught');
  assert.deepEqual(engine.runs[0].input, { n: 1 });
  assert.equal(engine.runs[0].skipWaits, true);
  assert.equal(engine.runs[0].stateMachineName, 'flow');
});

test('a failed execution prints error and cause; exit 1', async () => {
  const dir = await files({ 'f.json': definition });
  const engine = fakeEngine({ result: { status: 'FAILED', error: 'Boom', cause: 'it broke', history: [] } });
  const io = captureIO();
  assert.equal(await runCommand(join(dir, 'f.json'), {}, engine, io), 1);
  assert.deepEqual(io.out.slice(2), ['Error:  Boom', 'Cause:  it broke']);
  for (const status of ['TIMED_OUT', 'ABORTED'] as const) {
    assert.equal(await runCommand(join(dir, 'f.json'), {}, fakeEngine({ result: { status, history: [] } }), captureIO()), 1);
  }
});

test('--json prints one object {status, output, error, cause, history} and nothing else', async () => {
  const dir = await files({ 'f.json': definition });
  const history = [event(1, 'PassStateEntered', { name: 'A' })];
  const io = captureIO();
  const engine = fakeEngine({ result: { status: 'FAILED', error: 'E', cause: 'C', history }, events: history });
  assert.equal(await runCommand(join(dir, 'f.json'), { json: true }, engine, io), 1);
  assert.equal(io.out.length, 1);
  assert.deepEqual(JSON.parse(io.out[0]), { status: 'FAILED', output: null, error: 'E', cause: 'C', history });
});

test('an invalid definition prints the diagnostics with locations; exit 2, nothing run', async () => {
  const dir = await files({ 'bad.json': '{}' });
  const engine = fakeEngine({ diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', location: '/', message: 'These fields are required: [States, StartAt]' }] });
  const io = captureIO();
  assert.equal(await runCommand(join(dir, 'bad.json'), {}, engine, io), 2);
  assert.equal(engine.runs.length, 0);
  assert.match(io.err[0], /bad\.json is not a valid state machine definition:$/);
  assert.match(io.err[1], /^ERROR SCHEMA_VALIDATION_FAILED at \/: These fields are required: \[States, StartAt\]\n {4}A field/);
});

test('--functions and --mock are loaded and handed to the engine', async () => {
  const dir = await files({
    'order.asl.json': definition,
    'mock.json': JSON.stringify({ StateMachines: { order: { TestCases: { Happy: { A: 'R' } } } }, MockedResponses: { R: { '0': { Return: 1 } } } }),
    'fn.js': 'export const handler = async () => 1;',
  });
  const engine = fakeEngine();
  await runCommand(join(dir, 'order.asl.json'), { functions: dir, mock: `${join(dir, 'mock.json')}#Happy` }, engine, captureIO());
  assert.equal(typeof engine.runs[0].invoker, 'function', 'the functions run as Lambda functions, behind the mocks');
  assert.deepEqual(engine.runs[0].mock?.responseFor('A', 0), { Return: 1 });
  await runCommand(join(dir, 'order.asl.json'), { functions: dir, inProcess: true }, engine, captureIO());
  assert.deepEqual(Object.keys(engine.runs[1].handlers), ['fn']);
  assert.equal(engine.runs[1].invoker, undefined);
});

test('mock mistakes are user errors', async () => {
  const dir = await files({ 'order.json': definition, 'mock.json': '{"StateMachines": {}}' });
  await assert.rejects(runCommand(join(dir, 'order.json'), { mock: join(dir, 'mock.json') }, fakeEngine(), captureIO()), {
    name: 'UserError', message: /--mock expects FILE#TestCase/,
  });
  await assert.rejects(runCommand(join(dir, 'order.json'), { mock: `${join(dir, 'mock.json')}#Nope` }, fakeEngine(), captureIO()), {
    name: 'UserError', message: /mock\.json: Unknown mock test case 'Nope' \(the config defines none\)/,
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from './engine-api.js';
import { captureIO, fakeEngine } from './fake-engine.js';
import { main } from './main.js';

const definition = JSON.stringify({
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.stock', NumericGreaterThan: 0, Next: 'Ok' }], Default: 'No' },
    Ok: { Type: 'Succeed' },
    No: { Type: 'Fail' },
  },
});

async function defFile(name = 'sm.asl.json', text = definition): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-main-'));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function cli(argv: string[], engine: Engine = fakeEngine()) {
  const io = captureIO();
  const code = await main(argv, io, async () => engine);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

test('help exits 0; no command, unknown commands and missing arguments exit 2', async () => {
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: stepwise/);
  assert.equal((await cli([])).code, 2);
  const unknown = await cli(['fly']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command 'fly'/);
  const missing = await cli(['run']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing required argument 'definition'/);
  const badOption = await cli(['run', 'x.json', '--nope']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.err, /unknown option '--nope'/);
});

test('user errors are one line on stderr with exit 2', async () => {
  const r = await cli(['run', '/nonexistent/flow.json']);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'stepwise: Cannot read /nonexistent/flow.json: no such file');
});

test('an unexpected failure says so without a stack trace, exit 1', async () => {
  const engine = { ...fakeEngine(), runExecution: async () => { throw new TypeError('engine bug'); } };
  const r = await cli(['run', await defFile()], engine);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'stepwise: unexpected error: engine bug\n(set STEPWISE_DEBUG=1 to see the stack trace)');
});

test('run passes its options through', async () => {
  const engine = fakeEngine();
  const r = await cli(['run', await defFile(), '--input', '{"stock": 1}', '--skip-waits'], engine);
  assert.equal(r.code, 0);
  assert.deepEqual(engine.runs[0].input, { stock: 1 });
  assert.equal(engine.runs[0].skipWaits, true);
});

test('validate: each diagnostic explained; exit 2 with errors, 0 with warnings only', async () => {
  const errors = fakeEngine({
    diagnostics: [
      { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', location: '/States/A/Next', message: "Missing 'Next' target: B" },
      { severity: 'WARNING', code: 'NO_DOLLAR', location: '/States/A/Parameters', message: 'looks like a path' },
    ],
  });
  const bad = await cli(['validate', await defFile('bad.json')], errors);
  assert.equal(bad.code, 2);
  const lines = bad.out.split('\n');
  assert.equal(lines[0], "ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: B");
  assert.match(lines[1], /^ {4}A transition names a state that does not exist/);
  assert.equal(lines[2], 'WARNING NO_DOLLAR at /States/A/Parameters: looks like a path');
  assert.match(lines.at(-1) ?? '', /bad\.json: 1 error, 1 warning$/);

  const warned = await cli(['validate', await defFile('w.json')], fakeEngine({ diagnostics: [{ severity: 'WARNING', code: 'NO_PATH', message: 'm' }] }));
  assert.equal(warned.code, 0);
  assert.match(warned.out, /w\.json is valid \(1 warning\)$/);
  const ok = await cli(['validate', await defFile('ok.json')]);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /^\S*ok\.json is valid$/);
});

test('graph: Mermaid by default, DOT on request, bad formats rejected', async () => {
  const path = await defFile();
  const mermaid = await cli(['graph', path]);
  assert.equal(mermaid.code, 0);
  assert.match(mermaid.out, /^flowchart TD/);
  assert.match(mermaid.out, /Check -->\|"\$\.stock > 0"\| Ok/);
  const dot = await cli(['graph', path, '--format', 'dot']);
  assert.match(dot.out, /^digraph StateMachine \{/);
  const bad = await cli(['graph', path, '--format', 'svg']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /argument 'svg' is invalid\. Allowed choices are mermaid, dot/);
  const yaml = await cli(['graph', await defFile('sm.yaml', 'StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n')]);
  assert.match(yaml.out, /__start --> A/);
});

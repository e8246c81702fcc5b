/** End to end: the real `stepwise` binary (bin/stepwise.js over the built dist/), as a user runs it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stepwise } from './cli-helpers.js';

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-e2e-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const pass = JSON.stringify({
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

test('--help lists the commands', async () => {
  const r = await stepwise(['--help']);
  assert.equal(r.code, 0);
  for (const command of ['run', 'validate', 'graph']) assert.match(r.stdout, new RegExp(`\\b${command}\\b`));
});

test('run: the path taken, then status and output; exit 0', async () => {
  const dir = await workspace({ 'hello.asl.json': pass });
  const r = await stepwise(['run', 'hello.asl.json', '--input', '{"name": "Ada"}'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^✓ Greet {2}Pass {2}\d+ms\n✓ Done {2}Succeed {2}\d+ms\n\nStatus: SUCCEEDED in \d+ms\nOutput:\n\{\n {2}"greeting": "Hello, Ada!"\n\}\n$/);
  assert.equal(r.stderr, '');
});

test('run --json: one object with status, output, error, cause and the AWS history', async () => {
  const dir = await workspace({ 'hello.asl.json': pass });
  const r = await stepwise(['run', 'hello.asl.json', '--input', '{"name": "Bo"}', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(result), ['status', 'output', 'error', 'cause', 'history']);
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, { greeting: 'Hello, Bo!' });
  assert.deepEqual(
    result.history.map((e: { type: string }) => e.type),
    ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded'],
  );
});

test('run: a YAML definition and a Fail state; exit 1 with error and cause', async () => {
  const dir = await workspace({
    'fail.yaml': 'StartAt: Nope\nStates:\n  Nope:\n    Type: Fail\n    Error: Custom.Error\n    Cause: it went wrong\n',
  });
  const r = await stepwise(['run', 'fail.yaml'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✗ Nope {2}Fail .*\(Custom\.Error: it went wrong\)/);
  assert.match(r.stdout, /Status: FAILED in \d+ms\nError: {2}Custom\.Error\nCause: {2}it went wrong\n$/);
});

test('run: TypeScript handlers found by function name, with Lambda shapes and Retry', async () => {
  const dir = await workspace({
    'flow.asl.json': JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:flaky', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 5, MaxAttempts: 3 }],
          OutputPath: '$.Payload',
          End: true,
        },
      },
    }),
  });
  await writeFile(
    join(dir, 'flaky.ts'),
    'let calls = 0;\nclass Flaky extends Error { override name = "Flaky"; }\nexport const handler = async (e: { n: number }) => { calls += 1; if (calls < 3) throw new Flaky("try again"); return { n: e.n * 2, calls }; };\n',
  );
  const r = await stepwise(['run', 'flow.asl.json', '--input', '{"n": 21}', '--functions', '.', '--skip-waits'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /✓ Call {2}Task {2}.*\(2 retries after Flaky\)/);
  assert.match(r.stdout, /"n": 42,\n {2}"calls": 3/);
});

test('run: an invalid definition prints the diagnostics with locations; exit 2', async () => {
  const dir = await workspace({ 'bad.json': JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }) });
  const r = await stepwise(['run', 'bad.json'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /ERROR MISSING_TRANSITION_TARGET at \/States\/A\/Next: Missing 'Next' target: B/);
});

test('user errors: one line on stderr, exit 2, no stack trace', async () => {
  const dir = await workspace({ 'hello.json': pass, 'mock.json': '{"StateMachines": {}, "MockedResponses": {}}' });
  const cases: [string[], RegExp][] = [
    [['run', 'missing.json'], /^stepwise: Cannot read missing\.json: no such file\n$/],
    [['run', 'hello.json', '--input', '{oops'], /^stepwise: --input is neither valid JSON nor an existing file \(.*\)\n$/],
    [['run', 'hello.json', '--mock', 'mock.json#Happy'], /^stepwise: mock\.json: Unknown mock test case 'Happy' \(the config defines none\)\n$/],
    [['run', 'hello.json', '--functions', 'nowhere'], /^stepwise: Cannot read --functions nowhere: no such directory\n$/],
  ];
  for (const [args, stderr] of cases) {
    const r = await stepwise(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, stderr);
  }
});

test('validate: 0 when valid, 2 with explained diagnostics when not', async () => {
  const dir = await workspace({ 'ok.json': pass, 'dup.json': '{"StartAt": "A", "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}' });
  const ok = await stepwise(['validate', 'ok.json'], dir);
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout, 'ok.json is valid\n');
  const dup = await stepwise(['validate', 'dup.json'], dir);
  assert.equal(dup.code, 2);
  assert.match(dup.stdout, /^ERROR \w+ at \/StartAt: Duplicate field 'StartAt'\n {4}The same key appears twice/);
});

test('graph: Mermaid and DOT', async () => {
  const dir = await workspace({ 'hello.json': pass });
  const mermaid = await stepwise(['graph', 'hello.json'], dir);
  assert.equal(mermaid.code, 0);
  assert.match(mermaid.stdout, /^flowchart TD\n/);
  assert.match(mermaid.stdout, /Greet --> Done/);
  const dot = await stepwise(['graph', 'hello.json', '--format', 'dot'], dir);
  assert.match(dot.stdout, /^digraph StateMachine \{\n[\s\S]*Greet -> Done;\n[\s\S]*\}\n$/);
});

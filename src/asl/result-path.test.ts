import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyInputPath, applyOutputPath, applyResultPath, selectPathOrFail } from './result-path.js';
import { compilePath } from './jsonpath.js';
import { StatesError } from './errors.js';
import type { Scope } from './scope.js';

const scope = (input: unknown): Scope => ({ input, context: { Execution: { Id: 'e' } }, variables: {}, env: { uuid: () => 'u', random: () => 0 } });

const isStatesError = (error: string, cause: string) => (e: unknown) => e instanceof StatesError && e.error === error && e.cause === cause;

test('ResultPath absent or $ replaces the input, null keeps it', () => {
  const input = { a: 1 };
  assert.equal(applyResultPath(input, undefined, 'r'), 'r');
  assert.equal(applyResultPath(input, compilePath('$'), 'r'), 'r');
  assert.equal(applyResultPath(input, null, 'r'), input);
});

test('ResultPath places the result in a copy, creating missing objects', () => {
  const input = { a: { keep: true }, other: [1] };
  const out = applyResultPath(input, compilePath('$.a.b.c'), { r: 1 });
  assert.deepEqual(out, { a: { keep: true, b: { c: { r: 1 } } }, other: [1] });
  assert.deepEqual(input, { a: { keep: true }, other: [1] }, 'the input is not modified');
  assert.equal((out as typeof input).other, input.other, 'untouched branches are shared');
  assert.deepEqual(applyResultPath({ a: 1 }, compilePath('$.a'), null), { a: null });
  assert.deepEqual(applyResultPath({ 'x y': 1 }, compilePath("$['x y']"), 2), { 'x y': 2 });
});

test('ResultPath into an existing array element', () => {
  assert.deepEqual(applyResultPath({ l: [{ a: 1 }, { a: 2 }] }, compilePath('$.l[1].b'), 3), { l: [{ a: 1 }, { a: 2, b: 3 }] });
  assert.deepEqual(applyResultPath([0, 1], compilePath('$[-1]'), 'x'), [0, 'x']);
});

test('ResultPath fails when the input cannot hold the result', () => {
  const cases: [unknown, string][] = [
    ['{"min_size":1}', '$.partitioned'],
    [null, '$.a'],
    [[1, 2], '$.a'],
    [{ a: 5 }, '$.a.b'],
    [{ a: [] }, '$.a[0]'],
    [{ a: {} }, '$.a[0]'],
  ];
  for (const [input, path] of cases) {
    assert.throws(
      () => applyResultPath(input, compilePath(path), 1),
      isStatesError('States.ResultPathMatchFailure', `Unable to apply ReferencePath ${path} to input ${JSON.stringify(input)}`),
    );
  }
});

test('InputPath and OutputPath: absent passes through, null gives {}, a path selects', () => {
  const s = scope({ a: { b: 1 } });
  assert.deepEqual(applyInputPath(undefined, s), { a: { b: 1 } });
  assert.deepEqual(applyInputPath(null, s), {});
  assert.deepEqual(applyInputPath(compilePath('$.a'), s), { b: 1 });
  assert.deepEqual(applyInputPath(compilePath('$$.Execution.Id'), s), 'e');
  assert.deepEqual(applyOutputPath(undefined, 'out', s), 'out');
  assert.deepEqual(applyOutputPath(null, 'out', s), {});
  assert.deepEqual(applyOutputPath(compilePath('$.x[*]'), { x: [1, 2] }, s), [1, 2]);
});

test('InputPath/OutputPath that match nothing raise Jayway-worded States.Runtime', () => {
  assert.throws(
    () => applyInputPath(compilePath('$.NoSuchInputPath'), scope({})),
    isStatesError('States.Runtime', "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
  );
  assert.throws(
    () => applyOutputPath(compilePath('$.NoSuchOutputPath'), { a: 1 }, scope({})),
    isStatesError('States.Runtime', "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"),
  );
});

test('selectPathOrFail names the field and the input', () => {
  assert.equal(selectPathOrFail(compilePath('$.c'), scope({ c: 'why' }), 'CausePath'), 'why');
  assert.throws(
    () => selectPathOrFail(compilePath('$.NoSuchCausePath'), scope({ a: 1 }), 'CausePath'),
    isStatesError('States.Runtime', `The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"a":1}'`),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIntrinsic, IntrinsicSyntaxError, isIntrinsicCall } from './intrinsics.js';
import { StatesError } from './errors.js';
import type { Scope } from './scope.js';

const scope = (input: unknown = {}, random = 0.5): Scope => ({
  input,
  context: { StateMachine: { Name: 'orders-prod' }, Execution: { Id: 'e1' } },
  variables: { name: 'Ann', list: [1, 2] },
  env: { uuid: () => '00000000-0000-4000-8000-000000000000', random: () => random },
});

const run = (text: string, input: unknown = {}) => compileIntrinsic(text).evaluate(scope(input));

const ok: [string, unknown, unknown][] = [
  ["States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' }, 'Hello, my name is Arnav.'],
  ['States.Format($.template, $.name)', { name: 'Arnav', template: 'Hi {}!' }, 'Hi Arnav!'],
  ["States.Format('{} {} {} {} {}', $.s, $.n, $.b, $.z, $.o)", { s: 's', n: 1.5, b: true, z: null, o: { a: [1, 'x'], b: {} } }, 's 1.5 true null {a=[1, x], b={}}'],
  ["States.Format('\\{\\} {} \\'q\\' \\\\', $name)", {}, "{} Ann 'q' \\"],
  ["States.Format('no placeholders')", {}, 'no placeholders'],
  ["States.Format( 'a{}' ,  $list )", {}, 'a[1, 2]'],
  ["States.StringToJson('{\"a\": [1, true]}')", {}, { a: [1, true] }],
  ['States.JsonToString($)', { a: [1, 'x'], b: null }, '{"a":[1,"x"],"b":null}'],
  ["States.Array('a', 1, -2.5, true, null, $.x, States.Array())", { x: { y: 1 } }, ['a', 1, -2.5, true, null, { y: 1 }, []]],
  ['States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)', {}, [[1, 2], [3, 4], [5]]],
  ['States.ArrayPartition($.a, 2.6)', { a: [1, 2, 3, 4, 5] }, [[1, 2], [3, 4], [5]]],
  ['States.ArrayContains($.a, $.v)', { a: [1, { k: [2] }], v: { k: [2] } }, true],
  ["States.ArrayContains($.a, '1')", { a: [1] }, false],
  ['States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
  ['States.ArrayRange(0, 10, 3)', {}, [0, 3, 6, 9]],
  ['States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]],
  ['States.ArrayRange(5, 1, 2)', {}, []],
  ['States.ArrayRange(1, 1000, 1)', {}, Array.from({ length: 1000 }, (_, i) => i + 1)],
  ['States.ArrayGetItem($.a, 1)', { a: ['x', 'y'] }, 'y'],
  ['States.ArrayLength($list)', {}, 2],
  ['States.ArrayUnique($.a)', { a: [1, 2, 1, { x: 1 }, { x: 1 }, '1'] }, [1, 2, { x: 1 }, '1']],
  ["States.Base64Encode('Data to encode')", {}, 'RGF0YSB0byBlbmNvZGU='],
  ["States.Base64Encode('héllo ✓')", {}, 'aMOpbGxvIOKckw=='],
  ["States.Base64Decode('aMOpbGxvIOKckw==')", {}, 'héllo ✓'],
  ["States.Hash('abc', 'MD5')", {}, '900150983cd24fb0d6963f7d28e17f72'],
  ["States.Hash('abc', 'SHA-1')", {}, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ["States.Hash('abc', 'SHA-256')", {}, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ["States.Hash('abc', 'SHA-384')", {}, 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
  ["States.Hash('abc', 'SHA-512')", {}, 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ['States.JsonMerge($.a, $.b, false)', { a: { x: { p: 1 }, y: 2 }, b: { x: { q: 1 }, z: 3 } }, { x: { q: 1 }, y: 2, z: 3 }],
  ['States.MathAdd($.a, -1)', { a: 10 }, 9],
  ['States.MathAdd(1.5, -2.5)', {}, 0],
  ["States.StringSplit('a,b;;c', ',;')", {}, ['a', 'b', 'c']],
  ["States.StringSplit('', ',')", {}, []],
  ["States.StringSplit('abc', '')", {}, ['abc']],
  ["States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", {}, 'orders'],
  ['States.UUID()', {}, '00000000-0000-4000-8000-000000000000'],
  ["States.Format('{}', $.a['x,y'])", { a: { 'x,y': 'comma' } }, 'comma'],
  ["States.Array($.a[?(@ > 1)])", { a: [1, 2, 3] }, [[2, 3]]],
];

for (const [text, input, expected] of ok) {
  test(text, () => assert.deepEqual(run(text, input), expected));
}

const failsWith = (text: string, detail: string, input: unknown = {}) =>
  assert.throws(
    () => run(text, input),
    (e: unknown) =>
      e instanceof StatesError &&
      e.error === 'States.Runtime' &&
      e.cause === `The function '${text}' had the following error: ${detail}`,
  );

test('a path argument that matches nothing names the path and the input', () => {
  failsWith("States.Format('{}', $.nope)", `The JsonPath argument for the field '$.nope' could not be found in the input '{"other":1}'`, { other: 1 });
  // Unlike a plain path field, an index past the end is a miss here.
  failsWith("States.Format('{}', $.items[5])", `The JsonPath argument for the field '$.items[5]' could not be found in the input '{"items":[1,2]}'`, { items: [1, 2] });
  // The cause quotes the whole expression, not the inner call.
  failsWith("States.Format('{}', States.Format('{}', $.nope))", `The JsonPath argument for the field '$.nope' could not be found in the input '{}'`);
  assert.equal(run("States.Format('{}', $.nul)", { nul: null }), 'null');
});

test('invalid arguments', () => {
  const cases: [string, unknown][] = [
    ["States.Format('{} {}', 1)", {}],
    ["States.Format('{}', 1, 2)", {}],
    ['States.Format($.t)', { t: 5 }],
    ["States.StringToJson('{nope')", {}],
    ['States.StringToJson($.o)', { o: {} }],
    ["States.ArrayPartition('x', 2)", {}],
    ['States.ArrayPartition($.a, 0.49)', { a: [1] }],
    ['States.ArrayPartition($.a, -1)', { a: [1] }],
    ["States.ArrayPartition($.a, '2')", { a: [1] }],
    ['States.ArrayContains($.a, 1)', { a: 'x' }],
    ['States.ArrayRange(1, 5, 0)', {}],
    ["States.ArrayRange('a', 5, 1)", {}],
    ['States.ArrayRange(1, 1001, 1)', {}],
    ['States.ArrayGetItem($.a, 2)', { a: [1, 2] }],
    ['States.ArrayGetItem($.a, -1)', { a: [1, 2] }],
    ['States.ArrayLength($.a)', { a: {} }],
    ['States.ArrayUnique(null)', {}],
    ['States.Base64Encode(1)', {}],
    ['States.Base64Encode($.s)', { s: 'x'.repeat(10_001) }],
    ["States.Base64Decode('abc')", {}],
    ["States.Base64Decode('ab$=')", {}],
    ["States.Hash('abc', 'SHA-999')", {}],
    ["States.Hash(1, 'MD5')", {}],
    ['States.JsonMerge($.a, $.b, true)', { a: {}, b: {} }],
    ['States.JsonMerge($.a, $.b, false)', { a: [], b: {} }],
    ['States.MathRandom(5, 5)', {}],
    ['States.MathRandom(1.4, 1.6)', {}],
    ["States.MathRandom('1', 5)", {}],
    ["States.MathAdd(1, 'NOT A NUMBER')", {}],
    ['States.StringSplit(1, 2)', {}],
  ];
  for (const [text, input] of cases) failsWith(text, `Invalid arguments in ${text.slice(0, text.indexOf('('))}`, input);
});

test('MathRandom draws from [start, end) through env.random, or deterministically from a seed', () => {
  const draw = (text: string, r: number) => compileIntrinsic(text).evaluate(scope({ a: 12.5, b: 44.51 }, r)) as number;
  assert.equal(draw('States.MathRandom($.a, $.b)', 0), 12);
  assert.equal(draw('States.MathRandom($.a, $.b)', 0.999999), 43);
  assert.equal(draw('States.MathRandom(-99999, -9999)', 0.5), -54999);
  const seeded = [draw('States.MathRandom(1, 1000, 42)', 0), draw('States.MathRandom(1, 1000, 42)', 0.9)];
  assert.equal(seeded[0], seeded[1]);
  assert.ok(seeded[0] >= 1 && seeded[0] < 1000);
  // java.util.Random(42).nextInt(10) is 0; nextInt(16) takes the power-of-two branch.
  assert.equal(draw('States.MathRandom(0, 10, 42)', 0), 0);
  assert.equal(draw('States.MathRandom(0, 16, 42)', 0), 11);
});

test('isIntrinsicCall', () => {
  for (const t of ['States.Format()', '  States.UUID ()', 'States.Nope(']) assert.equal(isIntrinsicCall(t), true, t);
  for (const t of ['$.a', 'States.Format', 'states.Format()', 'Format()', 'x States.UUID()']) assert.equal(isIntrinsicCall(t), false, t);
});

test('syntax, unknown functions and arity are rejected at compile time', () => {
  const bad = [
    'States.Nope()',
    'States.UUID(1)',
    'States.Format()',
    'States.MathRandom(1)',
    'States.MathRandom(1, 2, 3, 4)',
    'States.JsonMerge($.a, $.b)',
    'States.Array(1,)',
    'States.Array(1 2)',
    "States.Array('unterminated)",
    "States.Array('bad \\\" escape')",
    "States.Array('bad \\n escape')",
    'States.Array($.a[)',
    'States.Array(foo)',
    'States.Array(1))',
    'States.Array(1',
    'States.Array(1) x',
  ];
  for (const t of bad) assert.throws(() => compileIntrinsic(t), IntrinsicSyntaxError, t);
});

test('the compiled call reports its text and outer function', () => {
  const c = compileIntrinsic("States.Format('{}', States.UUID())");
  assert.equal(c.name, 'States.Format');
  assert.equal(c.text, "States.Format('{}', States.UUID())");
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePath, compileReferencePath, isReferencePath, jsonEquals, PathSyntaxError } from './jsonpath.js';
import type { Scope } from './scope.js';

const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

const scope = (input: unknown): Scope => ({
  input,
  context: { Execution: { Name: 'exec', Input: { a: 1 } }, Map: { Item: { Index: 2 } } },
  variables: { order: { lines: [{ sku: 'x' }, { sku: 'y' }] }, nothing: null, 'ünï': 5 },
  env: { uuid: () => 'u', random: () => 0 },
});

const titles = (...i: number[]) => i.map((n) => store.store.book[n].title);

const cases: [string, unknown][] = [
  ['$', store],
  ['$.expensive', 10],
  ['$.store.bicycle.color', 'red'],
  ["$['store']['bicycle']['color']", 'red'],
  ['$["store"].bicycle["price"]', 19.95],
  ['$.store.book[0].title', titles(0)[0]],
  ['$.store.book[-1].title', titles(3)[0]],
  ['$.store.book[*].title', titles(0, 1, 2, 3)],
  ['$.store.book.*.price', [8.95, 12.99, 8.99, 22.99]],
  ['$.store.book[0,2].title', titles(0, 2)],
  ['$.store.book[1:3].title', titles(1, 2)],
  ['$.store.book[-2:].title', titles(2, 3)],
  ['$.store.book[:2].title', titles(0, 1)],
  ['$.store.book[::2].title', titles(0, 2)],
  ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
  ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
  ['$..book[2].title', titles(2)],
  ['$..book[?(@.isbn)].title', titles(2, 3)],
  ['$.store.book[?(@.price < 10)].title', titles(0, 2)],
  ['$.store.book[?(@.price <= 8.99)].title', titles(0, 2)],
  ["$.store.book[?(@.category == 'fiction' && @.price > 20)].title", titles(3)],
  ["$.store.book[?(@.category == 'reference' || @.price > 20)].title", titles(0, 3)],
  ["$.store.book[?(@.category != 'fiction')].title", titles(0)],
  ['$.store.book[?(!@.isbn)].title', titles(0, 1)],
  ['$.store.book[?(@.price > $.expensive)].title', titles(1, 3)],
  ['$.store.book[?(@.author =~ /.*Melville/)].title', titles(2)],
  ["$.store.book[?(@.category in ['reference'])].title", titles(0)],
  ['$.store.book[?(@.price == "8.95")].title', []],
  ['$.store.book[?((@.price < 9) && (@.isbn))].title', titles(2)],
  ["$.store.bicycle['color','price']", { color: 'red', price: 19.95 }],
  ['$.store.*', [store.store.book, store.store.bicycle]],
  ['$.nothing', undefined],
  ['$.store.bicycle.color.shade', undefined],
  ['$.store.book.title', undefined],
  ['$.store.bicycle[0]', undefined],
  ['$.store.book[99]', null],
  ['$.store.book[-99]', null],
  ['$.missing[*]', []],
  ['$.missing[1:]', []],
  ['$.store.book[?(@.price > 100)]', []],
  ['$$.Execution.Name', 'exec'],
  ['$$', { Execution: { Name: 'exec', Input: { a: 1 } }, Map: { Item: { Index: 2 } } }],
  ['$$.Map.Item.Index', 2],
  ['$order.lines[1].sku', 'y'],
  ['$order.lines[*].sku', ['x', 'y']],
  ['$nothing', null],
  ['$undefinedVar', undefined],
  ['$ünï', 5],
];

for (const [path, expected] of cases) {
  test(`select ${path}`, () => {
    assert.deepEqual(compilePath(path).select(scope(store)), expected);
  });
}

test('field names may hold any character but . and [ in dot notation, anything in brackets', () => {
  const input = { 'delivery-partner': 1, 'données': { 名前: 'n' }, 'a b': 2, "it's": 3, 'Test\\""Name"': 'v' };
  assert.equal(compilePath('$.delivery-partner').select(scope(input)), 1);
  assert.equal(compilePath('$.données.名前').select(scope(input)), 'n');
  assert.equal(compilePath("$['a b']").select(scope(input)), 2);
  assert.equal(compilePath("$['it\\'s']").select(scope(input)), 3);
  // AWS case ESCAPE_SEQUENCES_JSONPATH: a backslash before another character is kept as written.
  assert.equal(compilePath('$[\'Test\\""Name"\']').select(scope(input)), 'v');
});

test('inherited object properties are never matched', () => {
  assert.equal(compilePath('$.constructor').select(scope({})), undefined);
  assert.equal(compilePath('$.toString').select(scope({})), undefined);
});

test('selectStrict treats an index past the end as a miss', () => {
  const p = compilePath('$.a[3]');
  assert.equal(p.select(scope({ a: [1] })), null);
  assert.equal(p.selectStrict(scope({ a: [1] })), undefined);
  assert.equal(p.selectStrict(scope({ a: [1, 2, 3, 4] })), 4);
});

test('roots, definiteness and Jayway normal form', () => {
  const p = compilePath("$.a['b c'][0]");
  assert.deepEqual(p.root, { kind: 'input' });
  assert.equal(p.indefinite, false);
  assert.equal(p.normalized, "$['a']['b c'][0]");
  assert.equal(compilePath('$.NoSuchInputPath').normalized, "$['NoSuchInputPath']");
  assert.deepEqual(compilePath('$$.Execution').root, { kind: 'context' });
  assert.deepEqual(compilePath('$var.x').root, { kind: 'variable', name: 'var' });
  for (const p of ['$[*]', '$.a[1:]', '$..a', '$.a[0,1]', '$.a[?(@.b)]', '$.*']) assert.equal(compilePath(p).indefinite, true, p);
});

test('reference paths', () => {
  for (const p of ['$', '$.a', "$.a['b'][3]", '$$.Execution.Input', '$x.y']) assert.equal(isReferencePath(p), true, p);
  for (const p of ['$.a[*]', '$..a', '$.a[1:2]', '$.a[?(@.x)]', "$['a','b']", 'a', '$.a[']) assert.equal(isReferencePath(p), false, p);
  assert.throws(() => compileReferencePath('$.a[*]'), PathSyntaxError);
  assert.equal(compileReferencePath('$.a.b').text, '$.a.b');
});

test('syntax errors', () => {
  for (const p of ['', 'a.b', '$.', '$..', '$.a.', '$[', '$[]', "$['a]", '$.a[?(@.b ==)]', '$[1:2:0]', '$.a]', '$1x']) {
    assert.throws(() => compilePath(p), PathSyntaxError, JSON.stringify(p));
  }
});

test('jsonEquals is deep and type-strict', () => {
  assert.ok(jsonEquals({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
  assert.ok(!jsonEquals({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEquals([1], { 0: 1 }));
  assert.ok(!jsonEquals(1, '1'));
  assert.ok(!jsonEquals(null, {}));
});

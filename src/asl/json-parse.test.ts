import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonDocument } from './json-parse.js';

const errorOf = (text: string) => {
  const r = parseJsonDocument(text);
  assert.equal(r.ok, false);
  return r.ok ? undefined : r.error;
};

test('parses what JSON.parse parses, keeping key order and Unicode', () => {
  const text = '{"주문 검증":{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]},"__proto__":1}';
  const r = parseJsonDocument(text);
  assert.ok(r.ok);
  assert.deepEqual(r.value, JSON.parse(text));
  assert.deepEqual(Object.keys(r.value as object), ['주문 검증', '__proto__']);
});

test('remembers every repeated key with the pointer of its object', () => {
  const r = parseJsonDocument('{"States":{"A":1,"A":2},"x":{"y":[{"k":1,"k":2}]}}');
  assert.ok(r.ok);
  assert.deepEqual(r.duplicates, [{ parent: '/States', key: 'A' }, { parent: '/x/y/0', key: 'k' }]);
});

test('words syntax errors as Jackson does, pointing just past the offending input', () => {
  assert.deepEqual(errorOf('not a definition'), {
    message: "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
    location: '[Source: (String)"not a definition"; line: 1, column: 4]',
  });
  assert.equal(errorOf("{'a':1}")?.message.split('\n')[0], "Unexpected character (''' (code 39)): was expecting double-quote to start field name");
  assert.equal(errorOf('{\n "a" 1}')?.location, '[Source: (String)"{\n "a" 1}"; line: 2, column: 7]');
  assert.match(errorOf('[1,')?.message ?? '', /^Unexpected end-of-input/);
  assert.match(errorOf('{"a":1} x')?.message ?? '', /expected end of input/);
});

test('quotes at most 500 characters of the document', () => {
  const text = `[${'1,'.repeat(300)}x]`;
  assert.match(errorOf(text)?.location ?? '', /"\[truncated 103 chars\]; line: 1, column: 603\]$/);
});

test('nesting deeper than Jackson\'s 1000 levels is a syntax error, not a stack overflow', () => {
  const deep = (n: number): string => `${'{"a":['.repeat(n / 2)}1${']}'.repeat(n / 2)}`;
  assert.ok(parseJsonDocument(deep(1000)).ok);
  assert.match(errorOf(deep(1002))?.message ?? '', /^Document nesting depth \(1001\) exceeds the maximum allowed \(1000, from `StreamReadConstraints.getMaxNestingDepth\(\)`\)/);
  assert.match(errorOf('['.repeat(200_000))?.message ?? '', /^Document nesting depth \(1001\)/);
});

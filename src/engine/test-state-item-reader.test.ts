import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawState } from '../asl/definition.js';
import { ItemReaderDataError, itemReaderItems } from './test-state-item-reader.js';

const map = (readerConfig?: Record<string, unknown>): RawState =>
  ({ Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ...(readerConfig ? { ReaderConfig: readerConfig } : {}) } }) as unknown as RawState;

test('no ItemReader: no items read, whatever the data', () => {
  assert.equal(itemReaderItems({ Type: 'Map' } as unknown as RawState, '[1]'), undefined);
});

test('JSON: an array, or the array ItemsPointer names', () => {
  assert.deepEqual(itemReaderItems(map({ InputType: 'JSON' }), '[1, 2, 3]'), [1, 2, 3]);
  assert.deepEqual(itemReaderItems(map({ InputType: 'JSON', ItemsPointer: '/data/a~1b' }), '{"data":{"a/b":[{"x":1}]}}'), [{ x: 1 }]);
  assert.deepEqual(itemReaderItems(map(), '[{"Key":"a.txt","Size":1}]'), [{ Key: 'a.txt', Size: 1 }]);
});

test('JSONL: one value a line, blank lines skipped', () => {
  assert.deepEqual(itemReaderItems(map({ InputType: 'JSONL' }), '{"a":1}\r\n\n"two"\n3\n'), [{ a: 1 }, 'two', 3]);
});

test('CSV: rows as objects of text keyed by the first row or the given headers', () => {
  assert.deepEqual(itemReaderItems(map({ InputType: 'CSV' }), 'id,note\n1,"a, ""b""\nc"\n2,\n'), [
    { id: '1', note: 'a, "b"\nc' },
    { id: '2', note: '' },
  ]);
  assert.deepEqual(itemReaderItems(map({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'y'], CSVDelimiter: 'SEMICOLON' }), '1;2\n3;4'), [
    { x: '1', y: '2' },
    { x: '3', y: '4' },
  ]);
});

test('MaxItems keeps the first items', () => {
  assert.deepEqual(itemReaderItems(map({ InputType: 'JSON', MaxItems: 2 }), '[1,2,3]'), [1, 2]);
});

test('missing or unreadable data is refused', () => {
  assert.throws(() => itemReaderItems(map({ InputType: 'JSON' }), undefined), ItemReaderDataError);
  assert.throws(() => itemReaderItems(map({ InputType: 'JSON' }), '{"not":"a list"}'), /must hold a JSON array/);
  assert.throws(() => itemReaderItems(map({ InputType: 'JSON' }), '[1,'), /not valid JSON/);
  assert.throws(() => itemReaderItems(map({ InputType: 'JSONL' }), '1\n{'), /line 2/);
});

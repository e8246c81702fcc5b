import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './line-splitter.js';
import { formatLogLine, LogStore } from './log-store.js';

const entry = (message: string) => ({ timestamp: Date.UTC(2024, 0, 2, 3, 4, 5, 6), functionName: 'f', logStreamName: 's', message });

describe('LogStore', () => {
  it('keeps the most recent lines per function, oldest first', () => {
    const store = new LogStore(undefined, 3);
    for (const m of ['a', 'b', 'c', 'd', 'e']) store.append(entry(m));
    assert.deepEqual(store.recent('f').map((e) => e.message), ['c', 'd', 'e']);
    assert.deepEqual(store.recent('other'), []);
  });

  it('file lines: time, stream, message, with multi-line messages unfolded', () => {
    assert.equal(formatLogLine(entry('one\rtwo')), '2024-01-02T03:04:05.006Z s one\ntwo\n');
  });
});

describe('LineSplitter', () => {
  it('emits whole lines and holds a partial one until flushed', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    splitter.push('a\nb');
    splitter.push('c\n\nd');
    assert.deepEqual(lines, ['a', 'bc', '']);
    splitter.flush();
    splitter.flush();
    assert.deepEqual(lines, ['a', 'bc', '', 'd']);
  });
});

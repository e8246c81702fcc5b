import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { LineSplitter } from './line-splitter.js';
import { formatLogLine, functionLogFile, LogStore } from './log-store.js';

const entry = (message: string, functionName = 'f') => ({ timestamp: Date.UTC(2024, 0, 2, 3, 4, 5, 6), functionName, logStreamName: 's', message });

describe('LogStore', () => {
  it('keeps the most recent lines per function, oldest first', () => {
    const store = new LogStore(undefined, 3);
    for (const m of ['a', 'b', 'c', 'd', 'e']) store.append(entry(m));
    assert.deepEqual(store.recent('f').map((e) => e.message), ['c', 'd', 'e']);
    assert.deepEqual(store.recent('other'), []);
  });

  it('gives followers each line at once, and writes each function’s file in a batch soon after, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-logs-'));
    try {
      const store = new LogStore(dir);
      const followed: string[] = [];
      const stop = store.follow('f', (e) => followed.push(e.message));
      for (const m of ['START', 'hello', 'END', 'REPORT']) store.append(entry(m));
      store.append(entry('other', 'g'));
      assert.deepEqual(followed, ['START', 'hello', 'END', 'REPORT']);
      assert.equal(existsSync(functionLogFile(dir, 'f')), false, 'nothing written within the turn');
      const lines = (name: string) => (existsSync(functionLogFile(dir, name)) ? readFileSync(functionLogFile(dir, name), 'utf8').split('\n').filter(Boolean) : []);
      for (let i = 0; i < 200 && lines('f').length < 4; i++) await sleep(5);
      assert.deepEqual(lines('f').map((l) => l.split(' ').at(-1)), ['START', 'hello', 'END', 'REPORT']);
      stop();
      store.append(entry('last'));
      await store.close();
      assert.deepEqual(followed.length, 4);
      assert.equal(lines('f').at(-1), '2024-01-02T03:04:05.006Z s last', 'close writes what is pending');
      assert.deepEqual(lines('g'), ['2024-01-02T03:04:05.006Z s other']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { MemoryReader } from './memory.js';

const linux = existsSync('/proc/self/status');

describe('MemoryReader', { skip: !linux && 'needs /proc' }, () => {
  it('re-reads the same descriptor: each reading is the process as it is now', () => {
    const reader = new MemoryReader(process.pid);
    const before = reader.read()!;
    assert.ok(before.rssKB > 1000 && before.peakKB >= before.rssKB, JSON.stringify(before));
    const ballast = Buffer.alloc(64 * 1024 * 1024, 1);
    const after = reader.read()!;
    assert.ok(after.rssKB >= before.rssKB + 60 * 1024, `${after.rssKB} KB after touching 64 MB, ${before.rssKB} KB before`);
    assert.ok(after.peakKB >= after.rssKB);
    assert.equal(ballast[ballast.length - 1], 1);
    reader.close();
    assert.equal(reader.read(), undefined);
  });

  it('reads nothing for a process that is gone, or never was', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const reader = new MemoryReader(child.pid!);
    assert.ok(reader.read()!.rssKB > 0);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(reader.read(), undefined);
    reader.close();
    assert.equal(new MemoryReader(2 ** 22 + 1).read(), undefined);
  });
});

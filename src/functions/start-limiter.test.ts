import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StartLimiter } from './start-limiter.js';

/** Lets queued grants (promise callbacks) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StartLimiter', () => {
  it('grants up to the per-function limit, and the next as one finishes', async () => {
    const limiter = new StartLimiter({ total: 10, perGroup: 2 });
    const granted: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++) void limiter.acquire('f').then((release) => (granted.push(i), releases.push(release)));
    await settle();
    assert.deepEqual(granted, [0, 1]);
    assert.deepEqual([limiter.starting('f'), limiter.starting(), limiter.waiting], [2, 2, 3]);
    releases[0]();
    releases[0](); // a second call changes nothing
    await settle();
    assert.deepEqual(granted, [0, 1, 2]);
    assert.equal(limiter.starting('f'), 2);
    releases.slice(1).forEach((release) => release());
    await settle();
    releases.slice(3).forEach((release) => release());
    await settle();
    assert.deepEqual(granted, [0, 1, 2, 3, 4]);
    releases.forEach((release) => release());
    assert.deepEqual([limiter.starting('f'), limiter.starting(), limiter.waiting], [0, 0, 0]);
  });

  it('holds every function to the total, first come first served', async () => {
    const limiter = new StartLimiter({ total: 2, perGroup: 2 });
    const granted: string[] = [];
    const releases = new Map<string, () => void>();
    for (const name of ['a1', 'b1', 'c1', 'a2']) void limiter.acquire(name[0]).then((release) => (granted.push(name), releases.set(name, release)));
    await settle();
    assert.deepEqual(granted, ['a1', 'b1']);
    releases.get('a1')!();
    await settle();
    assert.deepEqual(granted, ['a1', 'b1', 'c1']);
  });

  it('lets another function go ahead of one that is at its own limit', async () => {
    const limiter = new StartLimiter({ total: 3, perGroup: 2 });
    const granted: string[] = [];
    for (const name of ['storm1', 'storm2', 'storm3', 'storm4', 'other']) void limiter.acquire(name.replace(/\d/, '')).then(() => granted.push(name));
    await settle();
    assert.deepEqual(granted, ['storm1', 'storm2', 'other']);
    assert.equal(limiter.waiting, 2);
  });

  it('refuses limits below one', () => {
    assert.throws(() => new StartLimiter({ total: 0, perGroup: 1 }), RangeError);
    assert.throws(() => new StartLimiter({ total: 4, perGroup: 0 }), RangeError);
  });
});

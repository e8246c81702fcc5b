import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomHex } from './random-hex.js';

describe('randomHex', () => {
  it('draws fresh bytes each call, across pool refills, as lowercase hex of the length asked', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const hex = randomHex(12);
      assert.match(hex, /^[0-9a-f]{24}$/);
      seen.add(hex);
    }
    assert.equal(seen.size, 2000, '2000 draws of 96 bits, spanning several 4 KB pools, never repeat');
    assert.match(randomHex(5000), /^[0-9a-f]{10000}$/);
  });
});

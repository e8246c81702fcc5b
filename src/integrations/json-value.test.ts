import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asJsonPayload } from './json-value.js';

describe('asJsonPayload', () => {
  it('passes plain JSON through as is', () => {
    const v = { a: [1, 'x', null, true], b: { c: 2.5 } };
    const r = asJsonPayload(v);
    assert.ok(r.ok && r.value === v);
  });
  it('turns undefined into null and drops what JSON drops', () => {
    assert.deepEqual(asJsonPayload(undefined), { ok: true, value: null });
    assert.deepEqual(asJsonPayload({ a: undefined, b: 1 }), { ok: true, value: { b: 1 } });
    assert.deepEqual(asJsonPayload({ d: new Date(0) }), { ok: true, value: { d: '1970-01-01T00:00:00.000Z' } });
    assert.deepEqual(asJsonPayload([NaN]), { ok: true, value: [null] });
  });
  it('refuses a value over 256 KiB and accepts one just under', () => {
    assert.deepEqual(asJsonPayload({ s: 'a'.repeat(256 * 1024) }), { ok: false, tooLarge: true });
    const under = { s: 'a'.repeat(256 * 1024 - 20) };
    assert.ok(asJsonPayload(under).ok);
    assert.deepEqual(asJsonPayload({ s: 'é'.repeat(140 * 1024) }), { ok: false, tooLarge: true });
  });
});

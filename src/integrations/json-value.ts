/**
 * What a handler returns must reach the engine as JSON, as it does from Lambda, and within AWS's
 * payload quota. Most handlers return plain JSON already; walking it once is far cheaper than a
 * JSON round trip, so the round trip is kept for values that need it (Dates, undefined members,
 * class instances, non-finite numbers).
 */
import { PAYLOAD_LIMIT_BYTES } from '../asl/errors.js';

/** An upper bound of the UTF-8 size of `JSON.stringify(value)`, or -1 when the value is not plain JSON. */
function plainJsonBound(value: unknown, depth: number): number {
  if (value === null || typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isFinite(value) ? 24 : -1;
  // Escapes such as \u0000 take 6 bytes for one UTF-16 unit; nothing takes more.
  if (typeof value === 'string') return value.length * 6 + 2;
  if (typeof value !== 'object' || depth > 200) return -1;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      const n = plainJsonBound(item, depth + 1);
      if (n < 0) return -1;
      size += n + 1;
    }
    return size;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return -1;
  for (const key in value) {
    const n = plainJsonBound((value as Record<string, unknown>)[key], depth + 1);
    if (n < 0) return -1;
    size += key.length * 6 + 3 + n + 1;
  }
  return size;
}

export type JsonOutcome = { ok: true; value: unknown } | { ok: false; tooLarge: true };

/** `value` as JSON (`undefined` → null), or `tooLarge` past the 256 KiB quota. */
export function asJsonPayload(value: unknown): JsonOutcome {
  if (value === undefined) return { ok: true, value: null };
  const bound = plainJsonBound(value, 0);
  if (bound >= 0 && bound <= PAYLOAD_LIMIT_BYTES) return { ok: true, value };
  const text = JSON.stringify(value) ?? 'null';
  if (Buffer.byteLength(text, 'utf8') > PAYLOAD_LIMIT_BYTES) return { ok: false, tooLarge: true };
  return { ok: true, value: JSON.parse(text) };
}

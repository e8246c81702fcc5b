/**
 * Random hex for ids the platform makes per invocation (trace ids). `randomBytes` per call is a
 * trip into OpenSSL each time; drawing from a pool refilled 4 KB at a time is what `randomUUID`
 * does for the same reason. Same randomness, fewer calls.
 */
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

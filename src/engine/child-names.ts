/**
 * The name of a Distributed Map's child execution: a UUID, as AWS's are, that follows from its
 * Map Run and its item's index. Drawn instead, it would have to be kept in the snapshot for every
 * running child and written again at every step of the parent.
 */

/** A 128-bit hash of `text` (four 32-bit lanes, multiply-xor mixing): not cryptographic, only well spread. */
function hash128(text: string): [number, number, number, number] {
  let a = 0x6a09e667;
  let b = 0xbb67ae85;
  let c = 0x3c6ef372;
  let d = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    a = b ^ Math.imul(a ^ k, 0x239b961b);
    b = c ^ Math.imul(b ^ k, 0xab0e9789);
    c = d ^ Math.imul(c ^ k, 0x38b34ae5);
    d = a ^ Math.imul(d ^ k, 0xa1e38b93);
  }
  a = Math.imul(c ^ (a >>> 18), 0x239b961b);
  b = Math.imul(d ^ (b >>> 22), 0xab0e9789);
  c = Math.imul(a ^ (c >>> 17), 0x38b34ae5);
  d = Math.imul(b ^ (d >>> 19), 0xa1e38b93);
  a ^= b ^ c ^ d;
  b ^= a;
  c ^= a;
  d ^= a;
  return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** A version-4-shaped UUID for the child execution of item `index` of the Map Run `mapRunArn`. */
export function childExecutionName(mapRunArn: string, index: number): string {
  const [a, b, c, d] = hash128(`${mapRunArn}#${index}`);
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

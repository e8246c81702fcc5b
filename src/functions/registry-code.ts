/**
 * A function's code: the zip Lambda was given, hashed as Lambda reports it (base64 SHA-256) and
 * unpacked once to `<dataDir>/functions/<name>/<sha>/`. The same code uploaded again lands in
 * the same folder, so published versions and `$LATEST` share it until it changes.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { ServiceError } from '../service/errors.js';

/** Lambda's quotas for a zip uploaded in the request. */
export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

export interface StoredCode {
  codeSha256: string;
  codeSize: number;
  codeDir: string;
}

const cannotUnzip = (): ServiceError =>
  new ServiceError('InvalidParameterValueException', 'Could not unzip uploaded file. Please check your file, then try to upload again.');

/** The folder a function's code lives under. */
export const functionCodeRoot = (dataDir: string, name: string): string => join(dataDir, 'functions', name);

export function storeCode(dataDir: string, functionName: string, zip: Uint8Array): StoredCode {
  if (zip.byteLength > MAX_ZIPPED_BYTES) {
    throw new ServiceError('RequestTooLargeException', `Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
  }
  const digest = createHash('sha256').update(zip).digest();
  const codeDir = join(functionCodeRoot(dataDir, functionName), digest.toString('hex'));
  if (!existsSync(codeDir)) unpack(zip, codeDir);
  return { codeSha256: digest.toString('base64'), codeSize: zip.byteLength, codeDir };
}

/** Unpacks beside the target and renames into place, so a half-written folder is never used. */
function unpack(zip: Uint8Array, codeDir: string): void {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    throw cannotUnzip();
  }
  let total = 0;
  for (const data of Object.values(files)) total += data.byteLength;
  if (total > MAX_UNZIPPED_BYTES) {
    throw new ServiceError('InvalidParameterValueException', `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  }
  const staging = `${codeDir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, data] of Object.entries(files)) {
      const rel = normalize(name);
      if (isAbsolute(rel) || rel.split(sep).includes('..')) throw cannotUnzip();
      const target = join(staging, rel);
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
      // fflate drops Unix modes; a custom runtime's `bootstrap` must stay executable.
      if (rel === 'bootstrap' || rel.endsWith('.sh')) chmodSync(target, 0o755);
    }
    renameSync(staging, codeDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(codeDir)) return; // another writer unpacked the same code first
    throw e;
  }
}

/** Removes every unpacked copy of a function's code. */
export function removeCode(dataDir: string, functionName: string): void {
  rmSync(functionCodeRoot(dataDir, functionName), { recursive: true, force: true });
}

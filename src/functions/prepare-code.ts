/**
 * Deploy-time compilation of TypeScript handlers: every .ts/.mts/.cts file of a Node function's
 * code becomes the .js/.mjs/.cjs file beside it, as `tsc` would emit it, so the runtime loads
 * plain JavaScript the way AWS's Node runtime does. A .ts file's output is ES module or CommonJS
 * by the nearest package.json's "type", as Node will read the .js file.
 */
import { transform } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { runtimeFamily, type Runtime } from './types.js';

export interface PreparedCode {
  /** Paths (relative to the code directory) of the JavaScript files written. */
  compiled: string[];
}

const MARKER = '// compiled by stepwise from';

const OUTPUT: Record<string, { ext: string; format?: 'esm' | 'cjs' }> = {
  '.ts': { ext: '.js' },
  '.mts': { ext: '.mjs', format: 'esm' },
  '.cts': { ext: '.cjs', format: 'cjs' },
};

/**
 * Compiles the TypeScript in `codeDir` for `runtime` (only Node runtimes have any to compile).
 * A .js sibling that we did not write is left alone: it is the user's own build output.
 * Throws the compiler's error, naming the file and line, when the TypeScript does not parse.
 */
export async function prepareCode(codeDir: string, runtime: Runtime): Promise<PreparedCode> {
  if (runtimeFamily(runtime) !== 'nodejs') return { compiled: [] };
  const compiled: string[] = [];
  for (const file of typeScriptFiles(codeDir)) {
    const ext = file.endsWith('.mts') ? '.mts' : file.endsWith('.cts') ? '.cts' : '.ts';
    const out = OUTPUT[ext];
    const target = file.slice(0, -ext.length) + out.ext;
    if (existsSync(target) && !readFileSync(target, 'utf8').startsWith(MARKER)) continue;
    const format = out.format ?? (isModuleScope(dirname(file), codeDir) ? 'esm' : 'cjs');
    const source = readFileSync(file, 'utf8');
    const result = await transform(source, { loader: 'ts', format, target: 'node20', sourcefile: relative(codeDir, file) });
    writeFileSync(target, `${MARKER} ${relative(dirname(file), file)}\n${result.code}`);
    compiled.push(relative(codeDir, target));
  }
  return { compiled };
}

function typeScriptFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...typeScriptFiles(path));
    else if (/\.(c|m)?ts$/.test(entry.name) && !/\.d\.(c|m)?ts$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Whether the nearest package.json at or above `dir` (within the code) says "type": "module". */
function isModuleScope(dir: string, codeDir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    const pj = join(at, 'package.json');
    if (existsSync(pj)) {
      try {
        return (JSON.parse(readFileSync(pj, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (at === codeDir || dirname(at) === at || relative(codeDir, at).startsWith('..')) return false;
  }
}

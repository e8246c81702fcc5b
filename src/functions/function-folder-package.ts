/**
 * A function of a functions folder as the zip CreateFunction takes. Node code (JS or TS) is
 * bundled by esbuild into one ES module, so imports from outside the folder (shared `../lib`) and
 * npm packages come along; Python and custom runtimes are zipped as they are. The same code
 * always makes the same bytes (sorted entries, fixed times), so an unchanged function keeps its
 * CodeSha256 and its warm environments.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Message } from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import { FunctionFolderError } from './function-folder-config.js';
import { isIgnored, type FunctionSpec } from './function-folder.js';
import { runtimeFamily } from './types.js';

export interface PackagedFunction {
  zip: Uint8Array;
  /** Every file the code was made from (absolute): a change to any of them changes the function. */
  inputs: string[];
}

export interface BundledModule {
  code: string;
  inputs: string[];
}

/** The name esbuild gives the generated wrapper; it is no file of the user's. */
const WRAPPER = 'stepwise-entry.mjs';
const FIXED_TIME = new Date('2020-01-01T00:00:00Z');
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export async function packageFunction(spec: FunctionSpec): Promise<PackagedFunction> {
  if (runtimeFamily(spec.runtime) === 'nodejs') {
    const bundled = await bundleNode(spec.entry, handlerExport(spec.handler));
    const rel = relative(spec.root, spec.entry);
    return { zip: zip({ [`${rel.slice(0, rel.length - extname(rel).length)}.mjs`]: Buffer.from(bundled.code) }), inputs: bundled.inputs };
  }
  const files = spec.kind === 'folder' ? treeFiles(spec.root) : sharedPythonFiles(spec.root);
  const contents: Record<string, Uint8Array> = {};
  for (const file of files) contents[relative(spec.root, file).split('\\').join('/')] = readFileSync(file);
  return { zip: zip(contents), inputs: files };
}

/** `index.handler` → `handler`; `src/app.main` → `main`: the export a Node handler string names. */
export function handlerExport(handler: string): string {
  return handler.slice(handler.indexOf('.', handler.lastIndexOf('/') + 1) + 1).split('.')[0];
}

function zip(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) entries[name] = [files[name], { mtime: FIXED_TIME }];
  return zipSync(entries, { level: 1 });
}

/** Every file under `dir`, skipping dotfiles, caches and dependencies' folders of other languages. */
function treeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (isIgnored(name)) continue;
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) out.push(...treeFiles(path));
    else if (info.isFile()) out.push(path);
  }
  return out;
}

/** A one-file Python function ships with the folder's `.py` files and packages, as `zip *.py` would: its shared modules import. */
function sharedPythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (isIgnored(name)) continue;
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isFile() && name.endsWith('.py')) out.push(path);
    else if (info.isDirectory() && statSync(join(path, '__init__.py'), { throwIfNoEntry: false })?.isFile()) out.push(...treeFiles(path));
  }
  return out;
}

/**
 * One ES module exporting `exportName` (default `handler`) from `entry`: named as it is, or the
 * default export (a function, or an object holding it), or CommonJS `exports.<name>`. Everything
 * else the entry exports stays exported. `__dirname`, `__filename`, `import.meta.url` and
 * `require` keep pointing at the source, so files beside it still load.
 */
export async function bundleNode(entry: string, exportName = 'handler'): Promise<BundledModule> {
  const file = resolve(entry);
  const sourceUrl = pathToFileURL(file).href;
  const spec = JSON.stringify(file);
  const named = IDENTIFIER.test(exportName) && exportName !== 'default';
  const wrapper = [
    `import * as m from ${spec};`,
    `export * from ${spec};`,
    ...(named ? ['const d = m.default;', `export const ${exportName} = m.${exportName} ?? (typeof d === 'function' ? d : d?.${exportName});`] : []),
  ].join('\n');
  let result;
  try {
    result = await build({
      stdin: { contents: wrapper, resolveDir: dirname(file), sourcefile: WRAPPER, loader: 'js' },
      absWorkingDir: dirname(file),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      define: {
        __dirname: JSON.stringify(dirname(file)),
        __filename: JSON.stringify(file),
        'import.meta.url': JSON.stringify(sourceUrl),
      },
      banner: { js: `import { createRequire as __stepwiseCreateRequire } from 'node:module';\nconst require = __stepwiseCreateRequire(${JSON.stringify(sourceUrl)});` },
    });
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    const where = first?.location ? `${resolve(dirname(file), first.location.file)}:${first.location.line}:${first.location.column}: ` : '';
    throw new FunctionFolderError(`Cannot compile ${entry}: ${where}${first?.text ?? (e as Error).message}`);
  }
  // esbuild knows an ES module's exports: one with neither the handler nor a default has no handler.
  const missing = result.warnings.filter((w) => w.id === 'import-is-undefined').map((w) => w.text);
  if (named && missing.some((t) => t.startsWith(`Import "${exportName}"`)) && missing.some((t) => t.startsWith('Import "default"'))) {
    throw new FunctionFolderError(`${entry} exports no ${exportName} (expected \`export const ${exportName} = async (event) => …\` or a default export)`);
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => p !== WRAPPER)
    .map((p) => resolve(dirname(file), p));
  return { code: result.outputFiles[0].text, inputs };
}

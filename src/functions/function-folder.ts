/**
 * A functions folder: one Lambda function per file (`quote.ts`, `lambda_function.py`) or per
 * sub-folder (`ship-order/index.mjs`, `report/lambda_function.py`, `native/bootstrap`), named by
 * the file's base name or the folder's name, with runtime and handler worked out as a developer
 * would name them on AWS and Lambda's defaults (128 MB, 3 s) for the rest. `stepwise.functions.json`
 * (or `.yaml`) overrides any of that per function, and may name a function after a file whose name
 * a function cannot have (`"validate-order": {"handler": "validate_order.lambda_handler"}`).
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { CONFIG_FILES, FunctionFolderError, readFolderConfig, type FunctionSettings } from './function-folder-config.js';
import { runtimeFamily, type Runtime, type RuntimeFamily } from './types.js';

export { FunctionFolderError, type FunctionSettings } from './function-folder-config.js';

/** What CreateFunction needs for one function of the folder, and where its code is. */
export interface FunctionSpec {
  name: string;
  runtime: Runtime;
  /** As Lambda takes it: `<module>.<export>`, the module relative to `root` without extension. */
  handler: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  description: string;
  /** A file of the folder (its code root is the folder) or a sub-folder (its own code root). */
  kind: 'file' | 'folder';
  /** The code root the handler's module is relative to. */
  root: string;
  /** The handler's module file (or a custom runtime's `bootstrap`), absolute. */
  entry: string;
}

const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const MODULE_EXTENSIONS = [...NODE_EXTENSIONS, '.py'];
/** In the order a folder's entry is looked for: Node's resolution order, then Python's usual names. */
const FOLDER_ENTRIES = [...NODE_EXTENSIONS.map((e) => `index${e}`), 'lambda_function.py', 'handler.py', 'bootstrap'];
const DEFAULT_RUNTIME: Record<RuntimeFamily, Runtime> = { nodejs: 'nodejs20.x', python: 'python3.11', provided: 'provided.al2023' };
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Entries of a folder that are never functions nor code: dotfiles, dependencies, caches, the config. */
export const isIgnored = (name: string): boolean =>
  name.startsWith('.') || name === 'node_modules' || name === '__pycache__' || (CONFIG_FILES as readonly string[]).includes(name);

const isTestOrTypes = (name: string): boolean => /\.d\.[cm]?ts$/.test(name) || /\.(test|spec)\.[cm]?[jt]s$/.test(name);

function familyOf(entry: string): RuntimeFamily {
  if (basename(entry) === 'bootstrap') return 'provided';
  return extname(entry) === '.py' ? 'python' : 'nodejs';
}

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};
const isFile = (path: string): boolean => statOf(path)?.isFile() ?? false;

/** Whether Python source defines (or imports) a top-level name. */
function pythonDefines(source: string, name: string): boolean {
  return new RegExp(String.raw`^(?:async\s+def|def)\s+${name}\s*\(|^${name}\s*[:=]|^from\s+\S+\s+import\s+.*\b${name}\b`, 'm').test(source);
}

/** The file a handler's module part names under `root` (`app.handler` → `root/app.ts`), if any. */
function moduleFile(root: string, handler: string): string | undefined {
  const dot = handler.indexOf('.', handler.lastIndexOf('/') + 1);
  const module = dot < 0 ? handler : handler.slice(0, dot);
  if (module === '' || module.split('/').includes('..')) return undefined;
  return MODULE_EXTENSIONS.map((ext) => join(root, module + ext)).find(isFile);
}

interface Found {
  kind: 'file' | 'folder';
  root: string;
  entry: string;
}

/** A sub-folder's entry: the one its configured handler names, else the first of the usual names. */
function folderEntry(folder: string, settings: FunctionSettings | undefined): string | undefined {
  const family = settings?.runtime && runtimeFamily(settings.runtime);
  // A custom runtime's handler is only a string its bootstrap reads; it names no file.
  if (settings?.handler !== undefined && family !== 'provided') return moduleFile(folder, settings.handler);
  return FOLDER_ENTRIES.map((e) => join(folder, e)).find((e) => isFile(e) && (family === undefined || familyOf(e) === family));
}

function readDir(dir: string): string[] {
  const info = statOf(dir);
  if (!info) throw new FunctionFolderError(`Cannot read ${dir}: no such directory`);
  if (!info.isDirectory()) throw new FunctionFolderError(`Cannot read ${dir}: not a directory`);
  return readdirSync(dir).sort();
}

/** Every function in `dir`, in name order. Throws FunctionFolderError on anything the user must fix. */
export function scanFunctionFolder(dir: string): FunctionSpec[] {
  const root = resolve(dir);
  const entries = readDir(dir);
  const config = readFolderConfig(root);
  const configName = basename(config.file ?? CONFIG_FILES[0]);
  const found = new Map<string, Found>();
  const add = (name: string, f: Found) => {
    const previous = found.get(name);
    if (previous) throw new FunctionFolderError(`Two functions are named '${name}': ${previous.entry} and ${f.entry}`);
    found.set(name, f);
  };

  for (const name of entries) {
    if (isIgnored(name)) continue;
    const path = join(root, name);
    const info = statOf(path);
    if (info?.isDirectory()) {
      const entry = folderEntry(path, config.functions[name]);
      if (entry) add(name, { kind: 'folder', root: path, entry });
      else if (config.functions[name]) throw new FunctionFolderError(`${configName}: '${name}' is a folder with no entry file its settings can use (index.js/.mjs/.ts, lambda_function.py, handler.py, bootstrap)`);
      continue;
    }
    const ext = extname(name);
    if (!info?.isFile() || !MODULE_EXTENSIONS.includes(ext) || isTestOrTypes(name)) continue;
    const fn = basename(name, ext);
    // A Python file without a handler is a module the functions share (a Node one is bundled in).
    if (ext === '.py' && !config.functions[fn] && !['lambda_handler', 'handler'].some((h) => pythonDefines(readFileSync(path, 'utf8'), h))) continue;
    add(fn, { kind: 'file', root, entry: path });
  }

  // A configured name that no file has takes the file its handler names, which then serves only it.
  const claimed = new Set<string>();
  for (const [fn, settings] of Object.entries(config.functions)) {
    if (found.has(fn)) continue;
    if (settings.handler === undefined) {
      throw new FunctionFolderError(`${configName}: '${fn}' names no file or folder in ${dir}; add a "handler" naming a file here (e.g. "app.handler" for app.ts)`);
    }
    const entry = moduleFile(root, settings.handler);
    if (!entry) {
      throw new FunctionFolderError(`${configName}: '${fn}'.handler "${settings.handler}" names no file in ${dir} (looked for ${MODULE_EXTENSIONS.map((e) => `*${e}`).join(', ')})`);
    }
    add(fn, { kind: 'file', root, entry });
    claimed.add(entry);
  }
  for (const [fn, f] of found) if (claimed.has(f.entry) && f.kind === 'file' && !config.functions[fn]) found.delete(fn);

  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, f]) => specOf(name, f, config.functions[name] ?? {}, configName));
}

function specOf(name: string, f: Found, settings: FunctionSettings, configName: string): FunctionSpec {
  if (!FUNCTION_NAME.test(name)) {
    throw new FunctionFolderError(`'${name}' (${f.entry}) cannot be a function name (1-64 letters, digits, - or _): rename it, or name it in ${configName}`);
  }
  const family = familyOf(f.entry);
  const runtime = settings.runtime ?? DEFAULT_RUNTIME[family];
  if (runtimeFamily(runtime) !== family) {
    throw new FunctionFolderError(`${configName}: '${name}'.runtime ${runtime} cannot run ${relative(f.root, f.entry)} (a ${family === 'provided' ? 'custom runtime bootstrap' : family === 'nodejs' ? 'Node.js' : 'Python'} file)`);
  }
  if (settings.handler !== undefined && family !== 'provided') {
    const module = moduleFile(f.root, settings.handler);
    // Node code is bundled from the entry alone, so the handler must name that file.
    if (!module || (family === 'nodejs' && module !== f.entry)) {
      const expected = family === 'nodejs' ? `; a Node function's handler names its own file, e.g. "${moduleName(f)}.${settings.handler.split('.').pop()}"` : '';
      throw new FunctionFolderError(`${configName}: '${name}'.handler "${settings.handler}" names no file of the function${expected}`);
    }
  }
  return {
    name,
    runtime,
    handler: settings.handler ?? defaultHandler(f),
    memorySize: settings.memorySize ?? 128,
    timeout: settings.timeout ?? 3,
    environment: { ...settings.environment },
    description: settings.description ?? '',
    kind: f.kind,
    root: f.root,
    entry: f.entry,
  };
}

/** The entry's path from the code root, without extension: the handler's module part. */
function moduleName(f: Found): string {
  const rel = relative(f.root, f.entry);
  return rel.slice(0, rel.length - extname(rel).length);
}

/** `<module>.handler` for Node; Python's `lambda_handler` (AWS's default name) unless only `handler` is defined. */
function defaultHandler(f: Found): string {
  const family = familyOf(f.entry);
  if (family === 'provided') return 'bootstrap';
  const module = moduleName(f);
  if (family === 'nodejs') return `${module}.handler`;
  const source = readFileSync(f.entry, 'utf8');
  return `${module}.${!pythonDefines(source, 'lambda_handler') && pythonDefines(source, 'handler') ? 'handler' : 'lambda_handler'}`;
}

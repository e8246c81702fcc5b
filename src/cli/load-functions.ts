import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { TaskContext, TaskHandler, TaskHandlers } from '../integrations/task-handler.js';
import { UserError } from './exit.js';

const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];
const SOURCE_EXTENSIONS = [...JS_EXTENSIONS, ...TS_EXTENSIONS];

/** What an AWS Lambda handler gets as `context`, plus the Task's own details. */
export interface LambdaContext extends TaskContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

type LambdaHandler = (event: unknown, context: LambdaContext, callback?: (error: unknown, result?: unknown) => void) => unknown;

/** Lambda's default timeout; only `getRemainingTimeInMillis` reads it, nothing enforces it here. */
const TIMEOUT_MS = 3000;

function lambdaContext(name: string, task: TaskContext): LambdaContext {
  const deadline = Date.now() + TIMEOUT_MS;
  return {
    ...task,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `stepwise/${name}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Async handlers, promise-returning ones, and old-style `(event, context, callback)` ones alike. */
function adapt(name: string, handler: LambdaHandler): TaskHandler {
  return (input, task) => {
    const context = lambdaContext(name, task);
    if (handler.length < 3) return handler(input, context);
    return new Promise((resolve, reject) => {
      const returned = handler(input, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (returned instanceof Promise) returned.then(resolve, reject);
    });
  };
}

/**
 * TypeScript is bundled (dependencies included, so the output runs from a temporary directory)
 * and imported; `require`, `__dirname` and `import.meta.url` keep pointing at the source.
 */
async function importTypeScript(file: string): Promise<Record<string, unknown>> {
  const sourceUrl = pathToFileURL(file).href;
  let code: string;
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      sourcemap: 'inline',
      logLevel: 'silent',
      define: {
        __dirname: JSON.stringify(dirname(file)),
        __filename: JSON.stringify(file),
        'import.meta.url': JSON.stringify(sourceUrl),
      },
      banner: { js: `import { createRequire as __stepwiseCreateRequire } from 'node:module';\nconst require = __stepwiseCreateRequire(${JSON.stringify(sourceUrl)});` },
    });
    code = result.outputFiles[0].text;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors;
    const first = errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
    throw new UserError(`Cannot compile ${file}: ${where}${first?.text ?? (e as Error).message}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-fn-'));
  try {
    const out = join(dir, `${basename(file, extname(file))}.mjs`);
    await writeFile(out, code);
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.includes(extname(file))) return importTypeScript(file);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`Cannot load ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `export const handler`, `export default handler`, or CommonJS `exports.handler`. */
function findHandler(mod: Record<string, unknown>): LambdaHandler | undefined {
  const fallback = mod.default as Record<string, unknown> | ((...args: unknown[]) => unknown) | undefined;
  const candidate = mod.handler ?? (typeof fallback === 'function' ? fallback : fallback?.handler);
  return typeof candidate === 'function' ? (candidate as LambdaHandler) : undefined;
}

const isSource = (file: string) =>
  SOURCE_EXTENSIONS.includes(extname(file)) && !/\.d\.[cm]?ts$/.test(file) && !/\.(test|spec)\.[cm]?[jt]s$/.test(file);

/** The function's entry file for a directory entry, or undefined when the entry is not a function. */
async function entryFile(path: string): Promise<string | undefined> {
  const info = await stat(path);
  if (info.isFile()) return isSource(path) ? path : undefined;
  if (!info.isDirectory()) return undefined;
  for (const ext of SOURCE_EXTENSIONS) {
    const index = join(path, `index${ext}`);
    if (await stat(index).then((s) => s.isFile(), () => false)) return index;
  }
  return undefined;
}

/** Every JS/TS file (or folder with an index) in `dir` is a function named by its basename. */
export async function loadFunctions(dir: string): Promise<TaskHandlers> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read --functions ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message}`);
  }
  const handlers: TaskHandlers = {};
  const origins = new Map<string, string>();
  for (const entry of entries) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const file = await entryFile(join(dir, entry));
    if (!file) continue;
    const name = basename(entry, extname(entry));
    const previous = origins.get(name);
    if (previous) throw new UserError(`Two functions are named '${name}': ${previous} and ${file}`);
    origins.set(name, file);
    const handler = findHandler(await importModule(file));
    if (!handler) throw new UserError(`${file} exports no handler (expected \`export const handler = async (event) => …\` or a default export)`);
    handlers[name] = adapt(name, handler);
  }
  return handlers;
}

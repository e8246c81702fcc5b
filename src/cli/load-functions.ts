/**
 * `--functions DIR`: the folder's functions (see `functions/function-folder.ts`) registered in an
 * in-memory Lambda service and run as Lambda runs them, each in its own process speaking the
 * Runtime API — Node, TypeScript and Python alike. With `--in-process`, JS/TS handlers are
 * instead imported into the CLI's own process (quicker to start, and a debugger sees them).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FunctionFolderError, scanFunctionFolder } from '../functions/function-folder.js';
import { bundleNode, handlerExport } from '../functions/function-folder-package.js';
import { registerFunctionFolder } from '../functions/function-folder-register.js';
import { FunctionService } from '../functions/function-service.js';
import { FunctionRuntime } from '../functions/runtime.js';
import { lambdaInvoker } from '../integrations/lambda.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import type { TaskContext, TaskHandler, TaskHandlers } from '../integrations/task-handler.js';
import { runtimeFamily } from '../functions/types.js';
import { UserError } from './exit.js';

export interface FunctionsFolder {
  /** The functions registered, in name order. */
  readonly names: readonly string[];
  /** Task states that call Lambda (function ARNs, `lambda:invoke`) run the functions; other Tasks go to `fallback`. */
  invoker(fallback?: TaskInvoker): TaskInvoker;
  /** Stops every function's process and removes the unpacked code. */
  close(): Promise<void>;
}

/** Lines the platform writes around each invocation; the function's own output is the rest. */
const PLATFORM_LINE = /^(START|END|REPORT) RequestId: /;
/** The time and request id the runtimes put in each logged line, as CloudWatch shows them. */
const LINE_PREFIX = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\t[0-9a-f-]{36}\t/;

/** A log line for a terminal: no time or request id, tabs as spaces, a multi-line record (`\r`-joined) on its lines. */
const readable = (message: string): string => message.replace(LINE_PREFIX, '').replace(/\t/g, ' ').replace(/\r/g, '\n');

export async function checkFunctionsDir(dir: string): Promise<void> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read --functions ${dir}: ${e.code === 'ENOENT' ? 'no such directory' : e.message}`);
  });
  if (!info.isDirectory()) throw new UserError(`Cannot read --functions ${dir}: not a directory`);
}

const userError = (e: unknown): unknown => (e instanceof FunctionFolderError ? new UserError(e.message) : e);

export interface OpenOptions {
  /** Gets each line the functions print, prefixed with the function's name. */
  log?: (line: string) => void;
  /** Functions to start now, all at once, rather than one cold start after another as Tasks reach them. */
  prewarm?: readonly string[];
}

/** Function names a definition calls by ARN or plain `FunctionName`, as far as its text shows. */
export function functionsNamedIn(definition: unknown): string[] {
  const text = JSON.stringify(definition) ?? '';
  const names = [...text.matchAll(/:function:([\w-]+)|"FunctionName":"([\w-]+)"/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(names)];
}

/** Registers every function of `dir` in an in-memory Lambda service with a runtime of its own. */
export async function openFunctionsFolder(dir: string, options: OpenOptions = {}): Promise<FunctionsFolder> {
  await checkFunctionsDir(dir);
  const codeDir = await mkdtemp(join(tmpdir(), 'stepwise-run-'));
  const runtime = new FunctionRuntime();
  const functions = new FunctionService({ runtime, dataDir: codeDir });
  const close = async () => {
    await functions.close();
    await runtime.close();
    await rm(codeDir, { recursive: true, force: true });
  };
  let names: readonly string[];
  try {
    names = (await registerFunctionFolder(dir, functions)).names;
  } catch (e) {
    await close();
    throw userError(e);
  }
  const log = options.log;
  const unfollow = log ? names.map((name) => runtime.followLogs(name, ({ message }) => PLATFORM_LINE.test(message) || log(`[${name}] ${readable(message)}`))) : [];
  const warming = (options.prewarm ?? [])
    .filter((name) => names.includes(name))
    .map((name) => functions.resolveConfig({ name }).then((config) => runtime.prewarm(config)).catch(() => undefined));
  return {
    names,
    invoker: (fallback) => lambdaInvoker(functions, fallback),
    close: async () => {
      for (const stop of unfollow) stop();
      await Promise.all(warming);
      await close();
    },
  };
}

/** `--in-process`: every JS/TS function of `dir` as a handler of this process. */
export async function loadFunctions(dir: string): Promise<TaskHandlers> {
  await checkFunctionsDir(dir);
  let specs;
  try {
    specs = scanFunctionFolder(dir);
  } catch (e) {
    throw userError(e);
  }
  const handlers: TaskHandlers = {};
  for (const spec of specs) {
    if (runtimeFamily(spec.runtime) !== 'nodejs') {
      throw new UserError(`${spec.entry} is a ${spec.runtime} function: --in-process runs JavaScript and TypeScript only (drop it to run every function in its own process)`);
    }
    const exportName = handlerExport(spec.handler);
    const bundled = await bundleNode(spec.entry, exportName).catch((e: unknown) => {
      throw userError(e);
    });
    const handler = (await importCode(bundled.code, spec.name))[exportName];
    if (typeof handler !== 'function') throw new UserError(`${spec.entry} exports no ${exportName} (expected \`export const ${exportName} = async (event) => …\` or a default export)`);
    handlers[spec.name] = adapt(spec.name, spec.timeout, spec.memorySize, handler as LambdaHandler);
  }
  return handlers;
}

async function importCode(code: string, name: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-fn-'));
  try {
    const file = join(dir, `${name}.mjs`);
    await writeFile(file, code);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`Cannot load function ${name}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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

/** Only `getRemainingTimeInMillis` reads the timeout: in-process, nothing enforces it. */
function lambdaContext(name: string, timeoutSeconds: number, memorySize: number, task: TaskContext): LambdaContext {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    ...task,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: String(memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `stepwise/${name}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Async handlers, promise-returning ones, and old-style `(event, context, callback)` ones alike. */
function adapt(name: string, timeout: number, memorySize: number, handler: LambdaHandler): TaskHandler {
  return (input, task) => {
    const context = lambdaContext(name, timeout, memorySize, task);
    if (handler.length < 3) return handler(input, context);
    return new Promise((resolve, reject) => {
      const returned = handler(input, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (returned instanceof Promise) returned.then(resolve, reject);
    });
  };
}

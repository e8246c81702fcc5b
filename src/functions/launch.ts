/**
 * How an execution environment's process is started: the command for the runtime, and the
 * environment Lambda gives a function — and nothing of the server's own environment.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { nodeBootstrap, pythonBootstrap } from './bootstrap-files.js';
import { randomHex } from './random-hex.js';
import { runtimeFamily, type FunctionConfig } from './types.js';

export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface LaunchContext {
  /** `host:port` of this environment's Runtime API. */
  runtimeApi: string;
  logStreamName: string;
  /** Variables every function gets, under its own (e.g. AWS_ENDPOINT_URL, credentials). */
  serverEnv: Record<string, string>;
  /** The Python interpreter, resolved once from the server's PATH. */
  python: string;
}

/** AWS's `YYYY/MM/DD/[version]<32 hex>`. */
export function logStreamName(version: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${randomHex(16)}`;
}

/** arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] → REGION. */
export function arnRegion(functionArn: string): string {
  return functionArn.split(':')[3] || 'us-east-1';
}

export function launchSpec(config: FunctionConfig, ctx: LaunchContext): LaunchSpec {
  const taskRoot = resolve(config.codeDir);
  const family = runtimeFamily(config.runtime);
  const region = arnRegion(config.functionArn);
  let command: string;
  let args: string[];
  let runtimeDir: string;
  let langBin: string[] = [];
  const languagePaths: Record<string, string> = {};
  if (family === 'nodejs') {
    command = process.execPath;
    runtimeDir = dirname(nodeBootstrap());
    // AWS's Node bootstrap caps the V8 heap below the function's memory, so a hog fails inside V8.
    args = [`--max-old-space-size=${Math.max(16, Math.floor(config.memorySize * 0.9))}`, nodeBootstrap()];
    langBin = [dirname(process.execPath)];
    languagePaths.NODE_PATH = [join(taskRoot, 'node_modules'), '/opt/nodejs/node_modules', taskRoot].join(':');
  } else if (family === 'python') {
    command = ctx.python;
    runtimeDir = dirname(pythonBootstrap());
    args = ['-u', pythonBootstrap()];
    langBin = [dirname(ctx.python)];
  } else {
    command = join(taskRoot, 'bootstrap');
    runtimeDir = taskRoot;
    args = [];
  }
  const unreserved: Record<string, string> = {
    PATH: [...langBin, '/usr/local/bin', '/usr/bin', '/bin', '/opt/bin'].join(':'),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LD_LIBRARY_PATH: ['/lib64', '/usr/lib64', runtimeDir, join(runtimeDir, 'lib'), taskRoot, join(taskRoot, 'lib'), '/opt/lib'].join(':'),
    AWS_ACCESS_KEY_ID: 'ASIASTEPWISELOCAL000',
    AWS_SECRET_ACCESS_KEY: 'stepwise-local-secret-access-key',
    AWS_SESSION_TOKEN: 'stepwise-local-session-token',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    ...languagePaths,
  };
  const reserved: Record<string, string> = {
    _HANDLER: config.handler,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: config.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: ctx.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_RUNTIME_API: ctx.runtimeApi,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
  };
  if (family !== 'provided') reserved.AWS_EXECUTION_ENV = `AWS_Lambda_${config.runtime}`;
  return { command, args, cwd: taskRoot, env: { ...unreserved, ...ctx.serverEnv, ...config.environment, ...reserved } };
}

let python: Promise<string> | undefined;

/**
 * The real interpreter behind `python3` on the server's PATH (`STEPWISE_PYTHON` overrides).
 * Shims such as pyenv's need the server's environment, which a function never gets.
 */
export function pythonExecutable(): Promise<string> {
  python ??= new Promise((resolvePath) => {
    const candidate = process.env.STEPWISE_PYTHON ?? 'python3';
    execFile(candidate, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000 }, (error, stdout) => {
      resolvePath(error ? candidate : stdout.trim() || candidate);
    });
  });
  return python;
}

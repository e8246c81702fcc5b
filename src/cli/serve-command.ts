/**
 * `stepwise serve`: the Step Functions API on one port, for the AWS SDKs and CLI
 * (`--endpoint-url http://127.0.0.1:8083`). Runs until SIGINT or SIGTERM, then lets requests in
 * flight finish, stops the service's work and exits 0.
 */
import { createLogger, parseLogLevel } from '../api/log.js';
import { startServer, type RunningServer } from '../api/server.js';
import { openStepwise } from '../app/stepwise.js';
import type { CliIO } from './engine-api.js';
import { ExitCode, UserError } from './exit.js';
import { FunctionFolderError } from '../functions/function-folder.js';
import { checkFunctionsDir } from './load-functions.js';
import { loadServeMock } from './serve-mock.js';

/** As Commander hands them over (see `main.ts`): flags, or the `STEPWISE_*` variables they mirror, or defaults. */
export interface ServeCommandOptions {
  port: string;
  host: string;
  dataDir: string;
  functions?: string;
  mock?: string;
  region: string;
  account: string;
}

/** What ends the server: a signal by default, anything that resolves in tests. */
export type StopSignal = Promise<string>;

function signalled(): StopSignal {
  return new Promise((done) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function checkOptions(options: ServeCommandOptions): number {
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65535) throw new UserError(`--port must be a port number (0-65535), got '${options.port}'`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.region)) throw new UserError(`--region must be an AWS region such as us-east-1, got '${options.region}'`);
  if (!/^\d{12}$/.test(options.account)) throw new UserError(`--account must be a 12-digit AWS account id, got '${options.account}'`);
  return port;
}

export async function serveCommand(options: ServeCommandOptions, io: CliIO, stop: StopSignal = signalled()): Promise<number> {
  const port = checkOptions(options);
  if (options.functions !== undefined) await checkFunctionsDir(options.functions);
  const mocks = options.mock ? await loadServeMock(options.mock, {}) : undefined;
  const log = createLogger(parseLogLevel(process.env.STEPWISE_LOG), io.stderr);
  // The folder's functions are Lambda functions of this server (list-functions shows them), kept in step with the folder.
  const app = await openStepwise({
    dataDir: options.dataDir,
    region: options.region,
    account: options.account,
    ...(options.functions !== undefined && { functionsDir: options.functions, functionsLog: log }),
    ...(mocks && { tasks: mocks }),
  }).catch((e: unknown) => {
    throw e instanceof FunctionFolderError ? new UserError(e.message) : e;
  });
  const { service } = app;
  await app.start();

  let server: RunningServer;
  try {
    server = await startServer({ service, port, host: options.host, log, routes: app.routes, ...(mocks && { invoker: mocks() }) });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} on ${options.host} is in use: choose another with --port or STEPWISE_PORT`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot listen on host '${options.host}'`);
    throw e;
  }

  const functions = app.functionsFolder?.names.length ?? 0;
  io.stdout(`Stepwise listening on ${server.url}  (AWS Step Functions and Lambda APIs; use --endpoint-url)`);
  io.stdout(
    `  console ${server.url}/; region ${options.region}, account ${options.account}; ${functions} function${functions === 1 ? '' : 's'}` +
      `${options.mock ? `, mocks ${options.mock}` : ''}; data in ${options.dataDir}; ` +
      `ready in ${Math.round(performance.now())} ms`,
  );

  const signal = await stop;
  log.info(`${signal}: shutting down`);
  // The console's live feeds are requests that never finish: end them, or the server waits for them.
  app.monitoring.close();
  await server.close();
  await app.close();
  io.stdout('Stepwise stopped');
  return ExitCode.Succeeded;
}

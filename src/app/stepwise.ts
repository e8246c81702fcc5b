/**
 * The composition root of a Stepwise server: one store (SQLite under the data dir, or memory),
 * the function runtime and registry (Lambda), the Step Functions service running Standard
 * executions durably, and Task states routed to Lambda functions, other state machines, mocks or
 * local handlers, in that order.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readBody, type HttpRoute } from '../api/server.js';
import { consoleRoutes } from '../api/console/routes.js';
import { handleLambdaRequest, isLambdaPath, MAX_LAMBDA_REQUEST_BYTES } from '../api/lambda/handler.js';
import { FunctionRuntime, functionLogDir } from '../functions/runtime.js';
import { FunctionService } from '../functions/function-service.js';
import { registerFunctionFolder, type FolderLog, type RegisteredFolder } from '../functions/function-folder-register.js';
import { lambdaInvoker } from '../integrations/lambda.js';
import { localInvoker, type TaskInvoker } from '../integrations/local-invoker.js';
import type { TaskHandlers } from '../integrations/task-handler.js';
import { Monitoring } from '../service/monitoring.js';
import { StepFunctionsService } from '../service/service.js';
import { MemoryFunctionStore, type FunctionStore } from '../store/function-store.js';
import { MemoryStore } from '../store/memory-store.js';
import { SqliteFunctionStore } from '../store/sqlite-function-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

export interface StepwiseOptions {
  /** Where state lives; `null` keeps everything in memory. */
  dataDir: string | null;
  region?: string;
  account?: string;
  /** In-process handlers for Task states; a Task none claims goes to the Lambda functions registered here. */
  handlers?: TaskHandlers;
  /** Replaces the handlers (Step Functions Local mocks in front of them); `next` is the Lambda invoker. */
  tasks?: (next: TaskInvoker) => TaskInvoker;
  skipWaits?: boolean;
  /** SQLite's fsync on every commit (default on). */
  fsync?: boolean;
  taskLeaseMs?: number;
  pollMs?: number;
  /** A functions folder: its functions are registered as Lambda functions and reloaded as it changes. */
  functionsDir?: string;
  /** Where the folder's reloads (and refused reloads) are told. */
  functionsLog?: FolderLog;
  /** The built console's files (default `console/dist` in the repository). */
  consoleDir?: string;
}

export interface Stepwise {
  service: StepFunctionsService;
  functions: FunctionService;
  runtime: FunctionRuntime;
  /** The functions folder being watched, when `functionsDir` was given. */
  functionsFolder?: RegisteredFolder;
  store: Store;
  /** Metrics and the live feed of committed steps, for the console. */
  monitoring: Monitoring;
  /** Routes the Lambda REST API and the console on the server's one port. */
  routes: HttpRoute[];
  /** Starts the durable work loop: after a restart this is the recovery. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function openStepwise(options: StepwiseOptions): Promise<Stepwise> {
  const dataDir = options.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let store: Store;
  let functionStore: FunctionStore;
  if (dataDir) {
    const sqlite = openSqliteStore(join(dataDir, 'stepwise.db'), { fsync: options.fsync ?? true });
    store = sqlite;
    functionStore = new SqliteFunctionStore(sqlite.db);
  } else {
    store = new MemoryStore();
    functionStore = new MemoryFunctionStore();
  }
  const runtime = new FunctionRuntime(dataDir ? { logDir: functionLogDir(dataDir) } : {});
  const functions = new FunctionService({
    runtime,
    dataDir: dataDir ?? join(tmpdir(), `stepwise-${process.pid}`),
    store: functionStore,
    region: options.region,
    account: options.account,
  });
  const lambda = lambdaInvoker(functions);
  const invoker = options.tasks ? options.tasks(lambda) : localInvoker(options.handlers, undefined, lambda);
  const monitoring = new Monitoring({ store });
  const service = new StepFunctionsService({
    onCommitted: (commit) => monitoring.committed(commit),
    store,
    invoker,
    region: options.region,
    account: options.account,
    skipWaits: options.skipWaits,
    nodeId: dataDir ? nodeId(dataDir) : undefined,
    taskLeaseMs: options.taskLeaseMs,
    pollMs: options.pollMs,
  });
  let functionsFolder: RegisteredFolder | undefined;
  if (options.functionsDir !== undefined) {
    try {
      functionsFolder = await registerFunctionFolder(options.functionsDir, functions, { watch: true, log: options.functionsLog });
    } catch (e) {
      await service.close();
      await runtime.close();
      throw e;
    }
  }
  const routes: HttpRoute[] = [
    async (req, res) => {
      if (!isLambdaPath(req.url ?? '/')) return false;
      await handleLambdaRequest(req, res, await readBody(req, MAX_LAMBDA_REQUEST_BYTES), functions);
      return true;
    },
  ];
  const app: Stepwise = {
    service,
    functions,
    runtime,
    functionsFolder,
    store,
    monitoring,
    routes,
    start: async () => {
      monitoring.start();
      await service.start();
    },
    close: async () => {
      monitoring.close();
      await functionsFolder?.close();
      await service.close();
      await functions.close();
      await runtime.close();
    },
  };
  routes.push(...consoleRoutes(app, { staticDir: options.consoleDir }));
  return app;
}

/**
 * This node's id, kept in the data dir: a server that restarts takes back the work it had
 * leased at once, instead of waiting for the leases to lapse.
 */
function nodeId(dataDir: string): string {
  const file = join(dataDir, 'node-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = `node-${randomUUID()}`;
  writeFileSync(file, id + '\n');
  return id;
}

import type { Diagnostic } from '../asl/diagnostics.js';
import { readDefinition } from './definition-file.js';
import type { CliIO, Engine, ExecutionResultLike } from './engine-api.js';
import { formatDiagnostic } from './explain.js';
import { ExitCode } from './exit.js';
import { parseInput } from './input.js';
import { localInvoker } from '../integrations/local-invoker.js';
import type { TaskHandlers } from '../integrations/task-handler.js';
import type { FunctionsFolder } from './load-functions.js';
import { loadMock } from './load-mock.js';
import { formatDuration, ProgressPrinter } from './progress.js';

export interface RunCommandOptions {
  input?: string;
  functions?: string;
  /** Import JS/TS functions into this process instead of running each in its own, as Lambda does. */
  inProcess?: boolean;
  mock?: string;
  skipWaits?: boolean;
  json?: boolean;
}

const hasDiagnostics = (e: unknown): e is Error & { diagnostics: readonly Diagnostic[] } =>
  e instanceof Error && Array.isArray((e as { diagnostics?: unknown }).diagnostics);

function reportInvalid(path: string, diagnostics: readonly Diagnostic[], io: CliIO): number {
  io.stderr(`${path} is not a valid state machine definition:`);
  for (const d of diagnostics) io.stderr(formatDiagnostic(d));
  io.stderr(`Run 'stepwise validate ${path}' for the full report.`);
  return ExitCode.Usage;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2) ?? 'undefined';

function printSummary(result: ExecutionResultLike, elapsedMs: number, io: CliIO): void {
  io.stdout('');
  io.stdout(`Status: ${result.status} in ${formatDuration(elapsedMs)}`);
  if (result.status === 'SUCCEEDED') {
    io.stdout('Output:');
    io.stdout(pretty(result.output));
    return;
  }
  if (result.error !== undefined) io.stdout(`Error:  ${result.error}`);
  if (result.cause !== undefined) io.stdout(`Cause:  ${result.cause}`);
}

/** `stepwise run`: exit 0 when the execution succeeds, 1 when it does not, 2 for bad usage or an invalid definition. */
export async function runCommand(definitionPath: string, options: RunCommandOptions, engine: Engine, io: CliIO): Promise<number> {
  const definition = await readDefinition(definitionPath);
  let machine: unknown;
  try {
    machine = engine.loadDefinition(definition.source);
  } catch (e) {
    if (hasDiagnostics(e)) return reportInvalid(definitionPath, e.diagnostics, io);
    throw e;
  }

  const input = await parseInput(options.input);
  const mock = options.mock ? await loadMock(options.mock, definition.machineName) : undefined;
  let handlers: TaskHandlers = {};
  let folder: FunctionsFolder | undefined;
  if (options.functions) {
    // Loaded only when needed: bundling and the function runtime would slow every other command.
    const functions = await import('./load-functions.js');
    if (options.inProcess) handlers = await functions.loadFunctions(options.functions);
    else folder = await functions.openFunctionsFolder(options.functions, { log: io.stderr, prewarm: functions.functionsNamedIn(definition.value) });
  }

  const printer = options.json ? undefined : new ProgressPrinter((line) => io.stdout(line));
  const started = Date.now();
  let result: ExecutionResultLike;
  try {
    result = await engine.runExecution(machine, {
      input,
      stateMachineName: definition.machineName,
      handlers,
      mock,
      // Mocked states first, as Step Functions Local does; every other Task calls the functions.
      ...(folder && { invoker: localInvoker(undefined, mock, folder.invoker()) }),
      skipWaits: options.skipWaits ?? false,
      onEvent: printer && ((event) => printer.onEvent(event)),
    });
  } finally {
    await folder?.close();
  }

  if (options.json) {
    const { status, output, error, cause, history } = result;
    io.stdout(pretty({ status, output: output ?? null, error: error ?? null, cause: cause ?? null, history }));
  } else {
    printSummary(result, Date.now() - started, io);
  }
  return result.status === 'SUCCEEDED' ? ExitCode.Succeeded : ExitCode.ExecutionFailed;
}

/**
 * `stepwise run | validate | graph | serve`. Every command returns its exit code; `bin/stepwise.js`
 * sets it. User mistakes become one line on stderr (exit 2), never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import type { CliIO, Engine } from './engine-api.js';
import { ExitCode, UserError } from './exit.js';
import { GRAPH_FORMATS, graphCommand, type GraphFormat } from './graph-command.js';
import { logsCommand, type LogsCommandOptions } from './logs-command.js';
import { runCommand, type RunCommandOptions } from './run-command.js';
import type { ServeCommandOptions } from './serve-command.js';
import { validateCommand } from './validate-command.js';

const processIO: CliIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

// Loaded on first use so that `graph` and `--help` stay fast.
const loadEngine = async (): Promise<Engine> => import('../index.js');

function buildProgram(io: CliIO, engine: () => Promise<Engine>, setExit: (code: number) => void): Command {
  const program = new Command('stepwise')
    .description('Run, check and draw AWS Step Functions state machines locally')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) })
    .showHelpAfterError('(run stepwise --help for usage)');

  program
    .command('run')
    .description('run an execution, showing each state as it happens')
    .argument('<definition>', 'ASL definition (.json, .yaml)')
    .option('--input <json|@file>', 'execution input: inline JSON, @file, or a path to a JSON/YAML file', undefined)
    .option('--functions <dir>', 'folder of Lambda functions (*.js, *.mjs, *.ts, *.py, or folders with an index, lambda_function.py or bootstrap), each run in its own process')
    .option('--in-process', 'import JS/TS functions into this process instead (faster to start; a debugger sees them)', false)
    .option('--mock <file#TestCase>', 'Step Functions Local MockConfigFile and the test case to use')
    .option('--skip-waits', 'complete Wait states immediately', false)
    .option('--json', 'print one JSON object {status, output, error, cause, history} instead', false)
    .action(async (definition: string, options: RunCommandOptions) => setExit(await runCommand(definition, options, await engine(), io)));

  program
    .command('validate')
    .description("check a definition as AWS's ValidateStateMachineDefinition does, explaining each problem")
    .argument('<definition>', 'ASL definition (.json, .yaml)')
    .action(async (definition: string) => setExit(await validateCommand(definition, await engine(), io)));

  program
    .command('graph')
    .description('print the state machine as a Mermaid or Graphviz DOT graph')
    .argument('<definition>', 'ASL definition (.json, .yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .action(async (definition: string, options: { format: GraphFormat }) => setExit(await graphCommand(definition, options.format, io)));

  program
    .command('serve')
    .description('serve the AWS Step Functions API for the AWS SDKs and CLI (--endpoint-url)')
    .addOption(new Option('--port <port>', 'port to listen on').env('STEPWISE_PORT').default('8083'))
    .addOption(new Option('--host <host>', 'address to listen on').env('STEPWISE_HOST').default('127.0.0.1'))
    .addOption(new Option('--data-dir <dir>', 'where durable state lives').env('STEPWISE_DATA_DIR').default('./.stepwise/'))
    .option('--functions <dir>', 'folder of Lambda functions to register, reloaded when it changes')
    .option('--mock <file#TestCase>', 'Step Functions Local MockConfigFile and the test case to use')
    .addOption(new Option('--region <region>', 'region in ARNs').env('STEPWISE_REGION').default('us-east-1'))
    .addOption(new Option('--account <id>', 'account id in ARNs').env('STEPWISE_ACCOUNT').default('123456789012'))
    .action(async (options: ServeCommandOptions) => setExit(await (await import('./serve-command.js')).serveCommand(options, io)));

  program
    .command('logs')
    .description("print a function's log (START, output, END, REPORT lines), or follow it")
    .argument('<function>', 'function name')
    .option('--follow', 'keep printing new lines as they are written', false)
    .addOption(new Option('--data-dir <dir>', 'where durable state lives').env('STEPWISE_DATA_DIR').default('./.stepwise/'))
    .action(async (fn: string, options: LogsCommandOptions) => setExit(await logsCommand(fn, options, io)));

  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) });
  }
  return program;
}

export async function main(argv: string[], io: CliIO = processIO, engine: () => Promise<Engine> = loadEngine): Promise<number> {
  let exitCode: number = ExitCode.Succeeded;
  const program = buildProgram(io, engine, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      const informational = e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
      return informational ? ExitCode.Succeeded : ExitCode.Usage;
    }
    if (e instanceof UserError) {
      io.stderr(`stepwise: ${e.message}`);
      return ExitCode.Usage;
    }
    io.stderr(`stepwise: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.STEPWISE_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack);
    else io.stderr('(set STEPWISE_DEBUG=1 to see the stack trace)');
    return ExitCode.ExecutionFailed;
  }
}

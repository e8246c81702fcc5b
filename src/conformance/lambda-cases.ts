/**
 * The `lambda` conformance group: cases whose Task states call Python functions the case itself
 * carries (`lambdas`: name → source). Each case gets its own function service and process
 * runtime: its functions are created under the names the case gives them (the names its
 * definition and input use), through CreateFunction with a zip of the source, and the execution
 * or TestState call runs with the Lambda invoker in front of them. Everything is torn down after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { loadDefinition } from '../asl/load.js';
import { FunctionService } from '../functions/function-service.js';
import { FunctionRuntime } from '../functions/runtime.js';
import { lambdaInvoker } from '../integrations/lambda.js';
import { runExecution } from '../runner/local-runner.js';
import { testStateAction } from '../service/test-state-action.js';
import { recordedRun, testStateOutcome, type ConformanceCase } from './case.js';
import { testStateRequest } from './run-case.js';

export interface CaseLambda {
  handler_file: string;
  runtime: string;
  source: string;
}

export interface LambdaCaseOutcome {
  status: string;
  output: unknown;
  error: unknown;
  cause: unknown;
  nextState?: string;
}

/**
 * The recorded functions were deployed as `handler.py` with handler `handler.handler` (their
 * stack traces say `/var/task/handler.py`), on a Python runtime named like `python3_12`.
 */
const DEPLOYED_FILE = 'handler.py';
const DEPLOYED_HANDLER = 'handler.handler';
const ROLE = 'arn:aws:iam::111111111111:role/lambda-role';
/** Long enough for any Task timeout a case sets to fire first, as it did on AWS. */
const FUNCTION_TIMEOUT_SECONDS = 60;

const lambdasOf = (c: ConformanceCase): Record<string, CaseLambda> => ((c as { lambdas?: Record<string, CaseLambda> }).lambdas ?? {});

/** `python3_12` → `python3.12`. */
const runtimeName = (recorded: string): string => recorded.replace(/_/g, '.');

/** Runs `work` with the case's functions created in a fresh service; tears everything down after. */
async function withCaseFunctions<T>(c: ConformanceCase, work: (functions: FunctionService) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-lambda-case-'));
  const runtime = new FunctionRuntime();
  try {
    const functions = new FunctionService({ runtime, dataDir });
    for (const [name, fn] of Object.entries(lambdasOf(c))) {
      await functions.createFunction({
        FunctionName: name,
        Runtime: runtimeName(fn.runtime),
        Role: ROLE,
        Handler: DEPLOYED_HANDLER,
        Timeout: FUNCTION_TIMEOUT_SECONDS,
        Code: { ZipFile: zipSync({ [DEPLOYED_FILE]: strToU8(fn.source) }) },
      });
    }
    return await work(functions);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether any Task state bounds its run time: a real function cannot be skipped past, so such cases run in real time. */
function hasTaskTimeout(definition: unknown): boolean {
  return /"(TimeoutSeconds|TimeoutSecondsPath|HeartbeatSeconds|HeartbeatSecondsPath)"/.test(JSON.stringify(definition));
}

export async function runLambdaExecutionCase(c: ConformanceCase): Promise<LambdaCaseOutcome> {
  const machine = loadDefinition(c.definition as object, { type: c.state_machine?.type });
  return withCaseFunctions(c, async (functions) => {
    const r = await runExecution(machine, {
      ...recordedRun(c),
      skipWaits: !hasTaskTimeout(c.definition),
      history: false,
      invoker: lambdaInvoker(functions),
    });
    return { status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null };
  });
}

export async function runLambdaTestStateCase(c: ConformanceCase): Promise<LambdaCaseOutcome> {
  return withCaseFunctions(c, async (functions) => {
    return testStateOutcome(await testStateAction(testStateRequest(c), { invoker: lambdaInvoker(functions) }));
  });
}

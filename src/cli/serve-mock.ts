/**
 * `stepwise serve --mock FILE#TestCase`: every execution of a state machine the MockConfigFile
 * names runs with that machine's test case; other machines' Tasks go to the local handlers.
 * Mocks count each state's invocations per execution, so each execution gets its own invoker.
 */
import { localInvoker, type TaskInvoker } from '../integrations/local-invoker.js';
import { MockConfigError, selectTestCase, type MockConfig } from '../integrations/mock-config.js';
import type { TaskHandlers } from '../integrations/task-handler.js';
import { UserError } from './exit.js';
import { readMockSpec } from './load-mock.js';

/** Invokers of executions that may still be running; the oldest are forgotten past this many. */
const REMEMBERED_EXECUTIONS = 10_000;

/** Reads and checks the mock file now; the invoker is made once the server knows what comes after it. */
export async function loadServeMock(spec: string, handlers: TaskHandlers): Promise<(next?: TaskInvoker) => TaskInvoker> {
  const { file, config, testCase } = await readMockSpec(spec);
  const machines = Object.keys(config.StateMachines).filter((m) => config.StateMachines[m].TestCases[testCase]);
  if (machines.length === 0) throw new UserError(`${file}: no state machine has a mock test case '${testCase}'`);
  try {
    for (const machine of machines) selectTestCase(config, testCase, machine); // refuses responses the config lacks, now rather than mid-execution
  } catch (e) {
    if (e instanceof MockConfigError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
  return (next) => mockInvoker(config, testCase, handlers, next);
}

/** `next` takes the Tasks neither a mock nor a handler claims (e.g. registered Lambda functions). */
export function mockInvoker(config: MockConfig, testCase: string, handlers: TaskHandlers, next?: TaskInvoker): TaskInvoker {
  const plain = localInvoker(handlers, undefined, next);
  const perExecution = new Map<string, TaskInvoker>();
  return (request) => {
    let invoker = perExecution.get(request.executionArn);
    if (!invoker) {
      const machine = machineOf(request.executionArn);
      const mocked = config.StateMachines[machine]?.TestCases[testCase] !== undefined;
      invoker = mocked ? localInvoker(handlers, selectTestCase(config, testCase, machine), next) : plain;
      perExecution.set(request.executionArn, invoker);
      if (perExecution.size > REMEMBERED_EXECUTIONS) perExecution.delete(perExecution.keys().next().value as string);
    }
    return invoker(request);
  };
}

/** `arn:aws:states:region:account:execution:Machine:Name` (or `express:…`) → `Machine`. */
const machineOf = (executionArn: string): string => executionArn.split(':')[6] ?? '';

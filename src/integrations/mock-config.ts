/**
 * Step Functions Local's MockConfigFile: test cases that map Task state names to mocked
 * responses, each response a list of `Return`/`Throw` outcomes keyed by invocation number
 * ("0", "1-2", …). See the AWS guide "Configuration file for mocked service integrations".
 */

export type MockedOutcome = { Return: unknown } | { Throw: { Error: string; Cause: string } };

export interface MockConfig {
  /** machine name → test case name → (state name → mocked response name) */
  StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  /** mocked response name → outcomes in invocation order (ranges expanded) */
  MockedResponses: Record<string, MockedOutcome[]>;
}

export interface MockTestCase {
  readonly machineName: string;
  readonly testCaseName: string;
  /**
   * The outcome of the `invocation`-th call (from 0, retries included) of `stateName`'s task;
   * `undefined` when the test case does not mock that state, so the real handler runs.
   */
  responseFor(stateName: string, invocation: number): MockedOutcome | undefined;
  /** Whether the test case mocks this state at all. */
  mocks(stateName: string): boolean;
}

export class MockConfigError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function requireObject(value: unknown, where: string): Record<string, unknown> {
  if (!isObject(value)) throw new MockConfigError(`${where} must be a JSON object`);
  return value;
}

/** "3" → [3, 3]; "1-2" → [1, 2] (inclusive, as in Step Functions Local). */
function parseRange(key: string, where: string): [number, number] {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(key);
  if (!match) {
    throw new MockConfigError(`${where}: invocation key '${key}' must be a number ("0") or an inclusive range ("1-2")`);
  }
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (end < start) throw new MockConfigError(`${where}: range '${key}' ends before it starts`);
  return [start, end];
}

function parseOutcome(value: unknown, where: string): MockedOutcome {
  const step = requireObject(value, where);
  const hasReturn = 'Return' in step;
  const hasThrow = 'Throw' in step;
  if (hasReturn === hasThrow) throw new MockConfigError(`${where} must contain exactly one of 'Return' or 'Throw'`);
  if (hasReturn) return { Return: step.Return };
  const thrown = requireObject(step.Throw, `${where}.Throw`);
  if (typeof thrown.Error !== 'string' || typeof thrown.Cause !== 'string') {
    throw new MockConfigError(`${where}.Throw must have string fields 'Error' and 'Cause'`);
  }
  return { Throw: { Error: thrown.Error, Cause: thrown.Cause } };
}

/** Invocation keys must cover 0, 1, 2, … without gaps or overlaps; expanded into one outcome per invocation. */
function parseMockedResponse(value: unknown, where: string): MockedOutcome[] {
  const ranges = Object.entries(requireObject(value, where))
    .map(([key, step]) => ({ key, range: parseRange(key, where), outcome: parseOutcome(step, `${where}["${key}"]`) }))
    .sort((a, b) => a.range[0] - b.range[0]);
  if (ranges.length === 0) throw new MockConfigError(`${where} must define at least invocation "0"`);
  const outcomes: MockedOutcome[] = [];
  for (const { key, range, outcome } of ranges) {
    if (range[0] !== outcomes.length) {
      throw new MockConfigError(
        `${where}: invocations must be numbered consecutively from 0; '${key}' starts at ${range[0]} but ${outcomes.length} was expected`,
      );
    }
    for (let i = range[0]; i <= range[1]; i++) outcomes.push(outcome);
  }
  return outcomes;
}

function parseTestCase(value: unknown, where: string): Record<string, string> {
  const states = requireObject(value, where);
  for (const [state, response] of Object.entries(states)) {
    if (typeof response !== 'string') throw new MockConfigError(`${where}.${state} must be the name of a mocked response`);
  }
  return states as Record<string, string>;
}

/** Checks the whole file's shape up front so a typo is reported before anything runs. */
export function parseMockConfig(json: unknown): MockConfig {
  const root = requireObject(json, 'The mock config');
  const machines = requireObject(root.StateMachines ?? {}, 'StateMachines');
  const responses = requireObject(root.MockedResponses ?? {}, 'MockedResponses');
  const config: MockConfig = { StateMachines: {}, MockedResponses: {} };
  for (const [name, machine] of Object.entries(machines)) {
    const where = `StateMachines.${name}`;
    const testCases = requireObject(requireObject(machine, where).TestCases, `${where}.TestCases`);
    config.StateMachines[name] = { TestCases: {} };
    for (const [caseName, testCase] of Object.entries(testCases)) {
      config.StateMachines[name].TestCases[caseName] = parseTestCase(testCase, `${where}.TestCases.${caseName}`);
    }
  }
  for (const [name, response] of Object.entries(responses)) {
    config.MockedResponses[name] = parseMockedResponse(response, `MockedResponses.${name}`);
  }
  return config;
}

/**
 * Finds `testCase` under `machineName` when the config has that machine; otherwise under the
 * one machine that defines a test case of that name (the CLI only knows a file name).
 */
function findMachine(config: MockConfig, testCase: string, machineName?: string): string {
  if (machineName !== undefined && config.StateMachines[machineName]) return machineName;
  const owners = Object.keys(config.StateMachines).filter((m) => config.StateMachines[m].TestCases[testCase]);
  if (owners.length === 1) return owners[0];
  const known = Object.entries(config.StateMachines)
    .flatMap(([m, { TestCases }]) => Object.keys(TestCases).map((c) => `${m}#${c}`))
    .join(', ');
  if (owners.length === 0) {
    throw new MockConfigError(`Unknown mock test case '${testCase}'${known ? ` (known: ${known})` : ' (the config defines none)'}`);
  }
  throw new MockConfigError(`Mock test case '${testCase}' is defined by several state machines (${owners.join(', ')}); name the machine`);
}

export function selectTestCase(config: MockConfig, testCase: string, machineName?: string): MockTestCase {
  const machine = findMachine(config, testCase, machineName);
  const mocked = config.StateMachines[machine].TestCases[testCase];
  if (!mocked) {
    const known = Object.keys(config.StateMachines[machine].TestCases).join(', ') || 'none';
    throw new MockConfigError(`State machine '${machine}' has no mock test case '${testCase}' (known: ${known})`);
  }
  for (const [state, response] of Object.entries(mocked)) {
    if (!config.MockedResponses[response]) {
      throw new MockConfigError(`Test case '${testCase}' maps state '${state}' to unknown mocked response '${response}'`);
    }
  }
  return {
    machineName: machine,
    testCaseName: testCase,
    mocks: (stateName) => mocked[stateName] !== undefined,
    responseFor(stateName, invocation) {
      const responseName = mocked[stateName];
      if (responseName === undefined) return undefined;
      const outcomes = config.MockedResponses[responseName];
      // AWS: "you must specify a mocked response for every invocation"; running out fails the
      // execution rather than silently calling the real service.
      return (
        outcomes[invocation] ?? {
          Throw: {
            Error: 'States.Runtime',
            Cause: `Mocked response '${responseName}' for state '${stateName}' defines ${outcomes.length} invocation(s); invocation ${invocation} has none`,
          },
        }
      );
    },
  };
}

// The four workloads, shared by both engines so they run the same definitions, inputs and
// handlers. "Transitions" = states entered (Map iteration states included), derived from the
// shape of each workload; child.js checks the formula against each engine's own history.
import assert from 'node:assert/strict';

const FULL = { chainStates: 1000, chainRuns: 100, loopCount: 100_000, mapItems: 10_000, taskRuns: 10_000 };
const QUICK = { chainStates: 100, chainRuns: 10, loopCount: 1_000, mapItems: 500, taskRuns: 500 };

export function sizes(quick) {
  return quick ? QUICK : FULL;
}

function passChain({ chainStates, chainRuns }) {
  const name = (i) => `Pass${i}`;
  const States = {};
  for (let i = 0; i < chainStates; i++) {
    States[name(i)] = i + 1 < chainStates ? { Type: 'Pass', Next: name(i + 1) } : { Type: 'Pass', End: true };
  }
  const input = { id: 42, tags: ['a', 'b'] };
  return {
    label: `pass chain ${chainStates} x ${chainRuns}`,
    definition: { StartAt: name(0), States },
    executions: chainRuns,
    input: () => input,
    statesPerExecution: chainStates,
    verify: (output) => assert.deepEqual(output, input),
  };
}

function choiceLoop({ loopCount }) {
  return {
    label: `choice loop to ${loopCount}`,
    definition: {
      StartAt: 'Increment',
      States: {
        Increment: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Variable: '$.count', NumericLessThan: loopCount, Next: 'Increment' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    executions: 1,
    input: () => ({ count: 0 }),
    statesPerExecution: 2 * loopCount + 1,
    verify: (output) => assert.deepEqual(output, { count: loopCount }),
  };
}

function inlineMap({ mapItems }) {
  const items = Array.from({ length: mapItems }, (_, i) => i * 3);
  return {
    label: `inline map ${mapItems} items`,
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'kind': 'item' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Each',
            States: { Each: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    },
    executions: 1,
    input: () => ({ items }),
    statesPerExecution: mapItems + 1,
    verify: (output) =>
      assert.deepEqual(output, items.map((value, index) => ({ index, value, kind: 'item' }))),
  };
}

function taskTrio({ taskRuns }) {
  const arn = (fn) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;
  return {
    label: `3 tasks x ${taskRuns}`,
    definition: {
      StartAt: 'Fetch',
      States: {
        Fetch: { Type: 'Task', Resource: arn('fetch'), Next: 'Enrich' },
        Enrich: { Type: 'Task', Resource: arn('enrich'), Next: 'Total' },
        Total: { Type: 'Task', Resource: arn('total'), End: true },
      },
    },
    // Keyed by state name: both engines accept that.
    handlers: {
      Fetch: async (event) => ({ id: event.id, price: 10, qty: event.qty }),
      Enrich: async (event) => ({ ...event, tax: 2 }),
      Total: async (event) => ({ id: event.id, total: event.price * event.qty + event.tax }),
    },
    executions: taskRuns,
    input: (i) => ({ id: i, qty: 3 }),
    statesPerExecution: 3,
    verify: (output, i) => assert.deepEqual(output, { id: i, total: 32 }),
  };
}

export const SCENARIOS = { chain: passChain, loop: choiceLoop, map: inlineMap, tasks: taskTrio };

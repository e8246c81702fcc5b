import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEventLike } from './engine-api.js';
import { formatDuration, ProgressPrinter } from './progress.js';

/** Events as AWS names them, 10ms apart; `[type, details]` pairs. */
function replay(events: [string, Record<string, unknown>?][]): string[] {
  const lines: string[] = [];
  const printer = new ProgressPrinter((line) => lines.push(line));
  events.forEach(([type, details = {}], i) => {
    const key = type.endsWith('StateEntered')
      ? 'stateEnteredEventDetails'
      : type.endsWith('StateExited')
        ? 'stateExitedEventDetails'
        : `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
    const event: HistoryEventLike = { id: i + 1, previousEventId: i, timestamp: new Date(Date.UTC(2024, 0, 1) + i * 10).toISOString(), type, [key]: details };
    printer.onEvent(event);
  });
  return lines;
}

test('one line per state with type and duration', () => {
  assert.deepEqual(
    replay([
      ['ExecutionStarted', { input: {} }],
      ['PassStateEntered', { name: 'A' }],
      ['PassStateExited', { name: 'A' }],
      ['ChoiceStateEntered', { name: 'B?' }],
      ['ChoiceStateExited', { name: 'B?' }],
      ['ExecutionSucceeded', { output: {} }],
    ]),
    ['✓ A  Pass  10ms', '✓ B?  Choice  10ms'],
  );
});

test('retries and a caught Lambda error (its JSON cause shown as the message)', () => {
  const cause = JSON.stringify({ errorType: 'Declined', errorMessage: 'card declined', trace: [] });
  assert.deepEqual(
    replay([
      ['TaskStateEntered', { name: 'Pay' }],
      ['LambdaFunctionScheduled', {}],
      ['LambdaFunctionFailed', { error: 'Timeout', cause: 'slow' }],
      ['LambdaFunctionScheduled', {}],
      ['LambdaFunctionFailed', { error: 'Timeout', cause: 'slow' }],
      ['LambdaFunctionScheduled', {}],
      ['LambdaFunctionFailed', { error: 'Declined', cause }],
      ['TaskStateExited', { name: 'Pay' }],
      ['TaskStateEntered', { name: 'Charge' }],
      ['TaskScheduled', {}],
      ['TaskFailed', { error: 'Timeout' }],
      ['TaskScheduled', {}],
      ['TaskSucceeded', {}],
      ['TaskStateExited', { name: 'Charge' }],
    ]),
    [
      '↪ Pay  Task  70ms  (2 retries after Timeout; caught Declined: card declined)',
      '✓ Charge  Task  50ms  (1 retry after Timeout)',
    ],
  );
});

test('Map iterations are indented, and summarised after the first few', () => {
  const iteration = (index: number): [string, Record<string, unknown>?][] => [
    ['MapIterationStarted', { name: 'M', index }],
    ['PassStateEntered', { name: 'Item' }],
    ['PassStateExited', { name: 'Item' }],
    ['MapIterationSucceeded', { name: 'M', index }],
  ];
  assert.deepEqual(
    replay([
      ['MapStateEntered', { name: 'M' }],
      ['MapStateStarted', { length: 5 }],
      ...[0, 1, 2, 3, 4].flatMap(iteration),
      ['MapStateSucceeded', {}],
      ['MapStateExited', { name: 'M' }],
    ]),
    [
      '▸ M  Map',
      '  · iteration 0',
      '  ✓ Item  Pass  10ms',
      '  · iteration 1',
      '  ✓ Item  Pass  10ms',
      '  · iteration 2',
      '  ✓ Item  Pass  10ms',
      '✓ M  Map  230ms  (5 iterations, 2 not shown)',
    ],
  );
});

test('a failed Parallel branch reports its unfinished states, then the Parallel', () => {
  assert.deepEqual(
    replay([
      ['ParallelStateEntered', { name: 'P' }],
      ['ParallelStateStarted', {}],
      ['PassStateEntered', { name: 'Left' }],
      ['TaskStateEntered', { name: 'Right' }],
      ['PassStateExited', { name: 'Left' }],
      ['TaskScheduled', {}],
      ['TaskFailed', { error: 'Boom', cause: 'it broke' }],
      ['ParallelStateFailed', { error: 'Boom', cause: 'it broke' }],
      ['ExecutionFailed', { error: 'Boom', cause: 'it broke' }],
    ]),
    ['▸ P  Parallel', '  ✓ Left  Pass  20ms', '  ✗ Right  Task  40ms  (Boom: it broke)', '✗ P  Parallel  80ms  (Boom: it broke)'],
  );
});

test('a Fail state shows the execution error', () => {
  assert.deepEqual(
    replay([
      ['FailStateEntered', { name: 'Nope' }],
      ['ExecutionFailed', { error: 'OrderFailed', cause: 'x'.repeat(200) }],
    ]),
    [`✗ Nope  Fail  10ms  (OrderFailed: ${'x'.repeat(97)}...)`],
  );
});

test('durations read well at every scale', () => {
  assert.equal(formatDuration(3), '3ms');
  assert.equal(formatDuration(1234), '1.23s');
  assert.equal(formatDuration(12_345), '12.3s');
  assert.equal(formatDuration(125_000), '2m 5s');
});

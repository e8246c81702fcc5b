/**
 * The console's per-state derivation, fed histories the engine really writes (in-process runs),
 * both as the engine keeps them and as GetExecutionHistory sends them on the wire.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDefinition, runExecution, type HistoryEvent } from '../../src/index.js';
import { eventToWire } from '../../src/api/history-wire.js';
import { deriveExecution, mapIterations, stateSummaries, timelineRows, type StateStatus } from '../../console/src/model/execution-state.js';

const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      ResultPath: null,
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      Next: 'Each',
    },
    Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Check', States: { Check: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:check', End: true } } }, ResultPath: '$.checked', Next: 'Charge' },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
      Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2, IntervalSeconds: 1 }],
      Catch: [{ ErrorEquals: ['Declined'], Next: 'Refund' }],
      Next: 'Done',
    },
    Refund: { Type: 'Fail', Error: 'PaymentDeclined', Cause: 'the card was declined' },
    Done: { Type: 'Succeed' },
  },
};

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

async function history(charge: (attempt: number) => unknown, check: (item: number) => unknown = (n) => n): Promise<HistoryEvent[]> {
  let attempt = 0;
  const result = await runExecution(loadDefinition(definition), {
    input: { items: [1, 2, 3] },
    skipWaits: true,
    handlers: {
      check: async (item) => check(item as number),
      charge: async () => charge(++attempt),
    },
  });
  return result.history;
}

const statusOf = (events: HistoryEvent[]) => {
  const summaries = stateSummaries(deriveExecution(events, { definition }));
  return Object.fromEntries([...summaries].map(([name, s]) => [name, s.status]));
};

test('a run that retried, then succeeded: every state it passed has its outcome', async () => {
  const events = await history((n) => {
    if (n < 3) throw named('Flaky', `attempt ${n}`);
    return { paid: true };
  });
  const view = deriveExecution(events, { definition });
  assert.equal(view.status, 'SUCCEEDED');
  assert.deepEqual(statusOf(events), {
    Fan: 'succeeded', Left: 'succeeded', Right: 'succeeded', Each: 'succeeded', Check: 'succeeded', Charge: 'retried', Done: 'succeeded',
  } satisfies Record<string, StateStatus>);
  const charge = view.runs.find((r) => r.name === 'Charge')!;
  assert.equal(charge.retries, 2);
  assert.deepEqual(charge.attempts.map((a) => a.error), ['Flaky', 'Flaky', undefined]);
  assert.deepEqual(charge.output, { paid: true });
  assert.ok(charge.end! >= charge.start);
});

test('a caught error leads to a failed Fail state; the states after it are not reached', async () => {
  const events = await history(() => {
    throw named('Declined', 'card 4242 declined');
  });
  const view = deriveExecution(events, { definition });
  assert.equal(view.status, 'FAILED');
  assert.equal(view.error, 'PaymentDeclined');
  const statuses = statusOf(events);
  assert.equal(statuses.Charge, 'caught');
  assert.equal(statuses.Refund, 'failed');
  assert.equal(statuses.Done, undefined, 'Done never ran');
  const charge = view.runs.find((r) => r.name === 'Charge')!;
  assert.equal(charge.error, 'Declined');
  assert.match(charge.cause ?? '', /card 4242 declined/);
  const refund = view.runs.find((r) => r.name === 'Refund')!;
  assert.equal(refund.error, 'PaymentDeclined');
  assert.equal(refund.cause, 'the card was declined');
});

test('branches and iterations are told apart; one failed iteration fails the Map and the execution', async () => {
  const events = await history(() => ({}), (n) => {
    if (n === 2) throw named('BadItem', 'item 2 is bad');
    return n;
  });
  const view = deriveExecution(events, { definition });
  assert.equal(view.status, 'FAILED');
  const fan = view.runs.find((r) => r.name === 'Fan')!;
  assert.deepEqual(fan.children.map((c) => [c.label, c.runs.map((r) => r.name)]), [['Branch 1', ['Left']], ['Branch 2', ['Right']]]);
  const iterations = mapIterations(view).get('Each')!;
  assert.deepEqual(iterations.map((i) => [i.index, i.status]), [[0, 'succeeded'], [1, 'failed'], [2, iterations[2].status]]);
  assert.equal(iterations[1].runs[0].error, 'BadItem');
  assert.equal(statusOf(events).Each, 'failed');
  // Picking iteration 0 shows that iteration's Check; the whole Map shows the worst one.
  assert.equal(stateSummaries(view, { Each: 0 }).get('Check')!.status, 'succeeded');
  assert.equal(stateSummaries(view, { Each: 1 }).get('Check')!.status, 'failed');
  assert.equal(stateSummaries(view).get('Check')!.status, 'failed');
  assert.equal(stateSummaries(view).get('Check')!.runs, iterations.reduce((n, i) => n + i.runs.length, 0));
});

test('the wire form (epoch seconds, JSON text) derives the same view', async () => {
  const events = await history((n) => {
    if (n < 2) throw named('Flaky', 'once');
    return { ok: 1 };
  });
  const wire = events.map((e) => {
    const w = eventToWire(e);
    return { ...w, timestamp: Date.parse(e.timestamp) / 1000 };
  });
  const a = deriveExecution(events, { definition });
  const b = deriveExecution(wire, { definition });
  assert.deepEqual(b.runs.map((r) => [r.name, r.status, r.output]), a.runs.map((r) => [r.name, r.status, r.output]));
  assert.equal(b.runs[0].start, a.runs[0].start);
});

test('a history cut short is a running execution: its open state is running', async () => {
  const events = await history(() => ({}));
  const cut = events.slice(0, events.findIndex((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'Charge') + 2);
  const view = deriveExecution(cut, { definition });
  assert.equal(view.status, 'RUNNING');
  assert.equal(stateSummaries(view).get('Charge')!.status, 'running');
  assert.equal(view.runs.find((r) => r.name === 'Charge')!.end, undefined);
});

test('the timeline nests branches and iterations under their state, opening the chosen iteration only', async () => {
  const events = await history(() => ({}));
  const view = deriveExecution(events, { definition });
  const rows = timelineRows(view, { Each: 2 });
  const outline = rows.map((r) => `${'  '.repeat(r.depth)}${r.label}`);
  assert.deepEqual(outline, [
    'Fan', '  Branch 1', '    Left', '  Branch 2', '    Right',
    'Each', '  Iteration 0', '  Iteration 1', '  Iteration 2', '    Check',
    'Charge', 'Done',
  ]);
  const capped = timelineRows(view, {}, 1).map((r) => r.label);
  assert.ok(capped.some((l) => /2 more iterations/.test(l)), capped.join(' | '));
});

test('a stopped execution marks its open state aborted', () => {
  const t = '2024-01-01T00:00:00.000Z';
  const view = deriveExecution([
    { id: 1, previousEventId: 0, timestamp: t, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
    { id: 2, previousEventId: 0, timestamp: t, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'Pause', input: '{}' } },
    { id: 3, previousEventId: 2, timestamp: '2024-01-01T00:00:05.000Z', type: 'ExecutionAborted', executionAbortedEventDetails: {} },
  ]);
  assert.equal(view.status, 'ABORTED');
  assert.equal(view.runs[0].status, 'aborted');
  assert.equal(view.runs[0].end! - view.runs[0].start, 5000);
});

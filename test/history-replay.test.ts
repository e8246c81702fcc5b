/**
 * Every pure AWS-recorded execution, run again: the history must list the same events, in the
 * same order, as the one AWS recorded (GetExecutionHistory without timestamps).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCases } from '../src/conformance/cases-file.js';
import { groupOf } from '../src/conformance/case.js';
import { loadDefinition, runExecution } from '../src/index.js';

interface RecordedEvent {
  id: number;
  type: string;
  stateEnteredEventDetails?: { name: string };
}

const cases = loadCases().filter(
  (c) =>
    c.kind === 'execution' &&
    groupOf(c) === 'pure' &&
    Array.isArray((c as { history?: unknown }).history) &&
    // Parallel branches run concurrently in AWS; these recordings were re-sorted and keep no order to compare.
    !String((c as { notes?: unknown }).notes ?? '').includes('history-parallel-normalised'),
);

describe('histories match the ones AWS recorded', () => {
  it('has recorded histories to compare', () => assert.ok(cases.length > 200));
  for (const c of cases) {
    it(c.id.replace(/^tests\/aws\/services\/stepfunctions\/v2\//, ''), async () => {
      const recorded = (c as unknown as { history: RecordedEvent[] }).history;
      const r = await runExecution(loadDefinition(c.definition as object), {
        input: c.input ?? {},
        skipWaits: true,
        type: c.state_machine?.type,
        sync: c.state_machine?.start_api === 'start_sync_execution',
      });
      assert.deepEqual(r.history.map((e) => e.type), recorded.map((e) => e.type));
      assert.deepEqual(r.history.map((e) => e.id), recorded.map((e) => e.id));
      const entered = (events: readonly object[]) =>
        events.map((e) => (e as RecordedEvent).stateEnteredEventDetails?.name).filter(Boolean);
      assert.deepEqual(entered(r.history), entered(recorded));
    });
  }
});

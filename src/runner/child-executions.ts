/**
 * A Distributed Map's child executions, from the engine's changes to the store's rows: each is
 * kept as an execution of its own (DescribeExecution, GetExecutionHistory, ListExecutions by Map
 * Run), committed in its parent's step so that a restart finds the two consistent.
 */
import type { ChildExecutionChange } from '../engine/types.js';
import type { ChildExecutionCommit, ExecutionEnd, ExecutionRecord } from '../store/store.js';

const json = (value: unknown): string => JSON.stringify(value ?? null);

function endOf(ended: NonNullable<ChildExecutionChange['ended']>): ExecutionEnd {
  return {
    status: ended.status,
    stopDate: new Date(ended.stopTime),
    ...(ended.status === 'SUCCEEDED' && { output: json(ended.output) }),
    ...(ended.error !== undefined && { error: ended.error }),
    ...(ended.cause !== undefined && { cause: ended.cause }),
  };
}

/**
 * The store's commits for `changes`. A child's row holds its parent's configuration as is (one
 * stored copy for every child): what it runs, the Map's item processor, is read from it on demand.
 */
export function childCommits(parent: ExecutionRecord, changes: ChildExecutionChange[]): ChildExecutionCommit[] {
  return changes.map(({ executionArn, started, ended, events }) => {
    if (!started) return { executionArn, ...(ended && { ended: endOf(ended) }), events };
    const row: ExecutionRecord = {
      executionArn,
      stateMachineArn: started.stateMachineArn,
      name: started.name,
      status: 'RUNNING',
      input: json(started.input),
      startDate: new Date(started.startTime),
      machine: parent.machine,
      redriveCount: 0,
      mapRunArn: started.mapRunArn,
    };
    return { executionArn, started: ended ? { ...row, ...endOf(ended) } : row, events };
  });
}

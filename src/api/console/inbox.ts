/**
 * `GET /console/api/inbox`: every task waiting on a token that a person could answer — callback
 * tasks (`.waitForTaskToken`) and activity tasks no worker has taken — with the task's input.
 *
 * The store lists the tokens nobody answered in running executions; the execution's snapshot says
 * whether the task still waits (a task that timed out leaves its token behind) and in which
 * state. A task still queued carries its `ScheduleTask` command in its work item; a callback
 * whose message went out is read back from its `TaskScheduled` event.
 */
import type { Command, ExecutionSnapshot, Frame } from '../../engine/types.js';
import type { Store, WaitingToken } from '../../store/store.js';
import type { InboxAnswer, InboxTask } from './contract.js';

type ScheduleTask = Extract<Command, { type: 'ScheduleTask' }>;

export async function inbox(store: Store): Promise<InboxAnswer> {
  const snapshots = new Map<string, ExecutionSnapshot>();
  const tasks: InboxTask[] = [];
  for (const waiting of await store.listWaitingTokens()) {
    const arn = waiting.execution.executionArn;
    let snapshot = snapshots.get(arn);
    if (!snapshot) snapshots.set(arn, (snapshot = JSON.parse(waiting.snapshot) as ExecutionSnapshot));
    const wait = waiting.token.taskId === undefined ? undefined : snapshot.waits[waiting.token.taskId];
    const frame = wait?.kind === 'task' ? snapshot.frames[wait.frameId] : undefined;
    if (!frame) continue;
    const task = waiting.work ? queued(waiting, frame) : frame.taskToken === waiting.token.token ? await sent(store, waiting, frame) : undefined;
    if (task) tasks.push(task);
  }
  tasks.sort((a, b) => a.scheduledAt - b.scheduledAt || a.taskToken.localeCompare(b.taskToken));
  return { tasks };
}

function base(waiting: WaitingToken, frame: Frame) {
  return {
    taskToken: waiting.token.token,
    executionArn: waiting.execution.executionArn,
    stateMachineArn: waiting.execution.stateMachineArn,
    executionName: waiting.execution.name,
    stateName: frame.stateName,
  };
}

/** An activity task no worker took yet (`{command, token}`), or a callback task not yet sent (the command itself). */
function queued(waiting: WaitingToken, frame: Frame): InboxTask {
  const work = waiting.work!;
  const payload = JSON.parse(work.payload) as ScheduleTask | { command: ScheduleTask };
  const command = 'command' in payload ? payload.command : payload;
  return {
    ...base(waiting, frame),
    resource: command.resource,
    input: command.input,
    scheduledAt: work.dueAt,
    ...(command.heartbeatSeconds !== undefined && { heartbeatSeconds: command.heartbeatSeconds }),
    ...(command.timeoutSeconds !== undefined && { timeoutSeconds: command.timeoutSeconds }),
  };
}

/**
 * A callback task whose message was sent: its frame's last events are `TaskScheduled` then
 * `TaskStarted` (nothing else happens in a frame while it waits). A Distributed Map iteration
 * keeps no events in its parent's history: its state's input stands in.
 */
async function sent(store: Store, waiting: WaitingToken, frame: Frame): Promise<InboxTask> {
  const events = await store.getHistoryRange(waiting.execution.executionArn, Math.max(1, frame.lastEventId - 1), frame.lastEventId);
  const scheduled = frame.detached ? undefined : events.find((e) => e.type === 'TaskScheduled');
  const details = scheduled?.taskScheduledEventDetails as ScheduledDetails | undefined;
  if (!scheduled || !details) return { ...base(waiting, frame), resource: '', input: frame.input, scheduledAt: Date.parse(frame.enteredTime) };
  return {
    ...base(waiting, frame),
    resource: `arn:aws:states:::${details.resourceType}:${details.resource}`,
    input: details.parameters,
    scheduledAt: Date.parse(scheduled.timestamp),
    ...(details.heartbeatInSeconds !== undefined && { heartbeatSeconds: details.heartbeatInSeconds }),
    ...(details.timeoutInSeconds !== undefined && { timeoutSeconds: details.timeoutInSeconds }),
  };
}

interface ScheduledDetails {
  resource: string;
  resourceType: string;
  parameters: unknown;
  heartbeatInSeconds?: number;
  timeoutInSeconds?: number;
}

/** Activities, and the task tokens that workers and callbacks answer with. */
import { activityArn, parseActivityArn } from './arn.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { invalidToken, paginate } from './pagination.js';
import type { ActivityRecord, TaskTokenRecord } from '../store/store.js';
import { checkTags } from './tags.js';
import type { ActivityListItem, GetActivityTaskOutput, Page, Tag } from './types.js';
import { checkName, parseTaskOutput } from './validation.js';

export async function createActivity(ctx: ServiceContext, input: { name: string; tags?: Tag[] }): Promise<{ activityArn: string; creationDate: Date }> {
  checkName(input.name);
  if (input.tags) checkTags(input.tags);
  const arn = activityArn(ctx.account, input.name);
  // Idempotent: creating an existing activity returns it.
  const existing = await ctx.store.getActivity(arn);
  if (existing) return { activityArn: arn, creationDate: existing.creationDate };
  const activity: ActivityRecord = { arn, name: input.name, creationDate: ctx.now() };
  await ctx.store.putActivity(activity);
  if (input.tags?.length) await ctx.store.putTags(arn, input.tags);
  return { activityArn: arn, creationDate: activity.creationDate };
}

export async function deleteActivity(ctx: ServiceContext, arn: string): Promise<void> {
  parseActivityArn(arn);
  await ctx.store.deleteActivity(arn);
}

async function requireActivity(ctx: ServiceContext, arn: string): Promise<ActivityRecord> {
  parseActivityArn(arn);
  const activity = await ctx.store.getActivity(arn);
  if (!activity) throw new ServiceError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  return activity;
}

export async function describeActivity(ctx: ServiceContext, arn: string): Promise<ActivityListItem> {
  const a = await requireActivity(ctx, arn);
  return { activityArn: a.arn, name: a.name, creationDate: a.creationDate };
}

export async function listActivities(ctx: ServiceContext, page: Page): Promise<{ activities: ActivityListItem[]; nextToken?: string }> {
  const all = (await ctx.store.listActivities()).sort((a, b) => a.creationDate.getTime() - b.creationDate.getTime());
  const { items, nextToken } = paginate(all, (a) => a.arn, page);
  return { activities: items.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: a.creationDate })), ...(nextToken && { nextToken }) };
}

/** A long poll, as AWS's: the oldest waiting task of the activity, or nothing after the poll time (60 s). */
export async function getActivityTask(ctx: ServiceContext, arn: string, workerName?: string): Promise<GetActivityTaskOutput> {
  await requireActivity(ctx, arn);
  const deadline = ctx.clock.now() + (ctx.options.activityPollMs ?? 60_000);
  // A server shutting down answers its long polls with no task, as a poll that timed out.
  while (!ctx.runner.closed) {
    const task = await ctx.runner.claimActivityTask(arn, workerName);
    if (task) return task;
    const left = deadline - ctx.clock.now();
    if (left <= 0) return {};
    // Woken when a step here queues a task for it; a second at most, for tasks other nodes queue.
    await ctx.runner.activityWork(arn, Math.min(left, 1000));
  }
  return {};
}

/** A token we issued whose task still waits; a token we never issued is invalid. */
async function requireWaitingTask(ctx: ServiceContext, token: string): Promise<TaskTokenRecord> {
  const task = await ctx.store.getTaskToken(token);
  if (!task) throw invalidToken();
  const execution = await ctx.store.getExecution(task.executionArn);
  if (task.status !== 'WAITING' || execution?.status !== 'RUNNING') throw taskDoesNotExist();
  return task;
}

export async function sendTaskSuccess(ctx: ServiceContext, token: string, output: string): Promise<void> {
  const task = await requireWaitingTask(ctx, token);
  const value = parseTaskOutput(output);
  if (!(await ctx.runner.completeToken(task, { ok: true, output: value }))) throw taskDoesNotExist();
}

export async function sendTaskFailure(ctx: ServiceContext, token: string, error?: string, cause?: string): Promise<void> {
  const task = await requireWaitingTask(ctx, token);
  if (!(await ctx.runner.completeToken(task, { ok: false, error: error ?? '', cause: cause ?? '' }))) throw taskDoesNotExist();
}

export async function sendTaskHeartbeat(ctx: ServiceContext, token: string): Promise<void> {
  const task = await requireWaitingTask(ctx, token);
  if (!(await ctx.runner.heartbeat({ ...task, lastHeartbeat: ctx.now() }))) throw taskDoesNotExist();
}

const taskDoesNotExist = (): ServiceError => new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');

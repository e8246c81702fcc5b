/** Tags on state machines and activities. */
import { parseStatesArn } from './arn.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import type { Tag } from './types.js';

const MAX_TAGS = 50;

export function checkTags(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.key)).size > MAX_TAGS) {
    throw new ServiceError('TooManyTags', `Too many tags: a resource can have at most ${MAX_TAGS} tags`);
  }
}

/** Only state machines (not their versions or aliases) and activities carry tags. */
async function requireTaggable(ctx: ServiceContext, arn: string): Promise<void> {
  const { type, parts } = parseStatesArn(arn, ['stateMachine', 'activity', 'execution', 'express']);
  const exists =
    type === 'stateMachine' ? parts.length === 1 && (await ctx.store.getMachine(arn)) !== undefined
    : type === 'activity' ? (await ctx.store.getActivity(arn)) !== undefined
    : false;
  if (!exists) throw new ServiceError('ResourceNotFound', `Resource not found: '${arn}'`);
}

export async function tagResource(ctx: ServiceContext, arn: string, tags: Tag[]): Promise<void> {
  await requireTaggable(ctx, arn);
  const merged = new Map((await ctx.store.getTags(arn)).map((t) => [t.key, t]));
  for (const t of tags) merged.set(t.key, t);
  checkTags([...merged.values()]);
  await ctx.store.putTags(arn, [...merged.values()]);
}

export async function untagResource(ctx: ServiceContext, arn: string, keys: string[]): Promise<void> {
  await requireTaggable(ctx, arn);
  await ctx.store.putTags(arn, (await ctx.store.getTags(arn)).filter((t) => !keys.includes(t.key ?? '')));
}

export async function listTagsForResource(ctx: ServiceContext, arn: string): Promise<{ tags: Tag[] }> {
  await requireTaggable(ctx, arn);
  return { tags: await ctx.store.getTags(arn) };
}

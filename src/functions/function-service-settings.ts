/** Function-wide settings: reserved concurrency and tags (both belong to the function, never to a version). */
import { ServiceError } from '../service/errors.js';
import type { FunctionServiceContext } from './function-service-context.js';
import { readFunctionName } from './registry-names.js';

/** Lambda's default account quota, and the share it keeps unreserved for every other function. */
const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;
const MAX_TAGS = 50;

export async function putFunctionConcurrency(ctx: FunctionServiceContext, input: { FunctionName: string; ReservedConcurrentExecutions: number }) {
  const ref = readFunctionName(ctx.account, String(input.FunctionName ?? ''), undefined, 'write');
  if (ref.qualifier !== undefined) {
    throw new ServiceError(
      'InvalidParameterValueException',
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
  }
  const reserved = input.ReservedConcurrentExecutions;
  if (typeof reserved !== 'number' || !Number.isInteger(reserved) || reserved < 0) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value ${reserved === undefined ? 'null' : `'${reserved}'`} at 'reservedConcurrentExecutions' failed to satisfy constraint: ${reserved === undefined ? 'Member must not be null' : 'Member must have value greater than or equal to 0'}`,
    );
  }
  return ctx.exclusive(ref.name, async () => {
    const fn = await ctx.registry.requireFunction(ref.name, '$LATEST');
    let others = 0;
    for (const f of await ctx.store.listFunctions()) if (f.name !== fn.name) others += f.reservedConcurrency ?? 0;
    if (ACCOUNT_CONCURRENCY - others - reserved < MIN_UNRESERVED) {
      throw new ServiceError(
        'InvalidParameterValueException',
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
      );
    }
    await ctx.store.putFunction({ ...fn, reservedConcurrency: reserved });
    return { ReservedConcurrentExecutions: reserved };
  });
}

export async function getFunctionConcurrency(ctx: FunctionServiceContext, input: { FunctionName: string }) {
  const { name } = readFunctionName(ctx.account, String(input.FunctionName ?? ''), undefined, 'write');
  const fn = await ctx.registry.requireFunction(name);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

export async function deleteFunctionConcurrency(ctx: FunctionServiceContext, input: { FunctionName: string }): Promise<void> {
  const { name } = readFunctionName(ctx.account, String(input.FunctionName ?? ''), undefined, 'write');
  await ctx.exclusive(name, async () => {
    const { reservedConcurrency: _dropped, ...fn } = await ctx.registry.requireFunction(name);
    await ctx.store.putFunction(fn);
  });
}

// ---- tags ----

export function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS) throw new ServiceError('InvalidParameterValueException', 'Number of tags exceeds resource tag limit.');
}

const TAGGABLE_ARN = /^arn:(?:aws[a-zA-Z-]*):lambda:[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d:\d{12}:function:([a-zA-Z0-9\-_]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?$/;

/** Only a function's unqualified ARN carries tags. */
async function taggedFunction(ctx: FunctionServiceContext, resource: string) {
  const m = TAGGABLE_ARN.exec(String(resource ?? ''));
  if (!m) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${resource}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`,
    );
  }
  if (m[2] !== undefined) {
    throw new ServiceError('InvalidParameterValueException', 'Tags on function aliases and versions are not supported. Please specify a function ARN.');
  }
  const { name } = readFunctionName(ctx.account, resource, undefined, 'read');
  return ctx.registry.requireFunction(name);
}

export async function tagResource(ctx: FunctionServiceContext, input: { Resource: string; Tags: Record<string, string> }): Promise<void> {
  if (!input.Tags || Object.keys(input.Tags).length === 0) {
    throw new ServiceError('InvalidParameterValueException', 'An error occurred and the request cannot be processed.');
  }
  const { name } = await taggedFunction(ctx, input.Resource);
  await ctx.exclusive(name, async () => {
    const fn = await ctx.registry.requireFunction(name);
    const tags = { ...fn.tags, ...input.Tags };
    checkTagCount(tags);
    await ctx.store.putFunction({ ...fn, tags });
  });
}

export async function untagResource(ctx: FunctionServiceContext, input: { Resource: string; TagKeys: string[] }): Promise<void> {
  if (!input.TagKeys || input.TagKeys.length === 0) {
    throw new ServiceError('ValidationException', "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  }
  const { name } = await taggedFunction(ctx, input.Resource);
  await ctx.exclusive(name, async () => {
    const fn = await ctx.registry.requireFunction(name);
    const tags = Object.fromEntries(Object.entries(fn.tags).filter(([k]) => !input.TagKeys.includes(k)));
    await ctx.store.putFunction({ ...fn, tags });
  });
}

export async function listTags(ctx: FunctionServiceContext, input: { Resource: string }) {
  const fn = await taggedFunction(ctx, input.Resource);
  return { Tags: { ...fn.tags } };
}

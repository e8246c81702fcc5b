/** Functions: create, read, change and delete them, with Lambda's rules and messages. */
import { ServiceError } from '../service/errors.js';
import type { FunctionRecord, FunctionVersionRecord } from '../store/function-store.js';
import type { FunctionServiceContext } from './function-service-context.js';
import { page } from './function-service-paging.js';
import {
  functionConfiguration,
  lambdaDate,
  type CreateFunctionInput,
  type FunctionConfiguration,
  type Paging,
  type UpdateFunctionCodeInput,
  type UpdateFunctionConfigurationInput,
} from './function-service-shapes.js';
import { checkArchitectures, checkConfiguration, revisionMismatch, zipBytes } from './function-service-validation.js';
import { publish } from './function-service-versions.js';
import { checkTagCount } from './function-service-settings.js';
import { prepareCode } from './prepare-code.js';
import { removeCode, storeCode } from './registry-code.js';
import { isAliasName, readFunctionName } from './registry-names.js';
import type { Runtime } from './types.js';

/** Unpacks the zip and compiles its TypeScript; code that does not compile is refused. */
async function prepare(ctx: FunctionServiceContext, name: string, zip: Uint8Array, runtime: string) {
  const code = storeCode(ctx.dataDir, name, zip);
  try {
    await prepareCode(code.codeDir, runtime as Runtime);
  } catch (e) {
    throw new ServiceError('InvalidParameterValueException', `The function's code could not be prepared: ${e instanceof Error ? e.message : String(e)}`);
  }
  return code;
}

export async function createFunction(ctx: FunctionServiceContext, input: CreateFunctionInput): Promise<FunctionConfiguration> {
  const { name } = readFunctionName(ctx.account, String(input.FunctionName ?? ''), undefined, 'create');
  checkConfiguration(input as unknown as Record<string, unknown>, true);
  checkArchitectures(input.Architectures);
  const zip = zipBytes(input.Code, input.PackageType);
  if (input.Tags) checkTagCount(input.Tags);
  return ctx.exclusive(name, async () => {
    if (await ctx.store.getFunction(name)) throw new ServiceError('ResourceConflictException', `Function already exist: ${name}`);
    const code = await prepare(ctx, name, zip, input.Runtime!);
    const latest: FunctionVersionRecord = {
      functionName: name,
      version: '$LATEST',
      runtime: input.Runtime!,
      handler: input.Handler!,
      role: input.Role,
      description: input.Description ?? '',
      memorySize: input.MemorySize ?? 128,
      timeout: input.Timeout ?? 3,
      environment: { ...input.Environment?.Variables },
      ...code,
      lastModified: lambdaDate(ctx.now()),
      revisionId: ctx.uuid(),
    };
    const fn: FunctionRecord = { name, lastVersion: 0, tags: { ...input.Tags } };
    await ctx.store.putVersion(latest);
    await ctx.store.putFunction(fn);
    const shown = input.Publish ? await publish(ctx, fn, latest, {}) : latest;
    return functionConfiguration(shown, ctx.registry.arn(name));
  });
}

/** The version a Get names: `$LATEST`, a version, or the version an alias points to (never routed). */
async function readVersion(ctx: FunctionServiceContext, input: { FunctionName: string; Qualifier?: string }) {
  const ref = readFunctionName(ctx.account, String(input.FunctionName ?? ''), input.Qualifier, 'read');
  const fn = await ctx.registry.requireFunction(ref.name, ref.qualifier);
  const q = ref.qualifier;
  let version = q ?? '$LATEST';
  if (q !== undefined && q !== '$LATEST' && isAliasName(q)) {
    const alias = await ctx.store.getAlias(ref.name, q);
    if (!alias) throw new ServiceError('ResourceNotFoundException', `Function not found: ${ctx.registry.arn(ref.name, q)}`);
    version = alias.functionVersion;
  }
  const v = await ctx.store.getVersion(ref.name, version);
  if (!v) throw new ServiceError('ResourceNotFoundException', `Function not found: ${ctx.registry.arn(ref.name, q)}`);
  return { fn, version: v, arn: ctx.registry.arn(ref.name, q) };
}

export async function getFunctionConfiguration(ctx: FunctionServiceContext, input: { FunctionName: string; Qualifier?: string }) {
  const { version, arn } = await readVersion(ctx, input);
  return functionConfiguration(version, arn);
}

export async function getFunction(ctx: FunctionServiceContext, input: { FunctionName: string; Qualifier?: string }) {
  const { fn, version, arn } = await readVersion(ctx, input);
  return {
    Configuration: functionConfiguration(version, arn),
    // Code lives on this machine, not in S3: the location names the unpacked folder.
    Code: { RepositoryType: 'S3', Location: `file://${version.codeDir}` },
    ...(Object.keys(fn.tags).length > 0 && { Tags: { ...fn.tags } }),
    ...(fn.reservedConcurrency !== undefined && { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
  };
}

/** Changes `$LATEST` under the function's lock; its warm environments are dropped. */
async function changeLatest(
  ctx: FunctionServiceContext,
  functionName: string,
  revisionId: string | undefined,
  change: (latest: FunctionVersionRecord) => Promise<Partial<FunctionVersionRecord>>,
): Promise<{ fn: FunctionRecord; latest: FunctionVersionRecord }> {
  const { name } = readFunctionName(ctx.account, String(functionName ?? ''), undefined, 'write');
  return ctx.exclusive(name, async () => {
    const fn = await ctx.registry.requireFunction(name);
    const current = await ctx.registry.requireVersion(name, '$LATEST');
    if (revisionId !== undefined && revisionId !== current.revisionId) throw revisionMismatch();
    const latest: FunctionVersionRecord = {
      ...current,
      ...(await change(current)),
      lastModified: lambdaDate(ctx.now()),
      revisionId: ctx.uuid(),
    };
    await ctx.store.putVersion(latest);
    await ctx.runtime.invalidate(ctx.registry.arn(name));
    return { fn, latest };
  });
}

export async function updateFunctionCode(ctx: FunctionServiceContext, input: UpdateFunctionCodeInput): Promise<FunctionConfiguration> {
  checkArchitectures(input.Architectures);
  const zip = zipBytes(input);
  const { fn, latest } = await changeLatest(ctx, input.FunctionName, input.RevisionId, (current) =>
    prepare(ctx, current.functionName, zip, current.runtime),
  );
  if (!input.Publish) return functionConfiguration(latest, ctx.registry.arn(fn.name));
  const version = await ctx.exclusive(fn.name, async () => publish(ctx, (await ctx.store.getFunction(fn.name)) ?? fn, latest, {}));
  return functionConfiguration(version, ctx.registry.arn(fn.name, version.version));
}

export async function updateFunctionConfiguration(ctx: FunctionServiceContext, input: UpdateFunctionConfigurationInput): Promise<FunctionConfiguration> {
  const { FunctionName: _name, RevisionId: _revision, ...members } = input;
  checkConfiguration(members as Record<string, unknown>, false);
  const { fn, latest } = await changeLatest(ctx, input.FunctionName, input.RevisionId, async () => ({
    ...(members.Role !== undefined && { role: members.Role }),
    ...(members.Handler !== undefined && { handler: members.Handler }),
    ...(members.Description !== undefined && { description: members.Description }),
    ...(members.Timeout !== undefined && { timeout: members.Timeout }),
    ...(members.MemorySize !== undefined && { memorySize: members.MemorySize }),
    ...(members.Runtime !== undefined && { runtime: members.Runtime }),
    ...(members.Environment !== undefined && { environment: { ...members.Environment.Variables } }),
  }));
  return functionConfiguration(latest, ctx.registry.arn(fn.name));
}

export async function deleteFunction(ctx: FunctionServiceContext, input: { FunctionName: string; Qualifier?: string }): Promise<void> {
  const ref = readFunctionName(ctx.account, String(input.FunctionName ?? ''), input.Qualifier, 'write');
  if (ref.qualifier === '$LATEST') {
    throw new ServiceError('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
  }
  await ctx.exclusive(ref.name, async () => {
    await ctx.registry.requireFunction(ref.name);
    const q = ref.qualifier;
    if (q !== undefined) return deleteVersion(ctx, ref.name, q);
    await ctx.store.deleteFunction(ref.name);
    await ctx.runtime.invalidate(ctx.registry.arn(ref.name));
    removeCode(ctx.dataDir, ref.name);
  });
}

async function deleteVersion(ctx: FunctionServiceContext, name: string, version: string): Promise<void> {
  if (!(await ctx.store.getVersion(name, version))) return;
  const referring = (await ctx.store.listAliases(name)).filter(
    (a) => a.functionVersion === version || Object.keys(a.additionalVersionWeights ?? {}).includes(version),
  );
  if (referring.length) {
    throw new ServiceError(
      'ResourceConflictException',
      `Unable to delete version because the following aliases reference it: [${referring.map((a) => a.name).join(', ')}]`,
    );
  }
  await ctx.store.deleteVersion(name, version);
  await ctx.runtime.invalidate(ctx.registry.arn(name, version));
}

export async function listFunctions(ctx: FunctionServiceContext, input: Paging & { FunctionVersion?: string; MasterRegion?: string }) {
  if (input.FunctionVersion !== undefined && input.FunctionVersion !== 'ALL') {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${input.FunctionVersion}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`,
    );
  }
  const all = input.FunctionVersion === 'ALL';
  const configs: FunctionConfiguration[] = [];
  for (const fn of await ctx.store.listFunctions()) {
    const versions = all ? await ctx.store.listVersions(fn.name) : [await ctx.registry.requireVersion(fn.name, '$LATEST')];
    for (const v of versions) configs.push(functionConfiguration(v, ctx.registry.arn(fn.name, all ? v.version : undefined)));
  }
  const { items, NextMarker } = page(configs, (c) => c.FunctionArn, input);
  return { Functions: items, ...(NextMarker && { NextMarker }) };
}

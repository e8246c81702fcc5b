/** Published versions (immutable snapshots of `$LATEST`) and aliases that point at them, with weighted routing. */
import { ServiceError } from '../service/errors.js';
import type { AliasRecord, FunctionRecord, FunctionVersionRecord } from '../store/function-store.js';
import type { FunctionServiceContext } from './function-service-context.js';
import { page } from './function-service-paging.js';
import { revisionMismatch } from './function-service-validation.js';
import { aliasConfiguration, functionConfiguration, lambdaDate, type AliasInput, type Paging } from './function-service-shapes.js';
import { isAliasName, isVersion, readFunctionName } from './registry-names.js';

/**
 * Publishes `$LATEST` as the next version — unless nothing changed since the last one was
 * published, when Lambda hands that one back. Call under the function's lock.
 */
export async function publish(
  ctx: FunctionServiceContext,
  fn: FunctionRecord,
  latest: FunctionVersionRecord,
  input: { Description?: string },
): Promise<FunctionVersionRecord> {
  if (fn.lastVersion > 0) {
    const last = await ctx.store.getVersion(fn.name, String(fn.lastVersion));
    if (last?.publishedFrom === latest.revisionId) return last;
  }
  const version: FunctionVersionRecord = {
    ...latest,
    version: String(fn.lastVersion + 1),
    description: input.Description ?? latest.description,
    lastModified: lambdaDate(ctx.now()),
    revisionId: ctx.uuid(),
    publishedFrom: latest.revisionId,
  };
  await ctx.store.putVersion(version);
  await ctx.store.putFunction({ ...fn, lastVersion: fn.lastVersion + 1 });
  return version;
}

const functionNameOnly = (ctx: FunctionServiceContext, ref: string): string =>
  readFunctionName(ctx.account, String(ref ?? ''), undefined, 'write').name;

export async function publishVersion(
  ctx: FunctionServiceContext,
  input: { FunctionName: string; CodeSha256?: string; Description?: string; RevisionId?: string },
) {
  const name = functionNameOnly(ctx, input.FunctionName);
  const version = await ctx.exclusive(name, async () => {
    const fn = await ctx.registry.requireFunction(name);
    const latest = await ctx.registry.requireVersion(name, '$LATEST');
    if (input.RevisionId !== undefined && input.RevisionId !== latest.revisionId) throw revisionMismatch();
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.codeSha256) {
      throw new ServiceError(
        'InvalidParameterValueException',
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    return publish(ctx, fn, latest, input);
  });
  return functionConfiguration(version, ctx.registry.arn(name, version.version));
}

export async function listVersionsByFunction(ctx: FunctionServiceContext, input: Paging & { FunctionName: string }) {
  const name = functionNameOnly(ctx, input.FunctionName);
  await ctx.registry.requireFunction(name);
  const configs = (await ctx.store.listVersions(name)).map((v) => functionConfiguration(v, ctx.registry.arn(name, v.version)));
  const { items, NextMarker } = page(configs, (c) => c.Version, input);
  return { Versions: items, ...(NextMarker && { NextMarker }) };
}

// ---- aliases ----

const aliasArn = (ctx: FunctionServiceContext, a: AliasRecord): string => ctx.registry.arn(a.functionName, a.name);

function checkAliasName(name: string): void {
  if (typeof name !== 'string' || !isAliasName(name) || name.length > 128) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`,
    );
  }
}

/** `AdditionalVersionWeights`: one other published version, with a weight in [0, 1). */
async function checkRouting(ctx: FunctionServiceContext, name: string, primary: string, weights: Record<string, number>): Promise<void> {
  const entries = Object.entries(weights);
  if (entries.length > 1) {
    throw new ServiceError('InvalidParameterValueException', 'Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
  for (const [version, weight] of entries) {
    if (typeof weight !== 'number' || weight < 0 || weight > 1) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '{${version}=${weight}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]`,
      );
    }
    if (version === primary) {
      throw new ServiceError(
        'InvalidParameterValueException',
        `Invalid function version ${primary}. Function version ${primary} is already included in routing configuration.`,
      );
    }
    if (primary === '$LATEST') throw new ServiceError('InvalidParameterValueException', '$LATEST is not supported for an alias pointing to more than 1 version');
    if (!/^[0-9]+$/.test(version)) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '{${version}=${weight}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]`,
      );
    }
    await ctx.registry.requireVersion(name, version);
  }
}

function checkTargetVersion(version: unknown): asserts version is string {
  if (typeof version !== 'string' || !isVersion(version)) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${version ?? null}' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)`,
    );
  }
}

export async function createAlias(ctx: FunctionServiceContext, input: AliasInput) {
  checkAliasName(input.Name);
  checkTargetVersion(input.FunctionVersion);
  const name = functionNameOnly(ctx, input.FunctionName);
  const target = input.FunctionVersion;
  return ctx.exclusive(name, async () => {
    await ctx.registry.requireFunction(name);
    await ctx.registry.requireVersion(name, target);
    const existing = await ctx.store.getAlias(name, input.Name);
    if (existing) throw new ServiceError('ResourceConflictException', `Alias already exists: ${aliasArn(ctx, existing)}`);
    const weights = input.RoutingConfig?.AdditionalVersionWeights;
    if (weights && Object.keys(weights).length) await checkRouting(ctx, name, target, weights);
    const alias: AliasRecord = {
      functionName: name,
      name: input.Name,
      functionVersion: target,
      description: input.Description ?? '',
      ...(weights && Object.keys(weights).length > 0 && { additionalVersionWeights: { ...weights } }),
      revisionId: ctx.uuid(),
    };
    await ctx.store.putAlias(alias);
    return aliasConfiguration(alias, aliasArn(ctx, alias));
  });
}

export async function getAlias(ctx: FunctionServiceContext, input: { FunctionName: string; Name: string }) {
  checkAliasName(input.Name);
  const name = functionNameOnly(ctx, input.FunctionName);
  await ctx.registry.requireFunction(name);
  const alias = await ctx.registry.requireAlias(name, input.Name);
  return aliasConfiguration(alias, aliasArn(ctx, alias));
}

export async function updateAlias(ctx: FunctionServiceContext, input: AliasInput) {
  checkAliasName(input.Name);
  const name = functionNameOnly(ctx, input.FunctionName);
  if (input.FunctionVersion !== undefined) checkTargetVersion(input.FunctionVersion);
  return ctx.exclusive(name, async () => {
    await ctx.registry.requireFunction(name);
    const current = await ctx.registry.requireAlias(name, input.Name);
    if (input.RevisionId !== undefined && input.RevisionId !== current.revisionId) throw revisionMismatch();
    const target = input.FunctionVersion ?? current.functionVersion;
    if (input.FunctionVersion !== undefined) await ctx.registry.requireVersion(name, target);
    const routing = input.RoutingConfig;
    let weights = current.additionalVersionWeights;
    if (routing !== undefined) weights = routing.AdditionalVersionWeights && Object.keys(routing.AdditionalVersionWeights).length ? routing.AdditionalVersionWeights : undefined;
    if (weights) await checkRouting(ctx, name, target, weights);
    const { additionalVersionWeights: _old, ...rest } = current;
    const alias: AliasRecord = {
      ...rest,
      functionVersion: target,
      description: input.Description ?? current.description,
      ...(weights && { additionalVersionWeights: { ...weights } }),
      revisionId: ctx.uuid(),
    };
    await ctx.store.putAlias(alias);
    return aliasConfiguration(alias, aliasArn(ctx, alias));
  });
}

export async function deleteAlias(ctx: FunctionServiceContext, input: { FunctionName: string; Name: string }): Promise<void> {
  checkAliasName(input.Name);
  const name = functionNameOnly(ctx, input.FunctionName);
  await ctx.exclusive(name, async () => {
    await ctx.registry.requireFunction(name);
    await ctx.store.deleteAlias(name, input.Name);
  });
}

export async function listAliases(ctx: FunctionServiceContext, input: Paging & { FunctionName: string; FunctionVersion?: string }) {
  const name = functionNameOnly(ctx, input.FunctionName);
  await ctx.registry.requireFunction(name);
  const aliases = (await ctx.store.listAliases(name))
    .filter((a) => input.FunctionVersion === undefined || a.functionVersion === input.FunctionVersion)
    .map((a) => aliasConfiguration(a, aliasArn(ctx, a)));
  const { items, NextMarker } = page(aliases, (a) => a.AliasArn, input);
  return { Aliases: items, ...(NextMarker && { NextMarker }) };
}

/** State machines and their versions: create, update, describe, list, delete, validate, publish. */
import { validateDefinition } from '../asl/validate.js';
import { invalidDefinitionMessage, validationResult } from '../asl/diagnostics.js';
import { checkRoleArn, parseMachineArn, stateMachineArn } from './arn.js';
import { validationException } from './constraints.js';
import { machineDoesNotExist, missingParameter, type ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { paginate } from './pagination.js';
import type { MachineConfig, StateMachineRecord, VersionRecord } from '../store/store.js';
import { checkTags } from './tags.js';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DescribeStateMachineOutput,
  Page,
  PublishStateMachineVersionInput,
  PublishStateMachineVersionOutput,
  StateMachineListItem,
  StateMachineType,
  UpdateStateMachineInput,
  UpdateStateMachineOutput,
  ValidateStateMachineDefinitionInput,
  ValidateStateMachineDefinitionOutput,
} from './types.js';
import { checkName, normaliseLogging } from './validation.js';

const DEFAULT_TRACING = { enabled: false };

function checkVersionDescription(input: { publish?: boolean; versionDescription?: string }): void {
  if (input.versionDescription !== undefined && !input.publish) {
    throw validationException('Version description can only be set when publish is true');
  }
}

function checkDefinition(definition: string, type: StateMachineType): void {
  const diagnostics = validateDefinition(definition, { type });
  if (validationResult(diagnostics) === 'FAIL') throw new ServiceError('InvalidDefinition', invalidDefinitionMessage(diagnostics));
}

const sameConfig = (a: MachineConfig, b: MachineConfig): boolean =>
  a.definition === b.definition &&
  a.type === b.type &&
  JSON.stringify(a.loggingConfiguration) === JSON.stringify(b.loggingConfiguration) &&
  JSON.stringify(a.tracingConfiguration) === JSON.stringify(b.tracingConfiguration);

export async function createStateMachine(ctx: ServiceContext, input: CreateStateMachineInput): Promise<CreateStateMachineOutput> {
  checkVersionDescription(input);
  checkName(input.name);
  checkRoleArn(input.roleArn);
  const type = input.type ?? 'STANDARD';
  const config: MachineConfig = {
    definition: input.definition,
    roleArn: input.roleArn,
    type,
    loggingConfiguration: normaliseLogging(input.loggingConfiguration),
    tracingConfiguration: input.tracingConfiguration ?? DEFAULT_TRACING,
    ...(input.encryptionConfiguration && { encryptionConfiguration: input.encryptionConfiguration }),
  };
  checkDefinition(input.definition, type);
  if (input.tags) checkTags(input.tags);
  const arn = stateMachineArn(ctx.account, input.name);
  const existing = await ctx.store.getMachine(arn);
  // Creating is idempotent: the same name and configuration returns the machine already there (roleArn and tags aside).
  if (existing) {
    if (!sameConfig(existing, config)) throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    const version = input.publish ? await publish(ctx, existing, undefined) : undefined;
    return { stateMachineArn: arn, creationDate: existing.creationDate, ...(version && { stateMachineVersionArn: version.arn }) };
  }
  const now = ctx.now();
  const machine: StateMachineRecord = { ...config, arn, name: input.name, creationDate: now, updateDate: now, revisionId: ctx.uuid(), lastVersion: 0 };
  await ctx.store.putMachine(machine);
  if (input.tags?.length) await ctx.store.putTags(arn, input.tags);
  const version = input.publish ? await publish(ctx, machine, input.versionDescription) : undefined;
  return { stateMachineArn: arn, creationDate: now, ...(version && { stateMachineVersionArn: version.arn }) };
}

/** The unqualified machine an ARN names; a version or alias ARN names none here. */
export async function requireMachine(ctx: ServiceContext, arn: string): Promise<StateMachineRecord> {
  const ref = parseMachineArn(arn);
  const machine = ref.version === undefined && ref.alias === undefined ? await ctx.store.getMachine(ref.machineArn) : undefined;
  if (!machine) throw machineDoesNotExist(arn);
  return machine;
}

export async function updateStateMachine(ctx: ServiceContext, input: UpdateStateMachineInput): Promise<UpdateStateMachineOutput> {
  const machine = await requireMachine(ctx, input.stateMachineArn);
  const { definition, roleArn, loggingConfiguration, tracingConfiguration, encryptionConfiguration } = input;
  if ([definition, roleArn, loggingConfiguration, tracingConfiguration, encryptionConfiguration].every((v) => v === undefined)) {
    throw missingParameter('Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified');
  }
  checkVersionDescription(input);
  if (roleArn !== undefined) checkRoleArn(roleArn);
  if (definition !== undefined) checkDefinition(definition, machine.type);
  const next: StateMachineRecord = {
    ...machine,
    ...(definition !== undefined && { definition }),
    ...(roleArn !== undefined && { roleArn }),
    ...(loggingConfiguration !== undefined && { loggingConfiguration: normaliseLogging(loggingConfiguration) }),
    ...(tracingConfiguration !== undefined && { tracingConfiguration }),
    ...(encryptionConfiguration !== undefined && { encryptionConfiguration }),
  };
  const changed = !sameConfig(machine, next) || machine.roleArn !== next.roleArn;
  const now = ctx.now();
  if (changed) Object.assign(next, { revisionId: ctx.uuid(), updateDate: now });
  await ctx.store.putMachine(next);
  const version = input.publish ? await publish(ctx, next, input.versionDescription) : undefined;
  return { updateDate: next.updateDate, revisionId: next.revisionId, ...(version && { stateMachineVersionArn: version.arn }) };
}

export async function deleteStateMachine(ctx: ServiceContext, arn: string): Promise<void> {
  const ref = parseMachineArn(arn);
  if (ref.version === undefined && ref.alias === undefined) await ctx.store.deleteMachine(ref.machineArn);
}

export async function describeStateMachine(ctx: ServiceContext, arn: string): Promise<DescribeStateMachineOutput> {
  const ref = parseMachineArn(arn);
  if (ref.version !== undefined) {
    const version = await ctx.store.getVersion(arn);
    if (!version) throw machineDoesNotExist(arn);
    return {
      ...describeConfig(version),
      stateMachineArn: version.arn,
      name: ref.name,
      creationDate: version.creationDate,
      revisionId: version.revisionId,
      ...(version.description !== undefined && { description: version.description }),
    };
  }
  const machine = await requireMachine(ctx, arn);
  return { ...describeConfig(machine), stateMachineArn: machine.arn, name: machine.name, creationDate: machine.creationDate, revisionId: machine.revisionId };
}

function describeConfig(c: MachineConfig): Omit<DescribeStateMachineOutput, 'stateMachineArn' | 'name' | 'creationDate'> {
  return {
    status: 'ACTIVE',
    definition: c.definition,
    roleArn: c.roleArn,
    type: c.type,
    loggingConfiguration: c.loggingConfiguration,
    tracingConfiguration: c.tracingConfiguration,
    ...(c.encryptionConfiguration && { encryptionConfiguration: c.encryptionConfiguration }),
  };
}

export async function listStateMachines(ctx: ServiceContext, page: Page): Promise<{ stateMachines: StateMachineListItem[]; nextToken?: string }> {
  const machines = (await ctx.store.listMachines()).sort((a, b) => a.name.localeCompare(b.name));
  const { items, nextToken } = paginate(machines, (m) => m.arn, page);
  return {
    stateMachines: items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })),
    ...(nextToken && { nextToken }),
  };
}

export function validateStateMachineDefinition(input: ValidateStateMachineDefinitionInput): ValidateStateMachineDefinitionOutput {
  const all = validateDefinition(input.definition, { type: input.type ?? 'STANDARD' });
  // Severity is the lowest level reported: ERROR (the default) leaves warnings out.
  const shown = input.severity === 'WARNING' ? all : all.filter((d) => d.severity === 'ERROR');
  const limit = input.maxResults || 100;
  return { result: validationResult(all), diagnostics: shown.slice(0, limit), truncated: shown.length > limit };
}

// ---- versions ------------------------------------------------------------------------------

/** Publishing the revision that is already a version returns that version. */
async function publish(ctx: ServiceContext, machine: StateMachineRecord, description: string | undefined): Promise<VersionRecord> {
  const existing = (await ctx.store.listVersions(machine.arn)).find((v) => v.revisionId === machine.revisionId);
  if (existing) return existing;
  const number = machine.lastVersion + 1;
  const version: VersionRecord = {
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    ...(machine.encryptionConfiguration && { encryptionConfiguration: machine.encryptionConfiguration }),
    arn: `${machine.arn}:${number}`,
    stateMachineArn: machine.arn,
    version: number,
    revisionId: machine.revisionId,
    ...(description !== undefined && { description }),
    creationDate: ctx.now(),
  };
  await ctx.store.putVersion(version);
  await ctx.store.putMachine({ ...machine, lastVersion: number });
  return version;
}

export async function publishStateMachineVersion(ctx: ServiceContext, input: PublishStateMachineVersionInput): Promise<PublishStateMachineVersionOutput> {
  const machine = await requireMachine(ctx, input.stateMachineArn);
  if (input.revisionId !== undefined && input.revisionId !== machine.revisionId) {
    throw new ServiceError(
      'ConflictException',
      `Failed to publish the State Machine version for revision ${input.revisionId}. The current State Machine revision is ${machine.revisionId}.`,
    );
  }
  const version = await publish(ctx, machine, input.description);
  return { creationDate: version.creationDate, stateMachineVersionArn: version.arn };
}

export async function listStateMachineVersions(
  ctx: ServiceContext,
  input: Page & { stateMachineArn: string },
): Promise<{ stateMachineVersions: { stateMachineVersionArn: string; creationDate: Date }[]; nextToken?: string }> {
  const machine = await requireMachine(ctx, input.stateMachineArn);
  const versions = (await ctx.store.listVersions(machine.arn)).sort((a, b) => b.version - a.version);
  const { items, nextToken } = paginate(versions, (v) => v.arn, input);
  return {
    stateMachineVersions: items.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: v.creationDate })),
    ...(nextToken && { nextToken }),
  };
}

export async function deleteStateMachineVersion(ctx: ServiceContext, arn: string): Promise<void> {
  const ref = parseMachineArn(arn);
  if (ref.version === undefined) return;
  const referencing = (await ctx.store.listAliases(ref.machineArn))
    .filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn))
    .map((a) => a.name);
  if (referencing.length) {
    throw new ServiceError(
      'ConflictException',
      `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${referencing.join(', ')}]`,
    );
  }
  await ctx.store.deleteVersion(arn);
}

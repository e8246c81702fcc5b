/** Aliases: a name that routes executions to one or two versions of a state machine by weight. */
import { parseMachineArn } from './arn.js';
import { validationException } from './constraints.js';
import { missingParameter, type ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { requireMachine } from './machines.js';
import { paginate } from './pagination.js';
import type { AliasRecord } from '../store/store.js';
import type {
  CreateStateMachineAliasInput,
  CreateStateMachineAliasOutput,
  DescribeStateMachineAliasOutput,
  Page,
  RoutingConfigurationItem,
  UpdateStateMachineAliasInput,
} from './types.js';

const resourceNotFound = (): ServiceError => new ServiceError('ResourceNotFound', 'Request references a resource that does not exist.');

/** Distinct versions of one state machine, weights adding up to 100. Returns the machine's ARN. */
async function checkRouting(ctx: ServiceContext, routing: readonly RoutingConfigurationItem[]): Promise<string> {
  const arns = routing.map((r) => r.stateMachineVersionArn);
  const received = `Received: [${arns.join(', ')}]`;
  if (new Set(arns).size < arns.length) throw validationException(`Routing configuration must contain distinct state machine version ARNs. ${received}`);
  const weights = routing.map((r) => r.weight);
  if (weights.reduce((a, b) => a + b, 0) !== 100) {
    throw validationException(`Sum of routing configuration weights must equal 100. Received: [${weights.join(', ')}]`);
  }
  const machines = new Set<string>();
  for (const arn of arns) {
    const ref = parseMachineArn(arn);
    if (ref.version === undefined || !(await ctx.store.getVersion(arn))) {
      throw validationException(`Routing configuration must contain state machine version ARNs. ${received}`);
    }
    machines.add(ref.machineArn);
  }
  if (machines.size > 1) throw validationException(`Routing configuration must reference versions of the same state machine. ${received}`);
  return [...machines][0];
}

export async function createStateMachineAlias(ctx: ServiceContext, input: CreateStateMachineAliasInput): Promise<CreateStateMachineAliasOutput> {
  const machineArn = await checkRouting(ctx, input.routingConfiguration);
  const arn = `${machineArn}:${input.name}`;
  const existing = await ctx.store.getAlias(arn);
  if (existing) {
    // Idempotent for the same routing and description.
    const same =
      JSON.stringify(existing.routingConfiguration) === JSON.stringify(input.routingConfiguration) && existing.description === input.description;
    if (!same) {
      throw new ServiceError(
        'ConflictException',
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
      );
    }
    return { stateMachineAliasArn: arn, creationDate: existing.creationDate };
  }
  const now = ctx.now();
  await ctx.store.putAlias({
    arn,
    stateMachineArn: machineArn,
    name: input.name,
    ...(input.description !== undefined && { description: input.description }),
    routingConfiguration: input.routingConfiguration.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight })),
    creationDate: now,
    updateDate: now,
  });
  return { stateMachineAliasArn: arn, creationDate: now };
}

async function requireAlias(ctx: ServiceContext, arn: string): Promise<AliasRecord> {
  const ref = parseMachineArn(arn);
  const alias = ref.alias !== undefined ? await ctx.store.getAlias(arn) : undefined;
  if (!alias) throw resourceNotFound();
  return alias;
}

export async function describeStateMachineAlias(ctx: ServiceContext, arn: string): Promise<DescribeStateMachineAliasOutput> {
  const a = await requireAlias(ctx, arn);
  return {
    stateMachineAliasArn: a.arn,
    name: a.name,
    ...(a.description !== undefined && { description: a.description }),
    routingConfiguration: a.routingConfiguration,
    creationDate: a.creationDate,
    updateDate: a.updateDate,
  };
}

export async function updateStateMachineAlias(ctx: ServiceContext, input: UpdateStateMachineAliasInput): Promise<{ updateDate: Date }> {
  parseMachineArn(input.stateMachineAliasArn);
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw missingParameter('Either the description or the RoutingConfiguration must be specified');
  }
  if (input.routingConfiguration) await checkRouting(ctx, input.routingConfiguration);
  const alias = await requireAlias(ctx, input.stateMachineAliasArn);
  const updated: AliasRecord = {
    ...alias,
    ...(input.description !== undefined && { description: input.description }),
    ...(input.routingConfiguration && { routingConfiguration: input.routingConfiguration }),
    updateDate: ctx.now(),
  };
  await ctx.store.putAlias(updated);
  return { updateDate: updated.updateDate };
}

export async function deleteStateMachineAlias(ctx: ServiceContext, arn: string): Promise<void> {
  const ref = parseMachineArn(arn);
  if (ref.alias !== undefined) await ctx.store.deleteAlias(arn);
}

export async function listStateMachineAliases(
  ctx: ServiceContext,
  input: Page & { stateMachineArn: string },
): Promise<{ stateMachineAliases: { stateMachineAliasArn: string; creationDate: Date }[]; nextToken?: string }> {
  const machine = await requireMachine(ctx, input.stateMachineArn);
  const aliases = (await ctx.store.listAliases(machine.arn)).sort((a, b) => a.creationDate.getTime() - b.creationDate.getTime());
  const { items, nextToken } = paginate(aliases, (a) => a.arn, input);
  return {
    stateMachineAliases: items.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: a.creationDate })),
    ...(nextToken && { nextToken }),
  };
}

/** The version an execution started through an alias runs, drawn by weight. */
export function routeAlias(alias: AliasRecord, random: number): string {
  let remaining = random * 100;
  for (const r of alias.routingConfiguration) {
    remaining -= r.weight;
    if (remaining < 0) return r.stateMachineVersionArn;
  }
  return alias.routingConfiguration[alias.routingConfiguration.length - 1].stateMachineVersionArn;
}

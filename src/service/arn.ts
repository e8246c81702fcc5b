/**
 * Step Functions ARNs: building them, and reading the one a request names in the context the
 * action expects, with AWS's `InvalidArn` messages.
 *
 *   arn:aws:states:us-east-1:123456789012:stateMachine:Name[:version | :alias]
 *   arn:aws:states:us-east-1:123456789012:execution:Machine:Name
 *   arn:aws:states:us-east-1:123456789012:express:Machine:Name:uuid
 *   arn:aws:states:us-east-1:123456789012:activity:Name
 */
import { ServiceError } from './errors.js';

export type ResourceType = 'stateMachine' | 'execution' | 'express' | 'activity';

export interface Account {
  partition: string;
  region: string;
  account: string;
}

export interface StatesArn {
  account: Account;
  type: ResourceType;
  /** The colon-separated parts after the resource type. */
  parts: string[];
}

export const invalidArn = (why: string): ServiceError => new ServiceError('InvalidArn', `Invalid Arn: '${why}'`);

export const stateMachineArn = (a: Account, name: string): string => `${prefix(a)}:stateMachine:${name}`;
export const activityArn = (a: Account, name: string): string => `${prefix(a)}:activity:${name}`;
export const executionArn = (a: Account, machine: string, name: string): string => `${prefix(a)}:execution:${machine}:${name}`;
export const expressExecutionArn = (a: Account, machine: string, name: string, id: string): string =>
  `${prefix(a)}:express:${machine}:${name}:${id}`;

const prefix = (a: Account): string => `arn:${a.partition}:states:${a.region}:${a.account}`;

/**
 * Reads a Step Functions ARN whose resource type is one of `allowed`. AWS names the first problem
 * it finds: the `arn:` prefix, then the rest of the syntax, then a resource type foreign to the action.
 */
export function parseStatesArn(arn: string, allowed: readonly ResourceType[]): StatesArn {
  if (!arn.startsWith('arn:')) throw invalidArn(`Invalid ARN prefix: ${arn}`);
  const [, partition, service, region, account, type, ...parts] = arn.split(':');
  if (service !== 'states') throw invalidArn(`Invalid service: ${service ?? ''}`);
  if (!region || !/^\d{12}$/.test(account ?? '')) throw invalidArn(`Invalid ARN: ${arn}`);
  if (!allowed.includes(type as ResourceType)) throw invalidArn(`Resource type not valid in this context: ${(type ?? '').toLowerCase()}`);
  if (parts.length === 0 || parts.some((p) => p === '')) throw invalidArn(`Invalid ARN: ${arn}`);
  return { account: { partition, region, account }, type: type as ResourceType, parts };
}

/** A state machine ARN, possibly qualified by a version number or an alias name. */
export interface MachineRef {
  /** The unqualified state machine ARN. */
  machineArn: string;
  name: string;
  version?: number;
  alias?: string;
}

export function parseMachineArn(arn: string): MachineRef {
  const { account, parts } = parseStatesArn(arn, ['stateMachine']);
  if (parts.length > 2) throw invalidArn(`Invalid ARN: ${arn}`);
  const [name, qualifier] = parts;
  const machineArn = stateMachineArn(account, name);
  if (qualifier === undefined) return { machineArn, name };
  return /^\d+$/.test(qualifier) ? { machineArn, name, version: Number(qualifier) } : { machineArn, name, alias: qualifier };
}

/** Express executions keep no record AWS can describe, so their ARNs are refused as a foreign type. */
export function parseExecutionArn(arn: string): StatesArn {
  const parsed = parseStatesArn(arn, ['execution']);
  if (parsed.parts.length < 2) throw invalidArn(`Invalid ARN: ${arn}`);
  return parsed;
}

export function parseActivityArn(arn: string): StatesArn {
  const parsed = parseStatesArn(arn, ['activity']);
  if (parsed.parts.length !== 1) throw invalidArn(`Invalid ARN: ${arn}`);
  return parsed;
}

/**
 * The IAM role a state machine runs as: `arn:aws:iam::123456789012:role/[path/]name`. Only its
 * syntax is held here; whether the role exists and trusts Step Functions is IAM's business.
 */
export function checkRoleArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw invalidArn(`Invalid ARN prefix: ${arn}`);
  const [, partition, service, region, account, ...rest] = arn.split(':');
  if (service !== 'iam') throw invalidArn(`Invalid service: ${service ?? ''}`);
  const resource = rest.join(':');
  if (!partition || region !== '' || !/^\d{12}$/.test(account ?? '') || !/^role\/[\w+=,.@/-]+$/.test(resource)) {
    throw invalidArn(`Invalid ARN: ${arn}`);
  }
}

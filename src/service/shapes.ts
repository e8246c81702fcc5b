/** Each action's request members and the constraints AWS's API model puts on them. */
import type { Constraint, Shape } from './constraints.js';

const arn: Constraint = { length: [1, 256] };
const longArn: Constraint = { length: [1, 2000] };
const name: Constraint = { length: [1, 80] };
const pageSize: Constraint = { range: [0, 1000] };
const pageToken: Constraint = { length: [1, 1024] };
const definition: Constraint = { length: [1, 1048576], sensitive: true };
const data: Constraint = { length: [0, 262144], sensitive: true };
const description: Constraint = { length: [0, 256], sensitive: true };
const type: Constraint = { values: ['STANDARD', 'EXPRESS'] };
const tags: Constraint = { members: { key: { length: [1, 128] }, value: { length: [0, 256] } } };
const taskToken: Constraint = { required: true, length: [1, 2048] };
const error: Constraint = { length: [0, 256], sensitive: true };
const cause: Constraint = { length: [0, 32768], sensitive: true };
const routingConfiguration: Constraint = {
  length: [1, 2],
  members: { stateMachineVersionArn: { required: true, ...arn }, weight: { required: true, range: [0, 100] } },
};
const loggingConfiguration: Constraint = {
  fields: {
    level: { values: ['ALL', 'ERROR', 'FATAL', 'OFF'] },
    destinations: { members: { cloudWatchLogsLogGroup: { fields: { logGroupArn: arn } } } },
  },
};
const encryptionConfiguration: Constraint = {
  fields: {
    type: { required: true, values: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] },
    kmsKeyId: { length: [1, 2048] },
    kmsDataKeyReusePeriodSeconds: { range: [60, 900] },
  },
};
const includedData: Constraint = { values: ['ALL_DATA', 'METADATA_ONLY'] };
const traceHeader: Constraint = { length: [0, 256], pattern: '\\p{ASCII}*' };
const executionStatus = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const required = (c: Constraint): Constraint => ({ ...c, required: true });

export const SHAPES = {
  CreateStateMachine: {
    name: required(name),
    definition: required(definition),
    roleArn: required(arn),
    type,
    loggingConfiguration,
    tags,
    versionDescription: description,
    encryptionConfiguration,
  },
  UpdateStateMachine: { stateMachineArn: required(arn), definition, roleArn: arn, loggingConfiguration, versionDescription: description, encryptionConfiguration },
  DeleteStateMachine: { stateMachineArn: required(arn) },
  DescribeStateMachine: { stateMachineArn: required(arn), includedData },
  ListStateMachines: { maxResults: pageSize, nextToken: pageToken },
  ValidateStateMachineDefinition: {
    definition: required(definition),
    type,
    severity: { values: ['ERROR', 'WARNING'] },
    maxResults: { range: [0, 100] },
  },
  PublishStateMachineVersion: { stateMachineArn: required(arn), description },
  ListStateMachineVersions: { stateMachineArn: required(arn), maxResults: pageSize, nextToken: pageToken },
  DeleteStateMachineVersion: { stateMachineVersionArn: required(longArn) },
  CreateStateMachineAlias: {
    name: required({ ...name, pattern: '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$' }),
    description,
    routingConfiguration: required(routingConfiguration),
  },
  DescribeStateMachineAlias: { stateMachineAliasArn: required(arn) },
  UpdateStateMachineAlias: { stateMachineAliasArn: required(arn), description, routingConfiguration },
  DeleteStateMachineAlias: { stateMachineAliasArn: required(arn) },
  ListStateMachineAliases: { stateMachineArn: required(arn), maxResults: pageSize, nextToken: pageToken },
  StartExecution: { stateMachineArn: required(arn), name, input: data, traceHeader },
  StartSyncExecution: { stateMachineArn: required(arn), name, input: data, traceHeader, includedData },
  StopExecution: { executionArn: required(arn), error, cause },
  RedriveExecution: { executionArn: required(arn), clientToken: { length: [1, 64], pattern: '[!-~]+' } },
  DescribeMapRun: { mapRunArn: required(longArn) },
  ListMapRuns: { executionArn: required(arn), maxResults: pageSize, nextToken: pageToken },
  UpdateMapRun: {
    mapRunArn: required(longArn),
    maxConcurrency: { range: [0, 2147483647] },
    toleratedFailurePercentage: { range: [0, 100] },
    toleratedFailureCount: { range: [0, Number.MAX_SAFE_INTEGER] },
  },
  DescribeExecution: { executionArn: required(arn), includedData },
  DescribeStateMachineForExecution: { executionArn: required(arn), includedData },
  ListExecutions: {
    stateMachineArn: arn,
    statusFilter: { values: executionStatus },
    maxResults: pageSize,
    nextToken: { length: [1, 3096] },
    mapRunArn: longArn,
    redriveFilter: { values: ['REDRIVEN', 'NOT_REDRIVEN'] },
  },
  GetExecutionHistory: { executionArn: required(arn), maxResults: pageSize, nextToken: pageToken },
  CreateActivity: { name: required(name), tags, encryptionConfiguration },
  DeleteActivity: { activityArn: required(arn) },
  DescribeActivity: { activityArn: required(arn) },
  ListActivities: { maxResults: pageSize, nextToken: pageToken },
  GetActivityTask: { activityArn: required(arn), workerName: name },
  SendTaskSuccess: { taskToken, output: required(data) },
  SendTaskFailure: { taskToken, error, cause },
  SendTaskHeartbeat: { taskToken },
  TagResource: { resourceArn: required(arn), tags: required(tags) },
  UntagResource: { resourceArn: required(arn), tagKeys: required({ items: { length: [1, 128] } }) },
  ListTagsForResource: { resourceArn: required(arn) },
} satisfies Record<string, Shape>;

export type Action = keyof typeof SHAPES;

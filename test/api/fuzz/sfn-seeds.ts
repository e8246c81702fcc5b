/**
 * One or more valid requests for every Step Functions action, naming the fuzz server's
 * resources and setting as many members as the action takes: the malformed variants are these,
 * each broken in one place. A valid seed makes "the server changed nothing" a real claim: the
 * request would have changed something had it not been refused.
 */
import { FIXTURES, passDefinition, ROLE } from './harness.js';

const tags = [{ key: 'owner', value: 'fuzz' }];
const encryptionConfiguration = { type: 'AWS_OWNED_KEY' };
const loggingConfiguration = {
  level: 'ALL',
  includeExecutionData: true,
  destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:fuzz:*' } }],
};
const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: FIXTURES.functionArn }, QueryLanguage: 'JSONata', End: true };
const taskMachine = JSON.stringify({ StartAt: 'T', States: { T: task } });

export const SFN_SEEDS: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
  CreateActivity: [{ name: 'fuzz-new-activity', tags, encryptionConfiguration }],
  CreateStateMachine: [
    {
      name: 'fuzz-new-machine',
      definition: passDefinition(),
      roleArn: ROLE,
      type: 'STANDARD',
      loggingConfiguration,
      tags,
      tracingConfiguration: { enabled: false },
      publish: true,
      versionDescription: 'first',
      encryptionConfiguration,
    },
  ],
  CreateStateMachineAlias: [{ name: 'fuzz-new-alias', description: 'd', routingConfiguration: [{ stateMachineVersionArn: FIXTURES.version1, weight: 100 }] }],
  DeleteActivity: [{ activityArn: FIXTURES.activity }],
  DeleteStateMachine: [{ stateMachineArn: FIXTURES.express }],
  DeleteStateMachineAlias: [{ stateMachineAliasArn: FIXTURES.alias }],
  DeleteStateMachineVersion: [{ stateMachineVersionArn: FIXTURES.version2 }],
  DescribeActivity: [{ activityArn: FIXTURES.activity }],
  DescribeExecution: [{ executionArn: FIXTURES.execution, includedData: 'ALL_DATA' }],
  DescribeMapRun: [{ mapRunArn: FIXTURES.mapRun }],
  DescribeStateMachine: [{ stateMachineArn: FIXTURES.machine, includedData: 'ALL_DATA' }],
  DescribeStateMachineAlias: [{ stateMachineAliasArn: FIXTURES.alias }],
  DescribeStateMachineForExecution: [{ executionArn: FIXTURES.execution, includedData: 'METADATA_ONLY' }],
  GetActivityTask: [{ activityArn: FIXTURES.activity, workerName: 'worker' }],
  GetExecutionHistory: [{ executionArn: FIXTURES.execution, maxResults: 10, reverseOrder: true, nextToken: 'token', includeExecutionData: true }],
  ListActivities: [{ maxResults: 10, nextToken: 'token' }],
  ListExecutions: [
    { stateMachineArn: FIXTURES.machine, statusFilter: 'SUCCEEDED', maxResults: 10, nextToken: 'token', redriveFilter: 'NOT_REDRIVEN' },
    { mapRunArn: FIXTURES.mapRun, maxResults: 10 },
  ],
  ListMapRuns: [{ executionArn: FIXTURES.execution, maxResults: 10, nextToken: 'token' }],
  ListStateMachineAliases: [{ stateMachineArn: FIXTURES.machine, nextToken: 'token', maxResults: 10 }],
  ListStateMachineVersions: [{ stateMachineArn: FIXTURES.machine, nextToken: 'token', maxResults: 10 }],
  ListStateMachines: [{ maxResults: 10, nextToken: 'token' }],
  ListTagsForResource: [{ resourceArn: FIXTURES.machine }],
  PublishStateMachineVersion: [{ stateMachineArn: FIXTURES.machine, description: 'again' }],
  RedriveExecution: [{ executionArn: FIXTURES.execution, clientToken: 'client-token' }],
  SendTaskFailure: [{ taskToken: 'no-such-token', error: 'Failed', cause: 'because' }],
  SendTaskHeartbeat: [{ taskToken: 'no-such-token' }],
  SendTaskSuccess: [{ taskToken: 'no-such-token', output: '{}' }],
  StartExecution: [{ stateMachineArn: FIXTURES.machine, name: 'fuzz-new-run', input: '{"a": 1}', traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' }],
  StartSyncExecution: [{ stateMachineArn: FIXTURES.express, name: 'fuzz-sync-run', input: '{}', traceHeader: 'Root=1', includedData: 'ALL_DATA' }],
  StopExecution: [{ executionArn: FIXTURES.execution, error: 'Stopped', cause: 'by the fuzz test' }],
  TagResource: [{ resourceArn: FIXTURES.machine, tags }],
  TestState: [
    {
      definition: JSON.stringify(task),
      roleArn: ROLE,
      input: '{}',
      inspectionLevel: 'DEBUG',
      variables: '{}',
      mock: { result: '{"StatusCode": 200, "Payload": "x"}', fieldValidationMode: 'NONE' },
      context: '{}',
      stateConfiguration: { retrierRetryCount: 0 },
    },
    {
      definition: taskMachine,
      roleArn: ROLE,
      stateName: 'T',
      revealSecrets: false,
      mock: { errorOutput: { error: 'Boom', cause: 'mocked' } },
      stateConfiguration: { errorCausedByState: 'T', mapIterationFailureCount: 0, mapItemReaderData: '[]' },
    },
  ],
  UntagResource: [{ resourceArn: FIXTURES.machine, tagKeys: ['team'] }],
  UpdateMapRun: [{ mapRunArn: FIXTURES.mapRun, maxConcurrency: 1, toleratedFailurePercentage: 10, toleratedFailureCount: 1 }],
  UpdateStateMachine: [
    {
      stateMachineArn: FIXTURES.machine,
      definition: passDefinition(3),
      roleArn: ROLE,
      loggingConfiguration,
      tracingConfiguration: { enabled: true },
      publish: true,
      versionDescription: 'third',
      encryptionConfiguration,
    },
  ],
  UpdateStateMachineAlias: [{ stateMachineAliasArn: FIXTURES.alias, description: 'd', routingConfiguration: [{ stateMachineVersionArn: FIXTURES.version2, weight: 100 }] }],
  ValidateStateMachineDefinition: [{ definition: passDefinition(), type: 'STANDARD', severity: 'ERROR', maxResults: 10 }],
};

/** Actions that read and never write: the same request twice gets the same answer. */
export const READ_ONLY = new Set([
  'DescribeActivity',
  'DescribeExecution',
  'DescribeMapRun',
  'DescribeStateMachine',
  'DescribeStateMachineAlias',
  'DescribeStateMachineForExecution',
  'GetExecutionHistory',
  'ListActivities',
  'ListExecutions',
  'ListMapRuns',
  'ListStateMachineAliases',
  'ListStateMachineVersions',
  'ListStateMachines',
  'ListTagsForResource',
  'ValidateStateMachineDefinition',
]);

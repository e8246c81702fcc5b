/**
 * The member types of every Step Functions action's request, transcribed from AWS's API model
 * (the Smithy model `com.amazonaws.sfn` that the AWS SDKs are generated from). The protocol
 * adapter holds a request to these types before the service sees it, as AWS's front end does
 * (`SerializationException`); lengths, ranges and enums are the service's own checks.
 * The keys of this table are also the actions AWS knows: any other is `UnknownOperationException`.
 */

export type MemberType =
  | 'string'
  | 'number'
  | 'boolean'
  | { list: MemberType }
  /** A JSON object whose keys are the caller's and whose values are all of one type. */
  | { map: MemberType }
  | { structure: Readonly<Record<string, MemberType>> };

export type InputModel = Readonly<Record<string, MemberType>>;

export const list = (of: MemberType): MemberType => ({ list: of });
export const structure = (members: Record<string, MemberType>): MemberType => ({ structure: members });

const tags = list(structure({ key: 'string', value: 'string' }));
const encryptionConfiguration = structure({ type: 'string', kmsKeyId: 'string', kmsDataKeyReusePeriodSeconds: 'number' });
const loggingConfiguration = structure({
  level: 'string',
  includeExecutionData: 'boolean',
  destinations: list(structure({ cloudWatchLogsLogGroup: structure({ logGroupArn: 'string' }) })),
});
const tracingConfiguration = structure({ enabled: 'boolean' });
const routingConfiguration = list(structure({ stateMachineVersionArn: 'string', weight: 'number' }));
const page = { maxResults: 'number', nextToken: 'string' } as const;
const start = { stateMachineArn: 'string', name: 'string', input: 'string', traceHeader: 'string' } as const;

export const INPUT_MODELS: Readonly<Record<string, InputModel>> = {
  CreateActivity: { name: 'string', tags, encryptionConfiguration },
  CreateStateMachine: {
    name: 'string',
    definition: 'string',
    roleArn: 'string',
    type: 'string',
    loggingConfiguration,
    tags,
    tracingConfiguration,
    publish: 'boolean',
    versionDescription: 'string',
    encryptionConfiguration,
  },
  CreateStateMachineAlias: { name: 'string', routingConfiguration, description: 'string' },
  DeleteActivity: { activityArn: 'string' },
  DeleteStateMachine: { stateMachineArn: 'string' },
  DeleteStateMachineAlias: { stateMachineAliasArn: 'string' },
  DeleteStateMachineVersion: { stateMachineVersionArn: 'string' },
  DescribeActivity: { activityArn: 'string' },
  DescribeExecution: { executionArn: 'string', includedData: 'string' },
  DescribeMapRun: { mapRunArn: 'string' },
  DescribeStateMachine: { stateMachineArn: 'string', includedData: 'string' },
  DescribeStateMachineAlias: { stateMachineAliasArn: 'string' },
  DescribeStateMachineForExecution: { executionArn: 'string', includedData: 'string' },
  GetActivityTask: { activityArn: 'string', workerName: 'string' },
  GetExecutionHistory: { executionArn: 'string', ...page, reverseOrder: 'boolean', includeExecutionData: 'boolean' },
  ListActivities: page,
  ListExecutions: { stateMachineArn: 'string', statusFilter: 'string', ...page, mapRunArn: 'string', redriveFilter: 'string' },
  ListMapRuns: { executionArn: 'string', ...page },
  ListStateMachineAliases: { stateMachineArn: 'string', ...page },
  ListStateMachineVersions: { stateMachineArn: 'string', ...page },
  ListStateMachines: page,
  ListTagsForResource: { resourceArn: 'string' },
  PublishStateMachineVersion: { stateMachineArn: 'string', revisionId: 'string', description: 'string' },
  RedriveExecution: { executionArn: 'string', clientToken: 'string' },
  SendTaskFailure: { taskToken: 'string', error: 'string', cause: 'string' },
  SendTaskHeartbeat: { taskToken: 'string' },
  SendTaskSuccess: { taskToken: 'string', output: 'string' },
  StartExecution: start,
  StartSyncExecution: { ...start, includedData: 'string' },
  StopExecution: { executionArn: 'string', error: 'string', cause: 'string' },
  TagResource: { resourceArn: 'string', tags },
  TestState: {
    definition: 'string',
    roleArn: 'string',
    input: 'string',
    inspectionLevel: 'string',
    revealSecrets: 'boolean',
    variables: 'string',
    stateName: 'string',
    mock: structure({ result: 'string', errorOutput: structure({ error: 'string', cause: 'string' }), fieldValidationMode: 'string' }),
    context: 'string',
    stateConfiguration: structure({
      retrierRetryCount: 'number',
      errorCausedByState: 'string',
      mapIterationFailureCount: 'number',
      mapItemReaderData: 'string',
    }),
  },
  UntagResource: { resourceArn: 'string', tagKeys: list('string') },
  UpdateMapRun: { mapRunArn: 'string', maxConcurrency: 'number', toleratedFailurePercentage: 'number', toleratedFailureCount: 'number' },
  UpdateStateMachine: {
    stateMachineArn: 'string',
    definition: 'string',
    roleArn: 'string',
    loggingConfiguration,
    tracingConfiguration,
    publish: 'boolean',
    versionDescription: 'string',
    encryptionConfiguration,
  },
  UpdateStateMachineAlias: { stateMachineAliasArn: 'string', description: 'string', routingConfiguration },
  ValidateStateMachineDefinition: { definition: 'string', type: 'string', severity: 'string', maxResults: 'number' },
};

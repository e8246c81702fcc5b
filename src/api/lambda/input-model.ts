/**
 * The JSON body members of every Lambda action Stepwise serves, with their types, transcribed
 * from AWS's API model (Lambda 2015-03-31). The REST adapter holds a body to these before the
 * function service sees it, as Lambda's front end does: a wrong type is a request body Lambda
 * cannot read. Members travelling in the path, query or headers are text and are not listed.
 * Blobs travel in JSON as base64 text.
 */
import { list, structure, type InputModel, type MemberType } from '../input-model.js';

const strings = list('string');
const stringMap: MemberType = { map: 'string' };

const vpcConfig = structure({ SubnetIds: strings, SecurityGroupIds: strings, Ipv6AllowedForDualStack: 'boolean' });
const fileSystemConfigs = list(structure({ Arn: 'string', LocalMountPath: 'string' }));
const imageConfig = structure({ EntryPoint: strings, Command: strings, WorkingDirectory: 'string' });
const loggingConfig = structure({ LogFormat: 'string', ApplicationLogLevel: 'string', SystemLogLevel: 'string', LogGroup: 'string' });
const capacityProviderConfig = structure({
  LambdaManagedInstancesCapacityProviderConfig: structure({
    CapacityProviderArn: 'string',
    PerExecutionEnvironmentMaxConcurrency: 'number',
    ExecutionEnvironmentMemoryGiBPerVCpu: 'number',
  }),
});
const durableConfig = structure({ RetentionPeriodInDays: 'number', ExecutionTimeout: 'number' });
const code = { S3Bucket: 'string', S3Key: 'string', S3ObjectVersion: 'string', ImageUri: 'string', SourceKMSKeyArn: 'string' } as const;

/** What Create and UpdateFunctionConfiguration share. */
const configuration = {
  Role: 'string',
  Handler: 'string',
  Description: 'string',
  Timeout: 'number',
  MemorySize: 'number',
  VpcConfig: vpcConfig,
  Environment: structure({ Variables: stringMap }),
  Runtime: 'string',
  DeadLetterConfig: structure({ TargetArn: 'string' }),
  KMSKeyArn: 'string',
  TracingConfig: structure({ Mode: 'string' }),
  Layers: strings,
  FileSystemConfigs: fileSystemConfigs,
  ImageConfig: imageConfig,
  EphemeralStorage: structure({ Size: 'number' }),
  SnapStart: structure({ ApplyOn: 'string' }),
  LoggingConfig: loggingConfig,
  CapacityProviderConfig: capacityProviderConfig,
  DurableConfig: durableConfig,
} as const satisfies InputModel;

const routingConfig = structure({ AdditionalVersionWeights: { map: 'number' } });

export const LAMBDA_BODY_MODELS: Readonly<Record<string, InputModel>> = {
  CreateFunction: {
    ...configuration,
    FunctionName: 'string',
    Code: structure({ ZipFile: 'string', ...code }),
    Publish: 'boolean',
    PackageType: 'string',
    Tags: stringMap,
    CodeSigningConfigArn: 'string',
    Architectures: strings,
    PublishTo: 'string',
    TenancyConfig: structure({ TenantIsolationMode: 'string' }),
  },
  UpdateFunctionConfiguration: { ...configuration, RevisionId: 'string' },
  UpdateFunctionCode: { ZipFile: 'string', ...code, Publish: 'boolean', DryRun: 'boolean', RevisionId: 'string', Architectures: strings, PublishTo: 'string' },
  PublishVersion: { CodeSha256: 'string', Description: 'string', RevisionId: 'string', PublishTo: 'string' },
  CreateAlias: { Name: 'string', FunctionVersion: 'string', Description: 'string', RoutingConfig: routingConfig },
  UpdateAlias: { FunctionVersion: 'string', Description: 'string', RoutingConfig: routingConfig, RevisionId: 'string' },
  PutFunctionConcurrency: { ReservedConcurrentExecutions: 'number' },
  TagResource: { Tags: stringMap },
};

/**
 * The constraints of AWS's Lambda model that the function service leaves unchecked: those on
 * members it takes but does not act on (VPCs, layers, file systems, logging and the like) and a
 * few on members it stores as given (descriptions). The front end refuses what Lambda would
 * refuse, with Lambda's `ValidationException`; every other member is held to its rules by the
 * service itself. Member names are the model's; AWS quotes them in lowerCamel (`ephemeralStorage.size`).
 */
import type { Constraint, Shape } from '../../service/constraints.js';

const ARN_OR_EMPTY = '(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()';
const arnOrEmpty: Constraint = { pattern: ARN_OR_EMPTY };
const publishTo: Constraint = { values: ['LATEST_PUBLISHED'] };
const description: Constraint = { length: [0, 256] };

const code: Shape = {
  S3Bucket: { length: [3, 63], pattern: '[0-9A-Za-z\\.\\-_]*(?<!\\.)' },
  S3Key: { length: [1, 1024] },
  S3ObjectVersion: { length: [1, 1024] },
  SourceKMSKeyArn: arnOrEmpty,
};

const configuration: Shape = {
  VpcConfig: { fields: { SubnetIds: { length: [0, 16] }, SecurityGroupIds: { length: [0, 5] } } },
  DeadLetterConfig: { fields: { TargetArn: arnOrEmpty } },
  KMSKeyArn: arnOrEmpty,
  TracingConfig: { fields: { Mode: { values: ['Active', 'PassThrough'] } } },
  Layers: { items: { length: [1, 140], pattern: 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+' } },
  FileSystemConfigs: {
    length: [0, 1],
    members: {
      Arn: {
        required: true,
        length: [0, 256],
        pattern:
          'arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:access-point/fsap-[a-f0-9]{17}$|^arn:aws[-a-z]*:s3files:[0-9a-z-:]+:file-system/fs-[0-9a-f]{17,40}/access-point/fsap-[0-9a-f]{17,40}',
      },
      LocalMountPath: { required: true, length: [0, 160], pattern: '/mnt/[a-zA-Z0-9-_.]+' },
    },
  },
  ImageConfig: { fields: { EntryPoint: { length: [0, 1500] }, Command: { length: [0, 1500] }, WorkingDirectory: { length: [0, 1000] } } },
  EphemeralStorage: { fields: { Size: { required: true, range: [512, 10240] } } },
  SnapStart: { fields: { ApplyOn: { values: ['PublishedVersions', 'None'] } } },
  LoggingConfig: {
    fields: {
      LogFormat: { values: ['JSON', 'Text'] },
      ApplicationLogLevel: { values: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] },
      SystemLogLevel: { values: ['DEBUG', 'INFO', 'WARN'] },
      LogGroup: { length: [1, 512], pattern: '[\\.\\-_/#A-Za-z0-9]+' },
    },
  },
  CapacityProviderConfig: {
    fields: {
      LambdaManagedInstancesCapacityProviderConfig: {
        required: true,
        fields: {
          CapacityProviderArn: {
            required: true,
            length: [1, 140],
            pattern: 'arn:aws[a-zA-Z-]*:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:capacity-provider:[a-zA-Z0-9-_]+',
          },
          PerExecutionEnvironmentMaxConcurrency: { range: [1, 1600] },
          ExecutionEnvironmentMemoryGiBPerVCpu: { range: [2, 8] },
        },
      },
    },
  },
  DurableConfig: { fields: { RetentionPeriodInDays: { range: [1, 90] }, ExecutionTimeout: { range: [1, 31622400] } } },
};

export const LAMBDA_SHAPES: Readonly<Record<string, Shape>> = {
  CreateFunction: {
    ...configuration,
    Code: { fields: code },
    PackageType: { values: ['Zip', 'Image'] },
    CodeSigningConfigArn: {
      length: [0, 200],
      pattern: 'arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}',
    },
    PublishTo: publishTo,
    TenancyConfig: { fields: { TenantIsolationMode: { required: true, values: ['PER_TENANT'] } } },
  },
  UpdateFunctionConfiguration: configuration,
  UpdateFunctionCode: { ...code, PublishTo: publishTo },
  PublishVersion: { Description: description, PublishTo: publishTo },
  CreateAlias: { Description: description },
  UpdateAlias: { Description: description },
};

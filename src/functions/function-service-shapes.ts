/** The Lambda API's request and response shapes the function service takes and returns (AWS's names). */
import type { AliasRecord, FunctionVersionRecord } from '../store/function-store.js';

export interface FunctionCodeInput {
  /** The zip's bytes, or their base64 as the JSON body carries them. */
  ZipFile?: Uint8Array | string;
  S3Bucket?: string;
  S3Key?: string;
  ImageUri?: string;
}

export interface CreateFunctionInput {
  FunctionName: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  Code: FunctionCodeInput;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Publish?: boolean;
  Environment?: { Variables?: Record<string, string> };
  PackageType?: string;
  Architectures?: string[];
  Tags?: Record<string, string>;
}

export interface UpdateFunctionConfigurationInput {
  FunctionName: string;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  Runtime?: string;
  RevisionId?: string;
}

export interface UpdateFunctionCodeInput extends FunctionCodeInput {
  FunctionName: string;
  Publish?: boolean;
  RevisionId?: string;
  Architectures?: string[];
}

export interface InvokeInput {
  FunctionName: string;
  InvocationType?: string;
  LogType?: string;
  ClientContext?: string;
  Payload?: Uint8Array | string;
  Qualifier?: string;
}

export interface InvokeOutput {
  StatusCode: number;
  FunctionError?: string;
  LogResult?: string;
  /** The function's response, as the bytes it returned. */
  Payload?: Uint8Array;
  ExecutedVersion?: string;
}

export interface AliasInput {
  FunctionName: string;
  Name: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}

export interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: string };
  RevisionId: string;
  State: string;
  LastUpdateStatus: string;
  PackageType: string;
  Architectures: string[];
  EphemeralStorage: { Size: number };
  SnapStart: { ApplyOn: string; OptimizationStatus: string };
  LoggingConfig: { LogFormat: string; LogGroup: string };
}

export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  RevisionId: string;
}

/** A version's configuration as Lambda reports it, under the ARN the caller asked by. */
export function functionConfiguration(v: FunctionVersionRecord, arn: string): FunctionConfiguration {
  return {
    FunctionName: v.functionName,
    FunctionArn: arn,
    Runtime: v.runtime,
    Role: v.role,
    Handler: v.handler,
    CodeSize: v.codeSize,
    Description: v.description,
    Timeout: v.timeout,
    MemorySize: v.memorySize,
    LastModified: v.lastModified,
    CodeSha256: v.codeSha256,
    Version: v.version,
    ...(Object.keys(v.environment).length > 0 && { Environment: { Variables: { ...v.environment } } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: v.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${v.functionName}` },
  };
}

export function aliasConfiguration(a: AliasRecord, arn: string): AliasConfiguration {
  return {
    AliasArn: arn,
    Name: a.name,
    FunctionVersion: a.functionVersion,
    Description: a.description,
    ...(a.additionalVersionWeights && { RoutingConfig: { AdditionalVersionWeights: { ...a.additionalVersionWeights } } }),
    RevisionId: a.revisionId,
  };
}

/** Lambda's timestamp format: `2024-05-01T12:00:00.000+0000`. */
export const lambdaDate = (d: Date): string => d.toISOString().replace('Z', '+0000');

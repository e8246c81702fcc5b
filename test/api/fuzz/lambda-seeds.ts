/**
 * A valid request for every Lambda route Stepwise serves, as the model's members (path, query,
 * header and body alike), naming the fuzz server's function; and how a set of members becomes an
 * HTTP request under the operation's REST binding.
 */
import { FIXTURES, FUNCTION_ZIP, LAMBDA_ROLE } from './harness.js';
import type { Operation } from './model.js';

const FunctionName = FIXTURES.function;

export const LAMBDA_SEEDS: Readonly<Record<string, Record<string, unknown>>> = {
  CreateFunction: {
    FunctionName: 'fuzz-new-fn',
    Runtime: 'nodejs20.x',
    Role: LAMBDA_ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: FUNCTION_ZIP },
    Description: 'made by a bad request',
    Timeout: 3,
    MemorySize: 128,
    Publish: true,
    PackageType: 'Zip',
    Environment: { Variables: { STAGE: 'fuzz' } },
    TracingConfig: { Mode: 'PassThrough' },
    Tags: { owner: 'fuzz' },
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text' },
  },
  ListFunctions: { MasterRegion: 'us-east-1', FunctionVersion: 'ALL', Marker: 'm', MaxItems: 10 },
  GetFunction: { FunctionName, Qualifier: '1' },
  DeleteFunction: { FunctionName, Qualifier: '1' },
  GetFunctionConfiguration: { FunctionName, Qualifier: '$LATEST' },
  UpdateFunctionConfiguration: {
    FunctionName,
    Role: LAMBDA_ROLE,
    Handler: 'index.handler',
    Description: 'changed by a bad request',
    Timeout: 30,
    MemorySize: 256,
    Environment: { Variables: { STAGE: 'changed' } },
    Runtime: 'nodejs20.x',
    TracingConfig: { Mode: 'PassThrough' },
    EphemeralStorage: { Size: 1024 },
  },
  UpdateFunctionCode: { FunctionName, ZipFile: FUNCTION_ZIP, Publish: true, DryRun: false, Architectures: ['x86_64'] },
  Invoke: { FunctionName, InvocationType: 'RequestResponse', LogType: 'None', Qualifier: 'live', Payload: '{"n": 1}' },
  PublishVersion: { FunctionName, Description: 'published by a bad request' },
  ListVersionsByFunction: { FunctionName, Marker: 'm', MaxItems: 10 },
  CreateAlias: { FunctionName, Name: 'fuzz-new-alias', FunctionVersion: '1', Description: 'd', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } },
  ListAliases: { FunctionName, FunctionVersion: '1', Marker: 'm', MaxItems: 10 },
  GetAlias: { FunctionName, Name: FIXTURES.functionAlias },
  UpdateAlias: { FunctionName, Name: FIXTURES.functionAlias, FunctionVersion: '1', Description: 'changed by a bad request' },
  DeleteAlias: { FunctionName, Name: FIXTURES.functionAlias },
  PutFunctionConcurrency: { FunctionName, ReservedConcurrentExecutions: 7 },
  DeleteFunctionConcurrency: { FunctionName },
  GetFunctionConcurrency: { FunctionName },
  TagResource: { Resource: FIXTURES.functionArn, Tags: { owner: 'fuzz' } },
  UntagResource: { Resource: FIXTURES.functionArn, TagKeys: ['team'] },
  ListTags: { Resource: FIXTURES.functionArn },
};

/** Routes that read and never write: the same request twice gets the same answer. */
export const LAMBDA_READ_ONLY = new Set(['ListFunctions', 'GetFunction', 'GetFunctionConfiguration', 'ListVersionsByFunction', 'ListAliases', 'GetAlias', 'GetFunctionConcurrency', 'ListTags']);

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The members as Lambda's REST binding carries them: path labels, query parameters, headers, and a JSON body (or the raw payload). */
export function httpRequest(op: Operation, members: Record<string, unknown>): HttpRequest {
  let path = op.uri;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const body: Record<string, unknown> = {};
  let payload: string | undefined;
  for (const [name, member] of Object.entries(op.input.members ?? {})) {
    const value = members[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (member.location === 'uri') path = path.replace(new RegExp(`\\{${member.locationName}\\+?\\}`), encodeURIComponent(text));
    else if (member.location === 'querystring') for (const v of Array.isArray(value) ? value : [value]) query.append(member.locationName!, String(v));
    else if (member.location === 'header') headers[member.locationName!] = text;
    else if (name === op.input.payload) payload = text;
    else body[name] = value;
  }
  const search = query.toString();
  const json = Object.keys(body).length > 0 || ((op.method === 'POST' || op.method === 'PUT') && payload === undefined);
  return { method: op.method, path: `${path}${search ? `?${search}` : ''}`, headers, ...(payload !== undefined ? { body: payload } : json && { body: JSON.stringify(body) }) };
}

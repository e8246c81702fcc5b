/**
 * The checks Lambda makes on a function's configuration: first its API model (lengths, ranges,
 * patterns → `ValidationException`, all problems at once), then its own rules (runtimes,
 * environment variables, code → `InvalidParameterValueException`), with AWS's messages.
 */
import { checkShape, type Shape } from '../service/constraints.js';
import { ServiceError } from '../service/errors.js';
import type { FunctionCodeInput } from './function-service-shapes.js';
import { RUNTIMES as RUNNABLE } from './types.js';

/** Lambda's runtimes, in the order AWS lists them in its message. */
export const AWS_RUNTIMES = [
  'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x', 'java17',
  'nodejs16.x', 'java25', 'dotnet8', 'python3.10', 'java11', 'python3.11', 'dotnet6', 'java21', 'nodejs18.x',
  'provided.al2', 'ruby3.3', 'ruby3.4', 'java8.al2', 'ruby3.2', 'python3.8', 'python3.9',
] as const;

const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';

/** The model's constraints, keyed by the member names AWS quotes (lowerCamel). */
const CONFIG_SHAPE: Shape = {
  role: { pattern: `^${ROLE_PATTERN}$` },
  handler: { length: [0, 128], pattern: '^[^\\s]+$' },
  description: { length: [0, 256] },
  timeout: { range: [1, 900] },
  memorySize: { range: [128, 10240] },
};

/** A `RevisionId` that is not the resource's current one. */
export const revisionMismatch = (): ServiceError =>
  new ServiceError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  );

const invalidParameter = (message: string): ServiceError => new ServiceError('InvalidParameterValueException', message);

/** Lambda quotes the pattern bare, not anchored. */
const unanchored = (message: string): string => message.replace(`^${ROLE_PATTERN}$`, ROLE_PATTERN).replace('^[^\\s]+$', '[^\\s]+');

const lowerFirst = (s: string): string => s[0].toLowerCase() + s.slice(1);

/** Checks the configuration members a request carries (Create or UpdateFunctionConfiguration). */
export function checkConfiguration(input: Record<string, unknown>, creating: boolean): void {
  const view = Object.fromEntries(Object.entries(input).map(([k, v]) => [lowerFirst(k), v]));
  if (creating && view.role === undefined) view.role = null;
  try {
    checkShape(view, creating ? { ...CONFIG_SHAPE, role: { ...CONFIG_SHAPE.role, required: true } } : CONFIG_SHAPE);
  } catch (e) {
    if (e instanceof ServiceError) throw new ServiceError(e.type, unanchored(e.message));
    throw e;
  }
  if (input.Runtime !== undefined || creating) checkRuntime(input.Runtime);
  if (creating && (input.PackageType ?? 'Zip') === 'Zip' && !input.Handler) {
    throw invalidParameter('Handler is required for Zip package type functions.');
  }
  const env = (input.Environment as { Variables?: Record<string, string> } | undefined)?.Variables;
  if (env) checkEnvironment(env);
}

/** AWS's list first, with AWS's message; then the ones this machine can run. */
function checkRuntime(runtime: unknown): void {
  if (typeof runtime !== 'string' || !(AWS_RUNTIMES as readonly string[]).includes(runtime)) {
    throw invalidParameter(
      `Value ${runtime ?? null} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${AWS_RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
  if (!(RUNNABLE as readonly string[]).includes(runtime)) {
    throw invalidParameter(`The runtime parameter of ${runtime} is not supported by Stepwise. Supported runtimes: [${RUNNABLE.join(', ')}].`);
  }
}

/** Variables Lambda sets itself and will not let a function override. */
const RESERVED_ENV = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
];
const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const MAX_ENV_BYTES = 4096;

function checkEnvironment(env: Record<string, string>): void {
  const bad = Object.keys(env).filter((k) => !ENV_KEY.test(k));
  if (bad.length) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`,
    );
  }
  const reserved = Object.keys(env).filter((k) => RESERVED_ENV.includes(k));
  if (reserved.length) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(env);
  if (Buffer.byteLength(measured) > MAX_ENV_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

/** The zip's bytes from a `Code` member (or UpdateFunctionCode's flat members). Only zips uploaded in the request are held. */
export function zipBytes(code: FunctionCodeInput | undefined, packageType = 'Zip'): Uint8Array {
  if (packageType !== 'Zip' || code?.ImageUri !== undefined) {
    throw invalidParameter('Stepwise runs Zip package functions only: give the code as Code.ZipFile.');
  }
  if (code?.S3Bucket !== undefined || code?.S3Key !== undefined) {
    throw invalidParameter('Stepwise has no S3 to fetch code from: give the code as Code.ZipFile.');
  }
  const zip = code?.ZipFile;
  if (zip === undefined || zip === null || zip.length === 0) {
    throw invalidParameter('Please provide a source for function code.');
  }
  return typeof zip === 'string' ? Buffer.from(zip, 'base64') : zip;
}

export function checkArchitectures(architectures: string[] | undefined): void {
  if (architectures === undefined) return;
  const rendered = `[${architectures.join(', ')}]`;
  if (architectures.length !== 1) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${rendered}' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1`,
    );
  }
  if (!['x86_64', 'arm64'].includes(architectures[0])) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${rendered}' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]`,
    );
  }
}

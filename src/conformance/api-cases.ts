/**
 * Replays an `api_error` case — one API call AWS rejected — against a fresh StepFunctionsService.
 *
 * The recorded call was made through boto3 into an account where earlier calls of the test had
 * built some state. We rebuild that state from the case's own data: every resource the request
 * names exists, unless the recorded error says it does not (then its parent does), and an error
 * about a clash (a taken execution name, a version an alias still uses) presupposes the other
 * party. boto3 checks parameters before sending them; that check is emulated from the API model.
 * Such a call never reaches the service, so it fails with no error code (boto3's
 * `ParamValidationError` is a client exception, not a service error), only boto3's message.
 */
import { ServiceError } from '../service/errors.js';
import type { Constraint, Shape } from '../service/constraints.js';
import { SHAPES, type Action } from '../service/shapes.js';
import { StepFunctionsService } from '../service/service.js';
import type { ConformanceCase } from './case.js';

export type ApiCaseResult = { error_code: string | null; message: string } | { ok: true } | { skipped: string };

type Request = Record<string, unknown>;

/**
 * Where a case's call is judged: `service` builds the state the call presupposes, `call` makes
 * the call itself (in-process, or over the wire as an SDK would).
 */
export interface ApiTarget {
  service: StepFunctionsService;
  call(action: Action, request: Request): Promise<ApiCaseResult>;
  close(): Promise<void>;
}
export type OpenApiTarget = (where: { region?: string; account?: string }) => Promise<ApiTarget>;

/** The call made on the service object itself, as the API layer would make it. */
export const inProcess: OpenApiTarget = async (where) => {
  const service = new StepFunctionsService({ ...where, skipWaits: true });
  return {
    service,
    async call(action, request) {
      const method = (service as unknown as Record<string, (input: Request) => Promise<unknown>>)[methodOf(action)];
      try {
        await method.call(service, request);
        return { ok: true };
      } catch (e) {
        if (e instanceof ServiceError) return { error_code: e.type, message: e.message };
        throw e;
      }
    },
    close: () => service.idle(),
  };
};

const NOT_FOUND = new Set(['StateMachineDoesNotExist', 'ExecutionDoesNotExist', 'ActivityDoesNotExist', 'ResourceNotFound']);
const ROLE_ARN = (account: string): string => `arn:aws:iam::${account}:role/stepwise-conformance`;
const PASS_DEFINITION = JSON.stringify({ StartAt: 'Start', States: { Start: { Type: 'Pass', End: true } } });
const STATES_ARN = /^arn:[^:]+:states:([^:]+):(\d{12}):(stateMachine|execution|express|activity):(.+)$/;

export async function runApiErrorCase(c: ConformanceCase, open: OpenApiTarget = inProcess): Promise<ApiCaseResult> {
  const operation = c.operation ?? '';
  if (operation === 'test_state') return { skipped: 'test_state is replayed by the TestState runner' };
  const action = actionOf(operation);
  if (!action) return { skipped: `operation ${operation} is not implemented` };

  const request = callParameters(c, action);
  const sdkError = clientSideErrors(request, SHAPES[action]);
  if (sdkError.length) return { error_code: null, message: `Parameter validation failed:\n${sdkError.join('\n')}` };

  const where = firstStatesArn(request);
  const target = await open({ region: where?.region, account: where?.account });
  try {
    try {
      await presuppose(target.service, c, request);
      await target.service.idle();
    } catch (e) {
      return { skipped: `could not build the state the call presupposes: ${e instanceof Error ? e.message : String(e)}` };
    }
    return await target.call(action, request);
  } finally {
    await target.close();
  }
}

const actionOf = (operation: string): Action | undefined => {
  const name = operation.replace(/(^|_)([a-z])/g, (_, __, ch: string) => ch.toUpperCase());
  return name in SHAPES ? (name as Action) : undefined;
};
const methodOf = (action: Action): string => action[0].toLowerCase() + action.slice(1);

const definitionText = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));

/** The request as boto3 sent it: the case keeps the definition, the input and the role apart. */
function callParameters(c: ConformanceCase, action: Action): Request {
  const request: Request = { ...(c.request ?? {}) };
  const shape: Shape = SHAPES[action];
  if ('definition' in shape && request.definition === undefined && c.definition != null) request.definition = definitionText(c.definition);
  if ('input' in shape && request.input === undefined && c.input != null) request.input = typeof c.input === 'string' ? c.input : JSON.stringify(c.input);
  if (shape.roleArn?.required && request.roleArn === undefined) request.roleArn = ROLE_ARN(firstStatesArn(request)?.account ?? '123456789012');
  // A parameter the test left out is recorded as null; for an optional one, that is its absence.
  for (const [k, v] of Object.entries(request)) if (v === null && !shape[k]?.required) delete request[k];
  for (const [k, v] of Object.entries(request)) if (typeof v === 'string' && v.startsWith('<unresolved')) request[k] = unresolvedArn(k);
  return request;
}

/** A value the recording could not resolve stands for a resource of the kind the parameter names, one that is not there. */
function unresolvedArn(parameter: string): string {
  const kind = parameter.startsWith('activity') ? 'activity' : parameter.startsWith('execution') ? 'execution:unresolved' : 'stateMachine';
  return `arn:aws:states:us-east-1:123456789012:${kind}:unresolved`;
}

// ---- boto3's own parameter check -----------------------------------------------------------

/** boto3 checks types, required members and minimums (never maximums) before it sends a request. */
function clientSideErrors(request: Request, shape: Shape, path = ''): string[] {
  const errors: string[] = [];
  for (const [field, c] of Object.entries(shape)) {
    const name = `${path}${field}`;
    const value = request[field];
    if (value === undefined) {
      if (c.required) errors.push(`Missing required parameter in input: "${name}"`);
      continue;
    }
    if (value === null) {
      errors.push(`Invalid type for parameter ${name}, value: None, type: <class 'NoneType'>, valid types: ${pythonTypes(c)}`);
      continue;
    }
    const size = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
    if (c.length && size !== undefined && size < c.length[0]) {
      errors.push(`Invalid length for parameter ${name}, value: ${size}, valid min length: ${c.length[0]}`);
    }
    if (c.range && typeof value === 'number' && value < c.range[0]) {
      errors.push(`Invalid value for parameter ${name}, value: ${value}, valid min value: ${c.range[0]}`);
    }
    if (c.members && Array.isArray(value)) {
      value.forEach((item, i) => errors.push(...clientSideErrors(item as Request, c.members!, `${name}[${i}].`)));
    }
  }
  return errors;
}

const pythonTypes = (c: Constraint): string =>
  c.members ? "<class 'list'>, <class 'tuple'>" : c.range ? "<class 'int'>" : "<class 'str'>";

// ---- the state the failing call presupposes -------------------------------------------------------

interface Named {
  region: string;
  account: string;
  type: 'stateMachine' | 'execution' | 'express' | 'activity';
  parts: string[];
}

function parseNamed(value: unknown): Named | undefined {
  const m = typeof value === 'string' ? STATES_ARN.exec(value) : null;
  return m ? { region: m[1], account: m[2], type: m[3] as Named['type'], parts: m[4].split(':') } : undefined;
}

function firstStatesArn(request: Request): Named | undefined {
  for (const v of Object.values(request)) {
    const named = parseNamed(v);
    if (named) return named;
  }
  return undefined;
}

async function presuppose(service: StepFunctionsService, c: ConformanceCase, request: Request): Promise<void> {
  const code = String(c.expected.error_code ?? '');
  const message = String(c.expected.message ?? '');
  const targetAbsent = NOT_FOUND.has(code);
  const type = (c.request?.type ?? c.state_machine?.type ?? (c.category === 'api:express' ? 'EXPRESS' : 'STANDARD')) as 'STANDARD' | 'EXPRESS';
  const isCreate = c.operation?.startsWith('create_');

  for (const [param, value] of Object.entries(request)) {
    const named = parseNamed(value);
    if (!named || isCreate || param === 'roleArn') continue;
    const { type: kind, parts } = named;
    if (kind === 'activity') {
      if (!targetAbsent) await service.createActivity({ name: parts[0] });
      continue;
    }
    const machineArn = `arn:aws:states:${named.region}:${named.account}:stateMachine:${parts[0]}`;
    const machineIsTarget = kind === 'stateMachine' && parts.length === 1;
    if (machineIsTarget && targetAbsent) continue;
    await ensureMachine(service, machineArn, parts[0], c.definition, type);
    if (targetAbsent) continue;
    if (kind === 'execution') {
      const started = await service.startExecution({ stateMachineArn: machineArn, name: parts[1], input: executionInput(c) });
      await service.idle();
      request[param] = started.executionArn;
    } else if (parts.length === 2) {
      await ensureQualifier(service, machineArn, parts[1], message);
    }
  }
  if (code === 'ExecutionAlreadyExists' && typeof request.name === 'string' && typeof request.stateMachineArn === 'string') {
    await service.startExecution({ stateMachineArn: request.stateMachineArn, name: request.name, input: executionInput(c) });
  }
}

const executionInput = (c: ConformanceCase): string | undefined =>
  c.input == null ? undefined : typeof c.input === 'string' ? c.input : JSON.stringify(c.input);

/** The machine, created with the case's definition when that one is valid. */
async function ensureMachine(service: StepFunctionsService, arn: string, name: string, definition: unknown, type: 'STANDARD' | 'EXPRESS'): Promise<void> {
  try {
    await service.describeStateMachine({ stateMachineArn: arn });
    return;
  } catch {
    // Not there yet.
  }
  const text = definition == null ? PASS_DEFINITION : definitionText(definition);
  const valid = (await service.validateStateMachineDefinition({ definition: text, type })).result === 'OK';
  await service.createStateMachine({ name, definition: valid ? text : PASS_DEFINITION, roleArn: ROLE_ARN(service.account.account), type });
}

/**
 * A version (`:3`) is published after as many revisions; an alias (`:prod`) routes to a first
 * version. A version still referenced by aliases, as the recorded conflict lists them, gets those aliases.
 */
async function ensureQualifier(service: StepFunctionsService, machineArn: string, qualifier: string, message: string): Promise<void> {
  const described = await service.describeStateMachine({ stateMachineArn: machineArn });
  const want = /^\d+$/.test(qualifier) ? Number(qualifier) : 1;
  let versionArn = '';
  for (let n = 1; n <= want; n++) {
    const definition = JSON.parse(described.definition) as Record<string, unknown>;
    if (n > 1) await service.updateStateMachine({ stateMachineArn: machineArn, definition: JSON.stringify({ ...definition, Comment: `revision ${n}` }) });
    versionArn = (await service.publishStateMachineVersion({ stateMachineArn: machineArn })).stateMachineVersionArn;
  }
  const aliases = /^\d+$/.test(qualifier) ? referencingAliases(message) : [qualifier];
  for (const name of aliases) {
    await service.createStateMachineAlias({ name, routingConfiguration: [{ stateMachineVersionArn: versionArn, weight: 100 }] });
  }
}

function referencingAliases(message: string): string[] {
  const listed = /aliases referencing this version: \[([^\]]*)\]/.exec(message)?.[1];
  return listed ? listed.split(', ').filter(Boolean) : [];
}

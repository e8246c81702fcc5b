/**
 * Checks one object's fields against a field table (`state-schema.ts`): unsupported fields,
 * fields of the other query language, and each value's kind.
 */
import {
  isJsonataExpression,
  isValidPath,
  isValidPathOrIntrinsic,
  isValidReferencePath,
  jsonataProblems,
} from './expression-syntax.js';
import { type FieldKind, type FieldSpec } from './state-schema.js';
import { classifyResource, isRecognizedResource } from './task-resources.js';
import { checkCatchers, checkRetriers } from './validate-retry.js';
import { checkChoices } from './validate-choice.js';
import { has, isObject, type Scope, ValidationContext } from './validate-context.js';

type Check = (ctx: ValidationContext, key: string, value: unknown, location: string, scope: Scope) => void;

/** AWS's upper bound for every seconds / count field. */
const MAX_INT = 99999999;

export function checkFields(
  ctx: ValidationContext,
  holder: Record<string, unknown>,
  location: string,
  table: Readonly<Record<string, FieldSpec>>,
  scope: Scope,
): void {
  for (const [key, value] of Object.entries(holder)) {
    const spec = has(table, key) ? table[key] : undefined;
    if (!spec || (spec.only && spec.only !== scope.ql)) ctx.unsupported(key, location);
    else CHECKS[spec.kind](ctx, key, value, location, scope);
  }
}

/** Fields that name exactly one of several alternatives. */
export function checkExclusive(ctx: ValidationContext, holder: Record<string, unknown>, location: string, fields: readonly string[]): void {
  const present = fields.filter((f) => has(holder, f));
  if (present.length > 1) ctx.schema(`The fields [${present.join(', ')}] are mutually exclusive`, location);
}

/** A JSONPath payload template: every `"key.$"` holds a path or an intrinsic call, at any depth. */
export function checkTemplate(ctx: ValidationContext, value: unknown, location: string): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkTemplate(ctx, v, `${location}/${i}`));
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('.$')) {
      if (typeof v !== 'string' || !isValidPathOrIntrinsic(v)) {
        ctx.badValue(key, 'a valid JSONPath or a valid intrinsic function call', location);
      }
    } else checkTemplate(ctx, v, `${location}/${key}`);
  }
}

export function checkJsonata(ctx: ValidationContext, value: unknown, location: string): void {
  for (const p of jsonataProblems(value, location)) ctx.report(p.code, p.message, p.location);
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A number field; JSONata states may compute it with an expression instead. */
const numberCheck =
  (expected: string, ok: (n: number) => boolean): Check =>
  (ctx, key, value, location, scope) => {
    if (scope.ql === 'JSONata' && isJsonataExpression(value)) checkJsonata(ctx, value, `${location}/${key}`);
    else if (typeof value !== 'number' || !ok(value)) ctx.badValue(key, expected, location);
  };

const typeCheck =
  (expected: string, ok: (v: unknown) => boolean): Check =>
  (ctx, key, value, location) => {
    if (!ok(value)) ctx.badValue(key, expected, location);
  };

const pathCheck =
  (expected: string, ok: (text: string) => boolean, nullable: boolean): Check =>
  (ctx, key, value, location) => {
    if (value === null && nullable) return;
    if (typeof value !== 'string' || !ok(value)) ctx.badValue(key, expected, location);
  };

// RFC 3339 date-time, as AWS requires it for Wait `Timestamp` (an offset is mandatory).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

export function isRfc3339(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second <= 60 && offsetOk;
}

const checkTimestamp: Check = (ctx, key, value, location, scope) => {
  if (scope.ql === 'JSONata' && isJsonataExpression(value)) checkJsonata(ctx, value, `${location}/${key}`);
  else if (typeof value !== 'string') ctx.badValue(key, 'a STRING', location);
  else if (!isRfc3339(value)) ctx.schema('String does not match RFC3339 timestamp', `${location}/${key}`);
};

const checkResource: Check = (ctx, key, value, location, scope) => {
  if (typeof value !== 'string') return ctx.badValue(key, 'a STRING', location);
  const at = `${location}/${key}`;
  const resource = classifyResource(value);
  if (scope.express && resource.kind === 'activity') ctx.schema('Express state machine does not support Activity ARN', at);
  else if (scope.express && resource.kind === 'service' && resource.pattern) {
    // AWS's message really has a space before " at".
    ctx.schema(`Express state machine does not support '${resource.pattern}' service integration `, at);
  } else if (!isRecognizedResource(value)) {
    ctx.schema(`The resource provided ${value} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`, at);
  }
};

/** `Parameters` / `ItemSelector` / `Assign`: a payload template in JSONPath, JSONata expressions in JSONata. */
const checkDataField =
  (mustBeObject: boolean): Check =>
  (ctx, key, value, location, scope) => {
    if (mustBeObject && !isObject(value)) return ctx.badValue(key, 'an OBJECT', location);
    if (scope.ql === 'JSONata') checkJsonata(ctx, value, `${location}/${key}`);
    else checkTemplate(ctx, value, `${location}/${key}`);
  };

const nestedObject =
  (table: Readonly<Record<string, FieldSpec>>, required: readonly string[]): Check =>
  (ctx, key, value, location, scope) => {
    if (!isObject(value)) return ctx.badValue(key, 'an OBJECT', location);
    const at = `${location}/${key}`;
    for (const f of required) if (!has(value, f)) ctx.requiredField(f, at);
    checkFields(ctx, value, at, table, scope);
  };

const spec = (kind: FieldKind, only?: FieldSpec['only']): FieldSpec => (only ? { kind, only } : { kind });

const ITEM_READER: Record<string, FieldSpec> = {
  Resource: spec('resource'), ReaderConfig: spec('object'), Parameters: spec('template', 'JSONPath'), Arguments: spec('jsonataValue', 'JSONata'),
};
const RESULT_WRITER: Record<string, FieldSpec> = {
  Resource: spec('resource'), WriterConfig: spec('object'), Parameters: spec('template', 'JSONPath'), Arguments: spec('jsonataValue', 'JSONata'),
};
const ITEM_BATCHER: Record<string, FieldSpec> = {
  MaxItemsPerBatch: spec('positiveInt'), MaxItemsPerBatchPath: spec('path', 'JSONPath'),
  MaxInputBytesPerBatch: spec('positiveInt'), MaxInputBytesPerBatchPath: spec('path', 'JSONPath'),
  BatchInput: spec('template'),
};

const PROCESSOR_CONFIG: Record<string, FieldSpec> = { Mode: spec('any'), ExecutionType: spec('any') };

const checkProcessorConfig: Check = (ctx, key, value, location, scope) => {
  nestedObject(PROCESSOR_CONFIG, [])(ctx, key, value, location, scope);
  if (!isObject(value)) return;
  const at = `${location}/${key}`;
  if (has(value, 'Mode') && value.Mode !== 'INLINE' && value.Mode !== 'DISTRIBUTED') ctx.badValue('Mode', 'one of [INLINE, DISTRIBUTED]', at);
  if (has(value, 'ExecutionType') && value.ExecutionType !== 'STANDARD' && value.ExecutionType !== 'EXPRESS') {
    ctx.badValue('ExecutionType', 'one of [STANDARD, EXPRESS]', at);
  }
};

const checkCredentials: Check = (ctx, key, value, location) => {
  if (!isObject(value)) return ctx.badValue(key, 'an OBJECT', location);
  if (!has(value, 'RoleArn') && !has(value, 'RoleArn.$')) ctx.requiredField('RoleArn', `${location}/${key}`);
};

// Labels name Map Runs, so AWS holds them to its resource-name rules.
const LABEL_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

const checkLabel: Check = (ctx, key, value, location) => {
  if (typeof value !== 'string' || [...value].length > 40 || LABEL_FORBIDDEN.test(value)) {
    ctx.badValue(key, 'a STRING of at most 40 characters without whitespace or special characters', location);
  }
};

const checkNested =
  (kind: 'branches' | 'processor'): Check =>
  (ctx, key, value, location, scope) => {
    const at = `${location}/${key}`;
    if (kind === 'processor') return ctx.machine(ctx, value, at, 'processor', scope);
    if (!Array.isArray(value) || value.length === 0) return ctx.badValue(key, 'a non-empty ARRAY', location);
    value.forEach((branch, i) => ctx.machine(ctx, branch, `${at}/${i}`, 'branch', scope));
  };

const CHECKS: Readonly<Record<FieldKind, Check>> = {
  any: () => {},
  string: typeCheck('a STRING', (v) => typeof v === 'string'),
  object: typeCheck('an OBJECT', isObject),
  boolean: typeCheck('a BOOLEAN', (v) => typeof v === 'boolean'),
  stateName: typeCheck('a STRING', (v) => typeof v === 'string'),
  type: () => {},
  queryLanguage: typeCheck('one of [JSONPath, JSONata]', (v) => v === 'JSONPath' || v === 'JSONata'),
  path: pathCheck('a valid JSONPath', isValidPath, false),
  nullablePath: pathCheck('a valid JSONPath', isValidPath, true),
  resultPath: pathCheck('a valid ReferencePath', isValidReferencePath, true),
  pathOrIntrinsic: pathCheck('a valid JSONPath or a valid intrinsic function call', isValidPathOrIntrinsic, false),
  template: checkDataField(false),
  assign: checkDataField(true),
  jsonataValue: (ctx, key, value, location) => checkJsonata(ctx, value, `${location}/${key}`),
  items: (ctx, key, value, location) => {
    if (isJsonataExpression(value)) checkJsonata(ctx, value, `${location}/${key}`);
    else if (!Array.isArray(value)) ctx.badValue(key, 'an ARRAY or a JSONata expression', location);
  },
  positiveInt: numberCheck('a positive INTEGER', (n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT),
  nonNegativeInt: numberCheck('a non-negative INTEGER', (n) => isInteger(n) && n >= 0 && n <= MAX_INT),
  percentage: numberCheck('a NUMBER between 0 and 100', (n) => n >= 0 && n <= 100),
  timestamp: checkTimestamp,
  resource: checkResource,
  retry: (ctx, key, value, location, scope) => checkRetriers(ctx, value, `${location}/${key}`, scope),
  catch: (ctx, key, value, location, scope) => checkCatchers(ctx, value, `${location}/${key}`, scope),
  choices: (ctx, key, value, location, scope) => checkChoices(ctx, value, `${location}/${key}`, scope),
  branches: checkNested('branches'),
  processor: checkNested('processor'),
  credentials: checkCredentials,
  itemReader: nestedObject(ITEM_READER, ['Resource']),
  itemBatcher: nestedObject(ITEM_BATCHER, []),
  resultWriter: nestedObject(RESULT_WRITER, []),
  label: checkLabel,
  processorConfig: checkProcessorConfig,
};

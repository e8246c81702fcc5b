/**
 * TestState's check of a mocked Task result against the API model of the operation it stands
 * for, with AWS's `fieldValidationMode`:
 *   STRICT  (the default) every required field is present and every present field conforms;
 *   PRESENT every present field conforms;
 *   NONE    nothing is checked.
 * The first problem is reported in AWS's words, e.g.
 *   `Mock result schema validation error: Field 'StatusCode' must be a number`.
 *
 * Fields the model does not know are let through in every mode (AWS: so that a mock keeps working
 * as APIs grow). The names a mock must use are Step Functions' spelling of the API's members
 * (`sfnFieldName`): `ExecutionArn` for the API's `executionArn`. Pure: no I/O.
 */
import { resolveShape, type ServiceModel, type Shape, type ShapeRef } from './service-model.js';

export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';

const PREFIX = 'Mock result schema validation error: ';

/** The first way `value` fails the shape `ref` of `model`, as AWS words it; `undefined` when it conforms. */
export function mockResultError(model: ServiceModel, ref: ShapeRef, value: unknown, mode: FieldValidationMode): string | undefined {
  if (mode === 'NONE') return undefined;
  const top = resolveShape(model, ref);
  // Not a schema error in AWS's sense: the result is no object at all (AWS's words for a Map's ResultWriter mock).
  if (top?.type === 'structure' && !isObject(value)) return 'Mocked result must be a JSON object.';
  const problem = new Checker(model, mode).check(ref, value, '');
  return problem === undefined ? undefined : PREFIX + problem;
}

/**
 * How Step Functions spells an API member in results and mocks: split into words where the case
 * changes (`MD5OfBody` → MD5 · Of · Body, `executionArn` → execution · Arn), each word capitalized
 * and the rest lower-cased: `Md5OfBody`, `ExecutionArn`, `ETag`. So a mock's `MD5OfMessageBody`
 * is no field of SQS's SendMessage for the check — as on AWS, where it is not validated.
 */
export function sfnFieldName(member: string): string {
  return member
    .replace(/(?<=[a-z0-9])([A-Z])|(?<!^)([A-Z])(?=[a-z])/g, '_$1$2')
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

/** Per structure shape of a loaded model: Step Functions' field name → member shape. */
const fieldsByShape = new WeakMap<Shape, Map<string, ShapeRef>>();

function fieldsOf(shape: Shape): Map<string, ShapeRef> {
  let fields = fieldsByShape.get(shape);
  if (!fields) {
    fields = new Map(Object.entries(shape.members ?? {}).map(([member, ref]) => [sfnFieldName(member), ref]));
    fieldsByShape.set(shape, fields);
  }
  return fields;
}

class Checker {
  constructor(
    private readonly model: ServiceModel,
    private readonly mode: FieldValidationMode,
  ) {}

  check(ref: ShapeRef, value: unknown, field: string): string | undefined {
    const shape = resolveShape(this.model, ref);
    if (!shape) return undefined;
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, value, field);
      case 'list':
        if (!Array.isArray(value)) return `Field '${field}' must be an array`;
        return this.length(shape, value.length, field) ?? this.first(value, (item) => this.check(shape.member!, item, field));
      case 'map':
        if (!isObject(value)) return `Field '${field}' must be an object`;
        return this.first(Object.values(value), (v) => this.check(shape.value!, v, field));
      case 'string':
        if (typeof value !== 'string') return `Field '${field}' must be a string`;
        if (shape.enum && !shape.enum.includes(value)) return `Field '${field}' is not an expected value`;
        return this.length(shape, value.length, field);
      case 'blob':
        // A blob travels in a result as (base64) text.
        if (typeof value !== 'string') return `Field '${field}' must be a string`;
        return this.length(shape, value.length, field);
      case 'timestamp':
        return typeof value === 'string' ? undefined : `Field '${field}' must be a string`;
      case 'boolean':
        return typeof value === 'boolean' ? undefined : `Field '${field}' must be a boolean`;
      case 'integer':
      case 'long':
        if (typeof value !== 'number') return `Field '${field}' must be a number`;
        if (!Number.isInteger(value)) return `Field '${field}' must be an integer`;
        return this.range(shape, value, field);
      case 'float':
      case 'double':
        return typeof value === 'number' ? this.range(shape, value, field) : `Field '${field}' must be a number`;
      default:
        return undefined;
    }
  }

  private structure(shape: Shape, value: unknown, field: string): string | undefined {
    if (!isObject(value)) return `Field '${field}' must be an object`;
    if (this.mode === 'STRICT') {
      for (const required of shape.required ?? []) {
        const name = sfnFieldName(required);
        if (value[name] === undefined || value[name] === null) return `Required field '${name}' is missing`;
      }
    }
    const fields = fieldsOf(shape);
    for (const [name, v] of Object.entries(value)) {
      const ref = fields.get(name);
      if (ref === undefined || v === null) continue;
      const problem = this.check(ref, v, name);
      if (problem) return problem;
    }
    return undefined;
  }

  private length(shape: Shape, length: number, field: string): string | undefined {
    if (shape.min !== undefined && length < shape.min) return `Field '${field}' is smaller than the minimum length`;
    if (shape.max !== undefined && length > shape.max) return `Field '${field}' exceeds the maximum length`;
    return undefined;
  }

  private range(shape: Shape, value: number, field: string): string | undefined {
    if (shape.min !== undefined && value < shape.min) return `Field '${field}' is less than the minimum value`;
    if (shape.max !== undefined && value > shape.max) return `Field '${field}' exceeds the maximum value`;
    return undefined;
  }

  private first(values: unknown[], check: (v: unknown) => string | undefined): string | undefined {
    for (const v of values) {
      const problem = check(v);
      if (problem) return problem;
    }
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

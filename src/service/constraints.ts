/**
 * The request checks AWS derives from its API model (required members, lengths, ranges, enums,
 * patterns), reported all at once as AWS does:
 *   `1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`
 */
import { ServiceError } from './errors.js';

export interface Constraint {
  required?: boolean;
  /** Inclusive bounds on a string's or list's length. */
  length?: readonly [number, number];
  /** Inclusive bounds on a number. */
  range?: readonly [number, number];
  values?: readonly string[];
  /** AWS's pattern text, quoted in the message as is. */
  pattern?: string;
  /** AWS does not echo sensitive values (definitions, inputs, descriptions) in its messages. */
  sensitive?: boolean;
  /** A list of structures, each checked against this shape. */
  members?: Shape;
  /** A structure, its members checked against this shape (`loggingConfiguration.level`). */
  fields?: Shape;
  /** A list of strings, each held to this constraint; AWS quotes the list and all of the constraint's parts. */
  items?: Constraint;
}

export type Shape = Readonly<Record<string, Constraint>>;

export const validationException = (message: string): ServiceError => new ServiceError('ValidationException', message);

/**
 * Holds a request to a shape. `quote` gives a member's name as AWS quotes it in the message when
 * that is not its key (Lambda's `ephemeralStorage.size` for `EphemeralStorage.Size`).
 */
export function checkShape(request: object, shape: Shape, quote: (member: string) => string = (m) => m): void {
  const problems = violations(request as Record<string, unknown>, shape, '', quote);
  if (problems.length === 0) return;
  const n = problems.length;
  throw validationException(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
}

function violations(request: Record<string, unknown>, shape: Shape, path: string, quote: (member: string) => string): string[] {
  const out: string[] = [];
  for (const [field, c] of Object.entries(shape)) {
    const value = request[field];
    const at = `${path}${quote(field)}`;
    const fail = (constraint: string): void => {
      out.push(`Value ${c.sensitive ? '' : `${render(value)} `}at '${at}' failed to satisfy constraint: Member ${constraint}`);
    };
    if (value === undefined || value === null) {
      if (c.required) out.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    valueProblems(value, c).forEach(fail);
    if (c.members && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object') out.push(...violations(item as Record<string, unknown>, c.members!, `${at}.${i + 1}.member.`, quote));
      });
    }
    if (c.fields && typeof value === 'object' && !Array.isArray(value)) out.push(...violations(value as Record<string, unknown>, c.fields, `${at}.`, quote));
    if (c.items && Array.isArray(value) && value.some((item) => valueProblems(item, c.items!).length > 0)) {
      fail(`must satisfy constraint: [${itemConstraints(c.items).join(', ')}]`);
    }
  }
  return out;
}

/** What is wrong with one value (a string's or list's length, a number's range, an enum, a pattern), as `must …`. */
function valueProblems(value: unknown, c: Constraint): string[] {
  const out: string[] = [];
  const size = typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : undefined;
  if (c.length && size !== undefined) {
    if (size < c.length[0]) out.push(`must have length greater than or equal to ${c.length[0]}`);
    if (size > c.length[1]) out.push(`must have length less than or equal to ${c.length[1]}`);
  }
  if (c.range && typeof value === 'number') {
    if (value < c.range[0]) out.push(`must have value greater than or equal to ${c.range[0]}`);
    if (value > c.range[1]) out.push(`must have value less than or equal to ${c.range[1]}`);
  }
  if (typeof value === 'string') {
    if (c.values && !c.values.includes(value)) out.push(`must satisfy enum value set: [${c.values.join(', ')}]`);
    // AWS matches a pattern against the whole value.
    if (c.pattern && !new RegExp(`^(?:${c.pattern})$`, 'u').test(value)) out.push(`must satisfy regular expression pattern: ${c.pattern}`);
  }
  return out;
}

/** Every part of a list item's constraint, as AWS spells them inside `Member must satisfy constraint: [...]`. */
function itemConstraints(c: Constraint): string[] {
  const out: string[] = [];
  if (c.length) out.push(`Member must have length less than or equal to ${c.length[1]}`, `Member must have length greater than or equal to ${c.length[0]}`);
  if (c.values) out.push(`Member must satisfy enum value set: [${c.values.join(', ')}]`);
  if (c.pattern) out.push(`Member must satisfy regular expression pattern: ${c.pattern}`);
  return out;
}

/** Values appear as Java renders them: strings and numbers bare inside the quotes, lists as `[a, b]`. */
function render(value: unknown): string {
  return `'${java(value)}'`;
}

const java = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : Array.isArray(value)
      ? `[${value.map(java).join(', ')}]`
      : JSON.stringify(value);

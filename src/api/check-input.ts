/**
 * Holds a request body to its action's member types, as AWS's JSON front ends do before the
 * service sees the request: a string where a number belongs is refused in the words of AWS's
 * parser (`STRING_VALUE can not be converted to an Integer`), as a `SerializationException` by
 * default (AWS JSON 1.0) or as the error a protocol names for it. Members the model does not
 * name are ignored, and `null` counts as absent, as in AWS.
 */
import { ServiceError } from '../service/errors.js';
import { serializationException } from './errors.js';
import type { InputModel, MemberType } from './input-model.js';

/** Makes the protocol's error from the parser's words. */
export type Refuse = (message: string) => ServiceError;

/** The request, once it is known to be a JSON object whose members have the model's types. */
export function checkRequest(body: unknown, model: InputModel, refuse: Refuse = serializationException): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refuse(mismatch(body, 'a Structure'));
  const request = body as Record<string, unknown>;
  for (const [member, type] of Object.entries(model)) check(request[member], type, refuse);
  return request;
}

function check(value: unknown, type: MemberType, refuse: Refuse): void {
  if (value === null || value === undefined) return;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (typeof value !== type) throw refuse(mismatch(value, SCALAR_NAMES[type]));
    return;
  }
  if ('list' in type) {
    if (!Array.isArray(value)) throw refuse(mismatch(value, 'a List'));
    for (const item of value) check(item, type.list, refuse);
    return;
  }
  if ('map' in type) {
    if (typeof value !== 'object' || Array.isArray(value)) throw refuse(mismatch(value, 'a Map'));
    for (const item of Object.values(value)) check(item, type.map, refuse);
    return;
  }
  checkRequest(value, type.structure, refuse);
}

const SCALAR_NAMES = { string: 'a String', number: 'an Integer', boolean: 'a Boolean' } as const;

/** The JSON token AWS's parser met, in its own words. */
function mismatch(value: unknown, expected: string): string {
  if (Array.isArray(value)) return 'Start of list found where not expected.';
  if (typeof value === 'object') return 'Start of structure or map found where not expected.';
  const token = typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return `${token} can not be converted to ${expected}`;
}

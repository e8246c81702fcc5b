/**
 * Holds a request body to its action's member types, as AWS's JSON front end does before the
 * service sees the request: a string where a number belongs is a `SerializationException` worded
 * as AWS words it (`STRING_VALUE can not be converted to an Integer`). Members the model does not
 * name are ignored, and `null` counts as absent, as in AWS.
 */
import { serializationException } from './errors.js';
import type { InputModel, MemberType } from './input-model.js';

/** The request, once it is known to be a JSON object whose members have the model's types. */
export function checkRequest(body: unknown, model: InputModel): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw mismatch(body, 'a Structure');
  const request = body as Record<string, unknown>;
  for (const [member, type] of Object.entries(model)) check(request[member], type);
  return request;
}

function check(value: unknown, type: MemberType): void {
  if (value === null || value === undefined) return;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (typeof value !== type) throw mismatch(value, SCALAR_NAMES[type]);
    return;
  }
  if ('list' in type) {
    if (!Array.isArray(value)) throw mismatch(value, 'a List');
    for (const item of value) check(item, type.list);
    return;
  }
  checkRequest(value, type.structure);
}

const SCALAR_NAMES = { string: 'a String', number: 'an Integer', boolean: 'a Boolean' } as const;

/** The JSON token AWS's parser met, in its own words. */
function mismatch(value: unknown, expected: string) {
  if (Array.isArray(value)) return serializationException('Start of list found where not expected.');
  if (typeof value === 'object') return serializationException('Start of structure or map found where not expected.');
  const token = typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return serializationException(`${token} can not be converted to ${expected}`);
}

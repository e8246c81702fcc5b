/**
 * Lambda's list paging: `MaxItems` (1–10,000, default 50) and an opaque `Marker` that names the
 * first item of the next page, so a marker stays valid while earlier items change.
 */
import { ServiceError } from '../service/errors.js';
import type { Paging } from './function-service-shapes.js';

const DEFAULT_PAGE = 50;

export function page<T>(items: readonly T[], keyOf: (item: T) => string, paging: Paging): { items: T[]; NextMarker?: string } {
  const max = paging.MaxItems;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 10000)) {
    const bound = max < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000';
    throw new ServiceError('ValidationException', `1 validation error detected: Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`);
  }
  let start = 0;
  if (paging.Marker !== undefined && paging.Marker !== '') {
    const key = Buffer.from(paging.Marker, 'base64url').toString('utf8');
    start = items.findIndex((item) => keyOf(item) === key);
    if (start < 0) throw new ServiceError('InvalidParameterValueException', `Invalid Marker: ${paging.Marker}`);
  }
  const end = start + (max ?? DEFAULT_PAGE);
  if (end >= items.length) return { items: items.slice(start) };
  return { items: items.slice(start, end), NextMarker: Buffer.from(keyOf(items[end])).toString('base64url') };
}

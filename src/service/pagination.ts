/**
 * AWS's list paging: `maxResults` 0 or absent means 100, and `nextToken` is opaque. Ours names the
 * first item of the next page, so a token stays valid while the items before it change.
 */
import { ServiceError } from './errors.js';

const DEFAULT_PAGE = 100;

export const invalidToken = (): ServiceError => new ServiceError('InvalidToken', "Invalid Token: 'Invalid token'");

export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  page: { maxResults?: number; nextToken?: string },
): { items: T[]; nextToken?: string } {
  const size = page.maxResults ? page.maxResults : DEFAULT_PAGE;
  let start = 0;
  if (page.nextToken !== undefined) {
    const key = decode(page.nextToken);
    start = items.findIndex((item) => keyOf(item) === key);
    if (start < 0) throw invalidToken();
  }
  const end = start + size;
  return end < items.length ? { items: items.slice(start, end), nextToken: encode(keyOf(items[end])) } : { items: items.slice(start) };
}

const encode = (key: string): string => Buffer.from(JSON.stringify({ next: key })).toString('base64url');

function decode(token: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { next?: unknown }).next === 'string') return (parsed as { next: string }).next;
  } catch {
    // Not ours: reported below.
  }
  throw invalidToken();
}

/** A cursor into a list ordered newest first: the first execution of the next page. */
export interface ExecutionCursor {
  startDate: Date;
  executionArn: string;
}

export const encodeCursor = (c: ExecutionCursor): string =>
  Buffer.from(JSON.stringify({ at: c.startDate.getTime(), arn: c.executionArn })).toString('base64url');

export function decodeCursor(token: string): ExecutionCursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { at?: unknown; arn?: unknown };
    if (typeof parsed.at === 'number' && typeof parsed.arn === 'string') return { startDate: new Date(parsed.at), executionArn: parsed.arn };
  } catch {
    // Not ours: reported below.
  }
  throw invalidToken();
}

/**
 * What a Distributed Map's `ItemReader` reads, for TestState: AWS reads nothing itself there but
 * takes the source's content from `stateConfiguration.mapItemReaderData` ("the data read by
 * ItemReader … as found in its original source") and turns it into items as the reader would,
 * by `ReaderConfig.InputType`:
 *   JSON   a JSON array (or, with `ItemsPointer`, the array that JSON Pointer names in a document);
 *   JSONL  one JSON value a line;
 *   CSV    one object a row, keyed by the first row (`CSVHeaderLocation: FIRST_ROW`, the default)
 *          or by `CSVHeaders` (`GIVEN`), values as text, fields split at `CSVDelimiter`;
 *   none   (S3 `listObjectsV2`, or a manifest) a JSON array of the listed entries.
 * `ReaderConfig.MaxItems`, when a number, keeps the first items only. Pure.
 */
import type { RawState } from '../asl/definition.js';

/** Why the data cannot be read; the caller reports it as a ValidationException. */
export class ItemReaderDataError extends Error {}

const DELIMITERS: Readonly<Record<string, string>> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/** The items `state`'s ItemReader reads from `data`; `undefined` when the state has no ItemReader. */
export function itemReaderItems(state: RawState, data: string | undefined): unknown[] | undefined {
  const reader = state.ItemReader as { ReaderConfig?: Record<string, unknown> } | undefined;
  if (reader === undefined) return undefined;
  if (data === undefined) throw new ItemReaderDataError('mapItemReaderData must be specified when testing a Map state with an ItemReader');
  const config = reader.ReaderConfig ?? {};
  const items = read(data, config);
  return typeof config.MaxItems === 'number' && config.MaxItems > 0 ? items.slice(0, config.MaxItems) : items;
}

function read(data: string, config: Record<string, unknown>): unknown[] {
  switch (config.InputType) {
    case 'CSV':
      return csvItems(data, config);
    case 'JSONL':
      return data
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, i) => parse(line, `line ${i + 1} of the JSONL mapItemReaderData is not valid JSON`));
    default: {
      const json = parse(data, 'mapItemReaderData is not valid JSON');
      const items = typeof config.ItemsPointer === 'string' ? pointer(json, config.ItemsPointer) : json;
      if (!Array.isArray(items)) throw new ItemReaderDataError('mapItemReaderData must hold a JSON array of items');
      return items;
    }
  }
}

function parse(text: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ItemReaderDataError(message);
  }
}

/** RFC 6901: `/a/0/b~1c` reads `a`, then item 0, then `b/c`. */
function pointer(document: unknown, path: string): unknown {
  if (path === '') return document;
  let at = document;
  for (const token of path.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

function csvItems(data: string, config: Record<string, unknown>): Record<string, string>[] {
  const delimiter = DELIMITERS[(config.CSVDelimiter as string | undefined) ?? 'COMMA'] ?? ',';
  const rows = csvRows(data, delimiter);
  const headers = config.CSVHeaderLocation === 'GIVEN' ? ((config.CSVHeaders as string[] | undefined) ?? []) : (rows.shift() ?? []);
  return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
}

/** Rows of fields; a field in double quotes may hold the delimiter, line breaks and `""` for a quote. */
function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/**
 * A JSON parser for definition text that, unlike `JSON.parse`, remembers duplicate keys (AWS
 * rejects a definition that names a state twice) and words syntax errors the way AWS does:
 * AWS parses with Jackson, so its messages end in `at [Source: (String)"…"; line: L, column: C]`.
 */

export interface DuplicateKey {
  /** JSON pointer of the object holding the key twice (`""` for the document root). */
  readonly parent: string;
  readonly key: string;
}

export interface JsonSyntaxError {
  readonly message: string;
  /** Jackson's `[Source: …; line: L, column: C]`, which AWS reports as the diagnostic's location. */
  readonly location: string;
}

export type JsonParseResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; error: JsonSyntaxError };

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
/** Jackson's default limit on nesting (`StreamReadConstraints`); it also keeps this recursive parser within the stack. */
const MAX_NESTING_DEPTH = 1000;
// Jackson quotes at most this much of the document in its messages.
const SOURCE_QUOTE_LIMIT = 500;

class SyntaxFailure extends Error {}

export function parseJsonDocument(text: string): JsonParseResult {
  const duplicates: DuplicateKey[] = [];
  let pos = 0;
  let depth = 0;

  const source = (): string => {
    const quoted = text.length > SOURCE_QUOTE_LIMIT ? text.slice(0, SOURCE_QUOTE_LIMIT) : text;
    const truncated = text.length > SOURCE_QUOTE_LIMIT ? `[truncated ${text.length - SOURCE_QUOTE_LIMIT} chars]` : '';
    return `[Source: (String)"${quoted}"${truncated}`;
  };
  const where = (index: number): string => {
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    return `${source()}; line: ${line}, column: ${column}]`;
  };
  let failure: JsonSyntaxError | undefined;
  // Jackson reports the position just past the offending input.
  const fail = (message: string, after: number): never => {
    const location = where(after);
    failure = { message: `${message}\n at ${location}`, location };
    throw new SyntaxFailure();
  };
  const describe = (c: string): string => {
    const code = c.charCodeAt(0);
    return code < 32 ? `(CTRL-CHAR, code ${code})` : `('${c}' (code ${code}))`;
  };
  const unexpected = (what: string): never =>
    pos >= text.length
      ? fail(`Unexpected end-of-input: ${what}`, pos)
      : fail(`Unexpected character ${describe(text[pos])}: ${what}`, pos + 1);

  const skipWs = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };

  const parseString = (): string => {
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('Unexpected end-of-input: was expecting closing quote for a string value', pos);
      const c = text[pos++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = text[pos++];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) out += simple[e];
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos, pos + 4))) {
          out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16));
          pos += 4;
        } else fail(`Unrecognized character escape '${e ?? ''}' (code ${(e ?? '').charCodeAt(0) || 0})`, pos);
      } else if (c < ' ') {
        fail(`Illegal unquoted character (${describe(c).slice(1, -1)}): has to be escaped using backslash to be included in string value`, pos);
      } else out += c;
    }
  };

  const parseNumber = (): number => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!m || m[0] === '-') return unexpected(`expected digit (0-9) to follow minus sign, for valid numeric value`);
    pos += m[0].length;
    if (pos < text.length && /[0-9]/.test(text[pos])) fail('Invalid numeric value: Leading zeroes not allowed', pos);
    return Number(m[0]);
  };

  const parseToken = (): unknown => {
    const m = /^[A-Za-z0-9_$]+/.exec(text.slice(pos));
    const token = m ? m[0] : '';
    const literals: Record<string, unknown> = { true: true, false: false, null: null };
    if (token in literals) {
      pos += token.length;
      return literals[token];
    }
    if (!token) return unexpected(`expected a valid value ${EXPECTED_VALUE}`);
    return fail(`Unrecognized token '${token}': was expecting ${EXPECTED_VALUE}`, pos + token.length);
  };

  const nested = <T>(parse: (pointer: string) => T, pointer: string): T => {
    if (++depth > MAX_NESTING_DEPTH) {
      fail(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`, pos + 1);
    }
    const value = parse(pointer);
    depth--;
    return value;
  };

  const parseValue = (pointer: string): unknown => {
    skipWs();
    const c = text[pos];
    if (c === '{') return nested(parseObject, pointer);
    if (c === '[') return nested(parseArray, pointer);
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    return parseToken();
  };

  const closeMarker = (kind: string, start: number): string =>
    `expected close marker for ${kind} (start marker at ${where(start + 1)})`;

  const parseObject = (pointer: string): Record<string, unknown> => {
    const start = pos++;
    const out: Record<string, unknown> = {};
    skipWs();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      skipWs();
      if (pos >= text.length) unexpected(closeMarker('Object', start));
      if (text[pos] !== '"') unexpected('was expecting double-quote to start field name');
      const key = parseString();
      skipWs();
      if (text[pos] !== ':') unexpected('was expecting a colon to separate field name and value');
      pos++;
      const value = parseValue(`${pointer}/${key}`);
      if (Object.prototype.hasOwnProperty.call(out, key)) duplicates.push({ parent: pointer, key });
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return out;
      }
      if (pos >= text.length) unexpected(closeMarker('Object', start));
      if (text[pos] !== ',') unexpected('was expecting comma to separate Object entries');
      pos++;
    }
  };

  const parseArray = (pointer: string): unknown[] => {
    const start = pos++;
    const out: unknown[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      if (pos >= text.length) unexpected(closeMarker('Array', start));
      out.push(parseValue(`${pointer}/${out.length}`));
      skipWs();
      if (text[pos] === ']') {
        pos++;
        return out;
      }
      if (pos >= text.length) unexpected(closeMarker('Array', start));
      if (text[pos] !== ',') unexpected('was expecting comma to separate Array entries');
      pos++;
    }
  };

  try {
    const value = parseValue('');
    skipWs();
    if (pos < text.length) unexpected('expected end of input');
    return { ok: true, value, duplicates };
  } catch (e) {
    if (e instanceof SyntaxFailure && failure) return { ok: false, error: failure };
    throw e;
  }
}

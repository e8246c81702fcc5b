import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, parseDocument as parseYamlDocument } from 'yaml';
import { UserError } from './exit.js';

export type DocumentFormat = 'json' | 'yaml';

export interface LoadedDocument {
  path: string;
  text: string;
  format: DocumentFormat;
}

/** By extension; otherwise JSON when the text opens like JSON, YAML when it does not. */
export function detectFormat(path: string, text: string): DocumentFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\s*[[{"]/.test(text) ? 'json' : 'yaml';
}

export async function readDocument(path: string): Promise<LoadedDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UserError(`Cannot read ${path}: ${why}`);
  }
  return { path, text, format: detectFormat(path, text) };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}

/** YAML keeps its strictness (duplicate keys are errors); errors name the line and column. */
function parseYaml(text: string, source: string): unknown {
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const [error] = doc.errors;
  if (error) {
    const at = lines.linePos(error.pos[0]);
    throw new UserError(`${source}:${at.line}:${at.col} is not valid YAML: ${error.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

export function parseDocument(text: string, format: DocumentFormat, source: string): unknown {
  return format === 'json' ? parseJson(text, source) : parseYaml(text, source);
}

export async function loadDocument(path: string): Promise<unknown> {
  const doc = await readDocument(path);
  return parseDocument(doc.text, doc.format, path);
}

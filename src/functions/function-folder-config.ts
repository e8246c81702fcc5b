/**
 * The optional `stepwise.functions.json` (or `.yaml`) of a functions folder: per function name,
 * the settings CreateFunction takes that the folder cannot tell by itself. Checked whole on read,
 * so a mistake is one clear message naming the file and the key, never a failed deploy later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RUNTIMES, type Runtime } from './types.js';

export const CONFIG_FILES = ['stepwise.functions.json', 'stepwise.functions.yaml', 'stepwise.functions.yml'] as const;

/** A problem with a functions folder or its config: the user's to fix, told in one line. */
export class FunctionFolderError extends Error {
  override readonly name = 'FunctionFolderError';
}

export interface FunctionSettings {
  runtime?: Runtime;
  handler?: string;
  memorySize?: number;
  timeout?: number;
  environment?: Record<string, string>;
  description?: string;
}

export interface FolderConfig {
  /** The config file's path, or undefined when the folder has none. */
  file?: string;
  functions: Record<string, FunctionSettings>;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ENV_KEY = /^[a-zA-Z][a-zA-Z0-9_]+$/;

type Check = (value: unknown) => string | undefined;

const integer = (min: number, max: number, unit: string): Check => (v) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `must be an integer from ${min} to ${max} (${unit})`;

/** Each setting's check: the problem with a value, or undefined when it is fine. Lambda's limits. */
const CHECKS: Record<keyof FunctionSettings, Check> = {
  runtime: (v) => (typeof v === 'string' && (RUNTIMES as readonly string[]).includes(v) ? undefined : `must be one of ${RUNTIMES.join(', ')}`),
  handler: (v) => (typeof v === 'string' && /^[^\s]{1,128}$/.test(v) ? undefined : 'must be a handler such as "index.handler" or "app.lambda_handler" (no spaces, at most 128 characters)'),
  memorySize: integer(128, 10240, 'MB'),
  timeout: integer(1, 900, 'seconds'),
  description: (v) => (typeof v === 'string' && v.length <= 256 ? undefined : 'must be a string of at most 256 characters'),
  environment: (v) => {
    if (!isObject(v)) return 'must be an object of variable names to string values';
    const badKey = Object.keys(v).find((k) => !ENV_KEY.test(k));
    if (badKey !== undefined) return `has a variable named '${badKey}': names are a letter, then letters, digits or _`;
    const badValue = Object.keys(v).find((k) => typeof v[k] !== 'string');
    return badValue !== undefined ? `has a value for ${badValue} that is not a string (quote numbers and booleans)` : undefined;
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks the folder's config file; an empty config when there is none. */
export function readFolderConfig(dir: string): FolderConfig {
  const present = CONFIG_FILES.map((f) => join(dir, f)).filter((f) => existsSync(f));
  if (present.length === 0) return { functions: {} };
  if (present.length > 1) throw new FunctionFolderError(`${dir} has both ${present.map((f) => basename(f)).join(' and ')}: keep one`);
  const file = present[0];
  return { file, functions: parseFolderConfig(readFileSync(file, 'utf8'), basename(file)) };
}

/** Checks a config's text; `name` (the file's name) starts every message. */
export function parseFolderConfig(text: string, name: string): Record<string, FunctionSettings> {
  let value: unknown;
  try {
    value = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new FunctionFolderError(`${name}: not valid ${name.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (!isObject(value)) throw new FunctionFolderError(`${name}: expected an object of function names to settings, e.g. {"my-function": {"timeout": 10}}`);
  const functions: Record<string, FunctionSettings> = {};
  for (const [fn, settings] of Object.entries(value)) {
    if (!FUNCTION_NAME.test(fn)) throw new FunctionFolderError(`${name}: '${fn}' is not a function name (1-64 letters, digits, - or _)`);
    if (!isObject(settings)) throw new FunctionFolderError(`${name}: '${fn}' must be an object of settings (${Object.keys(CHECKS).join(', ')})`);
    for (const [key, setting] of Object.entries(settings)) {
      const check = CHECKS[key as keyof FunctionSettings] as Check | undefined;
      if (!check) throw new FunctionFolderError(`${name}: '${fn}' has an unknown setting '${key}' (known: ${Object.keys(CHECKS).join(', ')})`);
      const problem = check(setting);
      if (problem) throw new FunctionFolderError(`${name}: '${fn}'.${key} ${problem}, got ${JSON.stringify(setting)}`);
    }
    functions[fn] = settings as FunctionSettings;
  }
  return functions;
}

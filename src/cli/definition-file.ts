import { basename } from 'node:path';
import { UserError } from './exit.js';
import { parseDocument, readDocument, type DocumentFormat } from './load-file.js';

export interface DefinitionFile {
  path: string;
  format: DocumentFormat;
  /**
   * What the engine should load and validate: the text of a JSON file, so that syntax errors and
   * duplicate keys are reported as AWS reports them; the parsed object of a YAML file.
   */
  source: string | object;
  /** The parsed definition; `undefined` when JSON text does not parse (validation says why). */
  value: unknown;
  /** A state machine name from the file name: `order.asl.json` → `order`. */
  machineName: string;
}

export function machineNameFor(path: string): string {
  const name = basename(path).replace(/(\.asl)?\.(json|ya?ml)$/i, '');
  return name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80) || 'StateMachine';
}

export async function readDefinition(path: string): Promise<DefinitionFile> {
  const doc = await readDocument(path);
  const machineName = machineNameFor(path);
  if (doc.format === 'yaml') {
    const value = parseDocument(doc.text, 'yaml', path);
    if (typeof value !== 'object' || value === null) throw new UserError(`${path} does not hold a state machine definition (a mapping with StartAt and States)`);
    return { path, format: 'yaml', source: value, value, machineName };
  }
  let value: unknown;
  try {
    value = JSON.parse(doc.text);
  } catch {
    value = undefined;
  }
  return { path, format: 'json', source: doc.text, value, machineName };
}

import { toDot, toMermaid } from '../asl/graph.js';
import { readDefinition } from './definition-file.js';
import type { CliIO } from './engine-api.js';
import { ExitCode, UserError } from './exit.js';

export const GRAPH_FORMATS = ['mermaid', 'dot'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** `stepwise graph`: draws even a definition that does not validate, so mistakes can be seen. */
export async function graphCommand(definitionPath: string, format: GraphFormat, io: CliIO): Promise<number> {
  const definition = await readDefinition(definitionPath);
  if (definition.value === undefined) throw new UserError(`${definitionPath} is not valid JSON; run 'stepwise validate ${definitionPath}'`);
  io.stdout((format === 'dot' ? toDot : toMermaid)(definition.value).trimEnd());
  return ExitCode.Succeeded;
}

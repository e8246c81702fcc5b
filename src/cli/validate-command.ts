import { readDefinition } from './definition-file.js';
import type { CliIO, Engine } from './engine-api.js';
import { formatDiagnostic } from './explain.js';
import { ExitCode } from './exit.js';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `stepwise validate`: every diagnostic with its location and a plain-language explanation. */
export async function validateCommand(definitionPath: string, engine: Engine, io: CliIO): Promise<number> {
  const definition = await readDefinition(definitionPath);
  const diagnostics = engine.validateDefinition(definition.source);
  for (const d of diagnostics) io.stdout(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'ERROR').length;
  const warnings = diagnostics.length - errors;
  if (errors > 0) {
    io.stdout(`\n${definitionPath}: ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}`);
    return ExitCode.Usage;
  }
  io.stdout(`${diagnostics.length ? '\n' : ''}${definitionPath} is valid${warnings ? ` (${count(warnings, 'warning')})` : ''}`);
  return ExitCode.Succeeded;
}

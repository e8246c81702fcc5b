/**
 * Plain-language help for the diagnostics people meet most when writing ASL by hand. AWS's
 * codes are coarse (most problems are SCHEMA_VALIDATION_FAILED), so the message is matched
 * first and the code is the fallback.
 */

export interface DiagnosticLike {
  severity: string;
  code: string;
  message: string;
  location?: string;
}

const BY_MESSAGE: [RegExp, string][] = [
  [/is not reachable/i, "No Next, Default, Catch or StartAt leads to this state, so it can never run. Often it follows from another mistake: an 'End': true that stops the workflow too early, or a misspelled Next. Link it from another state, or delete it."],
  [/Missing '\w+' target/i, 'A transition names a state that does not exist in the same States block. Check the spelling (names are case-sensitive); a state inside a Parallel branch or Map cannot jump outside it.'],
  [/duplicate (json )?(key|field)/i, 'The same key appears twice in one JSON object. JSON parsers silently keep the last one, so half of what you wrote is ignored; AWS rejects the definition.'],
  [/These fields are required/i, 'A field this kind of state (or the state machine) must have is missing.'],
  [/\[Next, End\]|\[End, Next\]/, "A state either continues to another (Next) or ends the workflow (End: true), never both. Keep the one you meant."],
  [/mutually exclusive/i, 'These fields cannot be used together on one state; keep one of them.'],
  [/must be an? (non-negative |positive )?(INTEGER|NUMBER|STRING|BOOLEAN)/i, 'This field has the wrong type. Numbers and booleans are written without quotes ("Seconds": 10, "End": true); use the field\'s Path variant (SecondsPath) to read a value from the input.'],
  [/not recognized|valid resource ARN/i, "The Task's Resource is not an ARN Step Functions knows. Use a Lambda function ARN, or an integration such as arn:aws:states:::lambda:invoke."],
  [/JSONPath|intrinsic function/i, "A field ending in '.$' must hold a JSONPath ($.x, $$.Execution.Id) or an intrinsic function call (States.Format(...)). Drop the '.$' to use the text literally."],
  [/RFC ?3339|timestamp/i, "Timestamps must be RFC 3339, e.g. 2024-05-01T12:00:00Z (with a 'T' and a zone)."],
  [/not (a )?valid JSON object|must be a valid JSON/i, 'The definition must be a JSON object with StartAt and States.'],
];

const BY_CODE: Record<string, string> = {
  INVALID_JSON_DESCRIPTION: 'The definition is not valid JSON: look for a missing comma or quote, a trailing comma, or a comment near the position shown.',
  MISSING_DESCRIPTION: 'The definition is empty.',
  MISSING_TRANSITION_TARGET: 'A Next, Default or Catch names a state that does not exist, or a state can never be reached.',
  MISSING_END_STATE: "Nothing ends the workflow: give some state 'End': true, or add a Succeed or Fail state.",
  DUPLICATE_STATE_NAME: 'Two states share a name: often the same key written twice in a States object, where a plain JSON parser would silently keep only the last one. State names must be unique across the whole state machine, branches included.',
  INVALID_STATE_NAME: 'State names must be 1-80 characters and cannot contain control characters.',
  INVALID_RESOURCE: "The Task's Resource is not a valid ARN.",
  TOO_DEEPLY_NESTED: 'Parallel and Map states are nested too deeply.',
  NO_DOLLAR: "This value looks like a JSONPath or intrinsic function, but the field name does not end in '.$', so it will be used as a literal string.",
  NO_PATH: "This value looks like a path, but the field name does not end in 'Path'.",
  PASS_RESULT_IS_STATIC: "A Pass state's Result is always used literally; paths inside it are not evaluated. Use Parameters (or Output in JSONata) to compute a value.",
  SCHEMA_VALIDATION_FAILED: 'A field is missing, misspelled, of the wrong type, or not allowed on this kind of state.',
};

export function explain(diagnostic: DiagnosticLike): string | undefined {
  return BY_MESSAGE.find(([pattern]) => pattern.test(diagnostic.message))?.[1] ?? BY_CODE[diagnostic.code];
}

/**
 * AWS locates JSON syntax errors Jackson-style, quoting the whole document
 * (`[Source: (String)"…"; line: 2, column: 49]`), in the location and again in the message;
 * a terminal only needs the line and column.
 */
const JACKSON_SOURCE = /^\[Source: [\s\S]*; line: (\d+), column: (\d+)\]$/;

function readable(diagnostic: DiagnosticLike): { location?: string; message: string } {
  const source = diagnostic.location === undefined ? null : JACKSON_SOURCE.exec(diagnostic.location);
  if (!source) return diagnostic;
  return { location: `line ${source[1]}, column ${source[2]}`, message: diagnostic.message.replace(/\n at \[Source: [\s\S]*$/, '') };
}

/** `ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: B`, then the explanation. */
export function formatDiagnostic(diagnostic: DiagnosticLike, withExplanation = true): string {
  const { location, message } = readable(diagnostic);
  const head = `${diagnostic.severity} ${diagnostic.code}${location ? ` at ${location}` : ''}: ${message}`;
  const why = withExplanation ? explain(diagnostic) : undefined;
  return why ? `${head}\n    ${why}` : head;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, formatDiagnostic } from './explain.js';

test('diagnostic lines: severity, code, location, message, then the explanation', () => {
  assert.equal(
    formatDiagnostic({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', location: '/States/A/Next', message: "Missing 'Next' target: B" }),
    "ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: B\n    A transition names a state that does not exist in the same States block. Check the spelling (names are case-sensitive); a state inside a Parallel branch or Map cannot jump outside it.",
  );
  assert.equal(formatDiagnostic({ severity: 'WARNING', code: 'SOMETHING_NEW', message: 'm' }), 'WARNING SOMETHING_NEW: m');
  assert.equal(formatDiagnostic({ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'm' }, false), 'ERROR INVALID_JSON_DESCRIPTION: m');
});

test('JSON syntax errors show line and column instead of the quoted document', () => {
  const source = '[Source: (String)"{\n}}"; line: 2, column: 2]';
  assert.equal(
    formatDiagnostic({ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', location: source, message: `Unexpected close marker '}'\n at ${source}` }, false),
    "ERROR INVALID_JSON_DESCRIPTION at line 2, column 2: Unexpected close marker '}'",
  );
});

const cases: [string, string, RegExp][] = [
  ['MISSING_TRANSITION_TARGET', 'State "C" is not reachable.', /can never run/],
  ['MISSING_TRANSITION_TARGET', "Missing 'Default' target: x", /does not exist/],
  ['INVALID_JSON_DESCRIPTION', "Duplicate field 'TimeoutSeconds'", /same key appears twice/],
  ['DUPLICATE_STATE_NAME', 'Duplicate State name: A', /share a name/],
  ['SCHEMA_VALIDATION_FAILED', 'These fields are required: [StartAt]', /must have is missing/],
  ['SCHEMA_VALIDATION_FAILED', 'The fields [Next, End] are mutually exclusive', /never both/],
  ['SCHEMA_VALIDATION_FAILED', "The value for the field 'Seconds' must be a non-negative INTEGER", /without quotes/],
  ['SCHEMA_VALIDATION_FAILED', "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call", /'\.\$'/],
  ['SCHEMA_VALIDATION_FAILED', 'String does not match RFC3339 timestamp', /RFC 3339/],
  ['INVALID_JSON_DESCRIPTION', "Unexpected character ('}' (code 125))", /not valid JSON/],
  ['MISSING_END_STATE', 'No terminal state', /Nothing ends the workflow/],
  ['SCHEMA_VALIDATION_FAILED', 'Field Foo is not supported', /not allowed on this kind of state/],
];
for (const [code, message, expected] of cases) {
  test(`explains ${code}: ${message}`, () => assert.match(explain({ severity: 'ERROR', code, message }) ?? '', expected));
}

test('unknown codes have no explanation rather than a wrong one', () => {
  assert.equal(explain({ severity: 'ERROR', code: 'BRAND_NEW', message: 'something' }), undefined);
});

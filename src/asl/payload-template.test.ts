import { test } from 'node:test';
import assert from 'node:assert/strict';
import awsPassParameters from './__fixtures__/payload-template/aws-pass-parameters.json' with { type: 'json' };
import { compilePayloadTemplate } from './payload-template.js';
import { DefinitionError, StatesError } from './errors.js';
import type { Scope } from './scope.js';

interface AwsCase {
  id: string;
  parameters: unknown;
  input: unknown;
  output: unknown;
}

const fixture = awsPassParameters as { cases: AwsCase[] };

/** The recordings replaced run-specific names with placeholders; a context built from them reproduces the outputs. */
const context = {
  Execution: { Name: '<ExecArnPart_0idx>' },
  StateMachine: { Id: 'arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>', Name: '<ArnPart_0idx>' },
};

const scope = (input: unknown, variables: Record<string, unknown> = {}): Scope => ({
  input,
  context,
  variables,
  env: { uuid: () => 'generated-uuid', random: () => 0.25 },
});

for (const c of fixture.cases) {
  test(`AWS: ${c.id}`, () => {
    assert.deepEqual(compilePayloadTemplate(c.parameters, '/States/S/Parameters').evaluate(scope(c.input)), c.output);
  });
}

test('walks nested objects and arrays, dropping the .$ suffix', () => {
  const t = compilePayloadTemplate({
    flagged: true,
    parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' },
    list: [{ 'v.$': '$myVar' }, 'plain', { 'ctx.$': '$$.Execution.Name' }],
    'fmt.$': "States.Format('{}-{}', $.flagged, $myVar)",
  });
  assert.equal(t.constant, false);
  assert.deepEqual(t.evaluate(scope({ flagged: 7, vals: [0, 10, 20, 30, 40, 50] }, { myVar: 'x' })), {
    flagged: true,
    parts: { first: 0, last3: [30, 40, 50] },
    list: [{ v: 'x' }, 'plain', { ctx: '<ExecArnPart_0idx>' }],
    fmt: '7-x',
  });
});

test('a constant template is evaluated once and frozen', () => {
  const source = { a: [1, { b: '$.not.a.path' }] };
  const t = compilePayloadTemplate(source);
  assert.equal(t.constant, true);
  const v = t.evaluate(scope({}));
  assert.equal(v, t.evaluate(scope({ other: 1 })));
  assert.deepEqual(v, source);
  assert.ok(Object.isFrozen(v));
  assert.ok(!Object.isFrozen(source), "the caller's definition is left alone");
});

test('a path that matches nothing fails with AWS cause', () => {
  const t = compilePayloadTemplate({ 'JobName.$': '$.JobName' });
  assert.throws(
    () => t.evaluate(scope({})),
    (e: unknown) =>
      e instanceof StatesError &&
      e.error === 'States.Runtime' &&
      e.cause === "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
  );
});

test('an index past the end of an array is null, an empty indefinite match is []', () => {
  const t = compilePayloadTemplate({ 'a.$': '$.items[5]', 'b.$': '$.items[?(@ > 5)]' });
  assert.deepEqual(t.evaluate(scope({ items: [1, 2] })), { a: null, b: [] });
});

const invalidField = (key: string, location: string) => (e: unknown) =>
  e instanceof DefinitionError &&
  e.code === 'SCHEMA_VALIDATION_FAILED' &&
  e.message === `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call` &&
  e.location === location;

test('rejects at compile time what is neither a path nor an intrinsic call', () => {
  const loc = '/States/IntrinsicEscape/Parameters';
  // AWS's own rejection: \" is not an intrinsic escape.
  const illegal = { 'parsed.$': 'States.StringToJson(\'{"text":"An \\"escaped double quote\\" here"}\')' };
  assert.throws(() => compilePayloadTemplate(illegal, loc), invalidField('parsed.$', loc));
  for (const bad of ['not a path', '$.a[', 'States.Nope()', 'States.UUID(1)', 42, { 'x.$': '$' }]) {
    assert.throws(() => compilePayloadTemplate({ 'v.$': bad }, loc), invalidField('v.$', loc));
  }
  assert.throws(() => compilePayloadTemplate({ a: [{ 'v.$': '?' }] }, loc), invalidField('v.$', `${loc}/a/0`));
});

test('runtime failures of intrinsics surface as States.Runtime', () => {
  const t = compilePayloadTemplate({ 'v.$': 'States.ArrayGetItem($.a, 3)' });
  assert.throws(
    () => t.evaluate(scope({ a: [1] })),
    (e: unknown) =>
      e instanceof StatesError &&
      e.error === 'States.Runtime' &&
      e.cause === "The function 'States.ArrayGetItem($.a, 3)' had the following error: Invalid arguments in States.ArrayGetItem",
  );
});

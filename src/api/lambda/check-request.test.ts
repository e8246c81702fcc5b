import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../service/errors.js';
import { checkLambdaBody } from './check-request.js';

const refusal = (action: string, body: Record<string, unknown>): ServiceError => {
  try {
    checkLambdaBody(action, () => body);
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  assert.fail(`${action} took ${JSON.stringify(body)}`);
};

test('a body member of the wrong type is a body Lambda cannot read, at any depth, maps and lists included', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['CreateFunction', { Timeout: '3' }, 'STRING_VALUE can not be converted to an Integer'],
    ['CreateFunction', { Code: { ZipFile: 42 } }, 'NUMBER_VALUE can not be converted to a String'],
    ['CreateFunction', { Environment: { Variables: { A: true } } }, 'TRUE_VALUE can not be converted to a String'],
    ['CreateFunction', { Tags: ['a'] }, 'Start of list found where not expected.'],
    ['CreateFunction', { Architectures: 'x86_64' }, 'STRING_VALUE can not be converted to a List'],
    ['UpdateAlias', { RoutingConfig: { AdditionalVersionWeights: { '2': '0.5' } } }, 'STRING_VALUE can not be converted to an Integer'],
    ['TagResource', { Tags: 'a=b' }, 'STRING_VALUE can not be converted to a Map'],
  ];
  for (const [action, body, words] of cases) {
    const e = refusal(action, body);
    assert.deepEqual([e.type, e.message], ['InvalidRequestContentException', `Could not parse request body into json: ${words}`], JSON.stringify(body));
  }
});

test('the model\'s constraints the function service leaves alone are ValidationException, quoted in lowerCamel', () => {
  const e = refusal('UpdateFunctionConfiguration', { EphemeralStorage: { Size: 100 }, TracingConfig: { Mode: 'On' }, Layers: ['not-a-layer'] });
  assert.equal(e.type, 'ValidationException');
  assert.equal(
    e.message,
    "3 validation errors detected: Value 'On' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]; " +
      "Value '[not-a-layer]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 140, Member must have length greater than or equal to 1, ' +
      'Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+]; ' +
      "Value '100' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512",
  );
  assert.match(refusal('PublishVersion', { Description: 'd'.repeat(257) }).message, /at 'description' failed to satisfy constraint: Member must have length less than or equal to 256$/);
});

test('a valid body, unknown members and the actions without a body pass; the body is read only when the action has one', () => {
  checkLambdaBody('CreateFunction', () => ({ FunctionName: 'f', Timeout: 3, Environment: { Variables: { A: '1' } }, EphemeralStorage: { Size: 512 }, Unknown: [1] }));
  checkLambdaBody('GetFunction', () => assert.fail('GetFunction has no body to read'));
});

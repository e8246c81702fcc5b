import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRoleArn } from './arn.js';
import { checkShape } from './constraints.js';
import { ServiceError } from './errors.js';
import { checkName, normaliseLogging, parseExecutionInput } from './validation.js';

const failure = (f: () => unknown): ServiceError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  assert.fail('did not throw');
};

test('names: 1 to 80 characters, none of whitespace, brackets, wildcards, specials or controls', () => {
  for (const ok of ['a', 'x'.repeat(80), 'my-machine_1.v2', 'Ünïcode', '(parens)', 'a@b!+=\'']) checkName(ok);
  const bad = ['', 'x'.repeat(81), 'a b', 'a\tb', ...'<>{}[]?*"#%\\^|~`$&,;:/'.split('').map((c) => `a${c}b`), 'a\u0000', 'a\u001f', 'a\u007f', 'a\u009f'];
  for (const name of bad) {
    const e = failure(() => checkName(name));
    assert.equal(e.type, 'InvalidName');
    assert.equal(e.message, `Invalid Name: '${name}'`);
  }
});

test('logging: defaults, and exactly one destination unless OFF', () => {
  assert.deepEqual(normaliseLogging(undefined), { level: 'OFF', includeExecutionData: false });
  const dest = { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*' } };
  assert.deepEqual(normaliseLogging({ level: 'ERROR', destinations: [dest] }), { level: 'ERROR', includeExecutionData: false, destinations: [dest] });
  for (const config of [{ level: 'ALL' as const }, { level: 'FATAL' as const, destinations: [dest, dest] }, { destinations: [dest, dest] }]) {
    const e = failure(() => normaliseLogging(config));
    assert.equal(e.type, 'InvalidLoggingConfiguration');
    assert.equal(e.message, 'Invalid Logging Configuration: Must specify exactly one Log Destination.');
  }
});

test('execution input: JSON text, refused with Jackson words', () => {
  assert.deepEqual(parseExecutionInput(undefined), {});
  assert.deepEqual(parseExecutionInput('[1]'), [1]);
  const e = failure(() => parseExecutionInput('{"a":'));
  assert.equal(e.type, 'InvalidExecutionInput');
  assert.match(e.message, /^Invalid State Machine Execution Input: 'Unexpected end-of-input/);
});

test('model constraints: every violation, counted, in AWS words; sensitive values not echoed', () => {
  const shape = { maxResults: { range: [0, 1000] as const }, nextToken: { length: [1, 1024] as const }, input: { length: [0, 3] as const, sensitive: true }, arn: { required: true } };
  const e = failure(() => checkShape({ maxResults: 1001, nextToken: '', input: 'abcd' }, shape));
  assert.equal(e.type, 'ValidationException');
  assert.equal(
    e.message,
    "4 validation errors detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000; " +
      "Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 3; " +
      "Value null at 'arn' failed to satisfy constraint: Member must not be null",
  );
  const nested = failure(() => checkShape({ tags: [{ key: '' }] }, { tags: { members: { key: { length: [1, 128] } } } }));
  assert.match(nested.message, /Value '' at 'tags\.1\.member\.key'/);
});

test('model constraints inside structures, on each item of a list, and patterns matched against the whole value', () => {
  const logging = { loggingConfiguration: { fields: { level: { values: ['ALL', 'OFF'] }, destinations: { members: { group: { fields: { arn: { length: [1, 3] as const } } } } } } } };
  const inStructure = failure(() => checkShape({ loggingConfiguration: { level: 'all', destinations: [{ group: { arn: 'long' } }] } }, logging));
  assert.equal(
    inStructure.message,
    "2 validation errors detected: Value 'all' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, OFF]; " +
      "Value 'long' at 'loggingConfiguration.destinations.1.member.group.arn' failed to satisfy constraint: Member must have length less than or equal to 3",
  );
  const required = failure(() => checkShape({ encryption: {} }, { encryption: { fields: { type: { required: true } } } }));
  assert.equal(required.message, "1 validation error detected: Value null at 'encryption.type' failed to satisfy constraint: Member must not be null");

  const items = failure(() => checkShape({ tagKeys: ['ok', ''] }, { tagKeys: { items: { length: [1, 128] } } }));
  assert.equal(
    items.message,
    "1 validation error detected: Value '[ok, ]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]',
  );
  checkShape({ tagKeys: ['ok'] }, { tagKeys: { items: { length: [1, 128] } } });

  // A pattern that matches the empty string at the start still has to match all of the value.
  const pattern = failure(() => checkShape({ traceHeader: 'Root=é' }, { traceHeader: { pattern: '\\p{ASCII}*' } }));
  assert.match(pattern.message, /Value 'Root=é' at 'traceHeader' failed to satisfy constraint: Member must satisfy regular expression pattern: \\p\{ASCII\}\*$/);
  checkShape({ traceHeader: 'Root=1' }, { traceHeader: { pattern: '\\p{ASCII}*' } });
});

test('role ARNs: an IAM role in an account, or InvalidArn naming what is wrong first', () => {
  for (const ok of ['arn:aws:iam::123456789012:role/r', 'arn:aws-cn:iam::123456789012:role/service-role/my.role@x']) checkRoleArn(ok);
  const cases: [string, string][] = [
    ['role', "Invalid Arn: 'Invalid ARN prefix: role'"],
    ['arn:aws:states:us-east-1:123456789012:stateMachine:m', "Invalid Arn: 'Invalid service: states'"],
    ['arn:aws:iam::12345:role/r', "Invalid Arn: 'Invalid ARN: arn:aws:iam::12345:role/r'"],
    ['arn:aws:iam:us-east-1:123456789012:role/r', "Invalid Arn: 'Invalid ARN: arn:aws:iam:us-east-1:123456789012:role/r'"],
    ['arn:aws:iam::123456789012:user/u', "Invalid Arn: 'Invalid ARN: arn:aws:iam::123456789012:user/u'"],
    ['arn:aws:iam::123456789012:role/', "Invalid Arn: 'Invalid ARN: arn:aws:iam::123456789012:role/'"],
  ];
  for (const [arn, message] of cases) {
    const e = failure(() => checkRoleArn(arn));
    assert.deepEqual([e.type, e.message], ['InvalidArn', message]);
  }
});

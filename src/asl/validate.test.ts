import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidDefinitionError, invalidDefinitionMessage, validateDefinition, validateStateDefinition, validationResult } from './validate.js';

type Json = Record<string, unknown>;

const machine = (states: Json, extra: Json = {}): Json => ({ StartAt: Object.keys(states)[0], States: states, ...extra });
const pass = (next?: string): Json => (next ? { Type: 'Pass', Next: next } : { Type: 'Pass', End: true });
/** `CODE: message at location` for each error, the way the InvalidDefinition message lists them. */
const problems = (def: string | object, opts = {}): string[] =>
  validateDefinition(def, opts).map((d) => `${d.code}: ${d.message} at ${d.location ?? ''}`);
const oneState = (state: Json, extra: Json = {}): string[] => problems(machine({ S: state }, extra));

describe('transitions', () => {
  test('a missing target and an unreachable state, joined as AWS joins them', () => {
    const diags = validateDefinition(machine({ pass1: pass('pass3'), pass2: pass() }));
    assert.equal(
      invalidDefinitionMessage(diags),
      `Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, ` +
        `MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2'`,
    );
  });

  test('StartAt, Default, Choice and Catch targets must exist', () => {
    const def = {
      StartAt: 'Nope',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'X1' }], Default: 'X2' },
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X3' }], End: true },
      },
    };
    const targets = problems(def).filter((p) => p.includes('Missing'));
    assert.deepEqual(targets, [
      "MISSING_TRANSITION_TARGET: Missing 'StartAt' target: Nope at /StartAt",
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: X1 at /States/C/Choices/0/Next",
      "MISSING_TRANSITION_TARGET: Missing 'Default' target: X2 at /States/C/Default",
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: X3 at /States/T/Catch/0/Next",
    ]);
  });

  test('a state needs exactly one of Next and End; Succeed and Fail need neither', () => {
    assert.deepEqual(oneState({ Type: 'Pass' }), ['SCHEMA_VALIDATION_FAILED: Exactly one of the fields [Next, End] is required at /States/S']);
    assert.deepEqual(problems(machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } })), [
      'SCHEMA_VALIDATION_FAILED: The fields [Next, End] are mutually exclusive at /States/A',
    ]);
    assert.deepEqual(problems(machine({ A: { Type: 'Fail', Error: 'E' } })), []);
  });

  test('a workflow that never ends has no terminal state', () => {
    assert.deepEqual(problems(machine({ A: pass('B'), B: pass('A') })), ['MISSING_END_STATE: Workflow has no terminal state at /']);
  });

  test('nested state machines are checked in their own scope, with their own locations', () => {
    const def = machine({
      P: { Type: 'Parallel', Branches: [machine({ X: pass('Y') })], Next: 'M' },
      M: { Type: 'Map', ItemProcessor: machine({ Z: { Type: 'Wait', End: true } }), End: true },
    });
    assert.deepEqual(problems(def), [
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Y at /States/P/Branches/0/States/X/Next",
      'MISSING_END_STATE: Workflow has no terminal state at /States/P/Branches/0',
      'SCHEMA_VALIDATION_FAILED: Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] is required at /States/M/ItemProcessor/States/Z',
    ]);
  });
});

describe('state names', () => {
  test('Unicode names work, and count characters, not bytes, against the limit of 80', () => {
    assert.deepEqual(problems(machine({ '주문 검증': pass('결제'), 결제: pass() })), []);
    assert.deepEqual(problems(machine({ ['가'.repeat(80)]: pass() })), []);
    assert.deepEqual(problems(machine({ ['가'.repeat(81)]: pass() })).map((p) => p.split(':')[0]), ['INVALID_STATE_NAME']);
  });

  test('a name used twice, in one States object or across branches, is a duplicate', () => {
    const text = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"A":{"Type":"Pass","End":true}}}';
    assert.deepEqual(problems(text), ['DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A']);
    const nested = machine({ A: { Type: 'Parallel', Branches: [machine({ A: pass() })], End: true } });
    assert.deepEqual(problems(nested), ['DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A/Branches/0/States/A']);
  });
});

describe('fields', () => {
  test('required top-level fields, in the order AWS lists them', () => {
    assert.deepEqual(problems({}), ['SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /']);
    assert.deepEqual(problems({ States: {} , Foo: 1 }), [
      'SCHEMA_VALIDATION_FAILED: The field "Foo" is not supported by Step Functions at /',
      'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /',
    ]);
  });

  test('each state type has its own fields', () => {
    assert.deepEqual(oneState({ Type: 'Succeed', Next: 'S' }), ['SCHEMA_VALIDATION_FAILED: The field "Next" is not supported by Step Functions at /States/S']);
    assert.deepEqual(oneState({ Type: 'Task', End: true }), ['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S']);
    assert.deepEqual(oneState({ Type: 'Bogus' }), [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Type' must be one of [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map] at /States/S",
    ]);
  });

  test('fields of the other query language are not supported', () => {
    const jsonata = { Type: 'Pass', Parameters: {}, ResultPath: '$.x', End: true };
    assert.deepEqual(oneState(jsonata, { QueryLanguage: 'JSONata' }), [
      'SCHEMA_VALIDATION_FAILED: The field "Parameters" is not supported by Step Functions at /States/S',
      'SCHEMA_VALIDATION_FAILED: The field "ResultPath" is not supported by Step Functions at /States/S',
    ]);
    const jsonPath = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: {}, Output: {}, End: true };
    assert.deepEqual(oneState(jsonPath), [
      'SCHEMA_VALIDATION_FAILED: The field "Arguments" is not supported by Step Functions at /States/S',
      'SCHEMA_VALIDATION_FAILED: The field "Output" is not supported by Step Functions at /States/S',
    ]);
    // A state may choose its own language.
    assert.deepEqual(oneState({ ...jsonPath, QueryLanguage: 'JSONata', Arguments: { a: '{% $states.input %}' } }), []);
  });

  test('paths and payload templates must be well formed', () => {
    assert.deepEqual(oneState({ Type: 'Pass', InputPath: 'foo', End: true }), [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at /States/S",
    ]);
    assert.deepEqual(oneState({ Type: 'Pass', Parameters: { deep: [{ 'x.$': 'nope' }] }, End: true }), [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/S/Parameters/deep/0",
    ]);
    assert.deepEqual(oneState({ Type: 'Pass', Parameters: { 'a.$': "States.Format('{}', $.x)", 'b.$': '$$.Execution.Id' }, OutputPath: null, End: true }), []);
  });

  test('Wait takes exactly one of its four time fields, and Timestamp is RFC 3339', () => {
    assert.deepEqual(oneState({ Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true }), [
      'SCHEMA_VALIDATION_FAILED: The fields [Seconds, SecondsPath] are mutually exclusive at /States/S',
    ]);
    assert.deepEqual(oneState({ Type: 'Wait', Timestamp: '2016-03-14T01:59:00+01:00', End: true }), []);
    assert.deepEqual(oneState({ Type: 'Wait', Timestamp: '2016-02-30T01:59:00Z', End: true }), [
      'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/S/Timestamp',
    ]);
  });

  test('Fail names its error and cause statically or by path, not both', () => {
    assert.deepEqual(oneState({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }), [
      'SCHEMA_VALIDATION_FAILED: The fields [Error, ErrorPath] are mutually exclusive at /States/S',
    ]);
  });

  test('Task timeouts are positive, static or by path, and the heartbeat is shorter', () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    assert.deepEqual(oneState({ ...task, TimeoutSeconds: 0 }), ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a positive INTEGER at /States/S"]);
    assert.deepEqual(oneState({ ...task, TimeoutSeconds: 5, HeartbeatSeconds: 5 }), ['SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at /States/S']);
    assert.deepEqual(oneState({ ...task, TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' }), [
      'SCHEMA_VALIDATION_FAILED: The fields [TimeoutSeconds, TimeoutSecondsPath] are mutually exclusive at /States/S',
    ]);
    assert.deepEqual(oneState({ ...task, QueryLanguage: 'JSONata', TimeoutSeconds: '{% 5 %}' }), []);
  });

  test('a Map processor runs INLINE or DISTRIBUTED, as STANDARD or EXPRESS', () => {
    const map = (ProcessorConfig: Json) => oneState({ Type: 'Map', ItemProcessor: { ...machine({ X: pass() }), ProcessorConfig }, End: true });
    assert.deepEqual(map({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }), []);
    assert.deepEqual(map({ Mode: 'PARALLEL', Extra: 1 }), [
      'SCHEMA_VALIDATION_FAILED: The field "Extra" is not supported by Step Functions at /States/S/ItemProcessor/ProcessorConfig',
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED] at /States/S/ItemProcessor/ProcessorConfig",
    ]);
  });

  test('Express workflows reject activities and callback or .sync integrations', () => {
    const task = (Resource: string) => machine({ T: { Type: 'Task', Resource, End: true } });
    assert.deepEqual(problems(task('arn:aws:states:::states:startExecution.sync:2'), { type: 'EXPRESS' }), [
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync:2' service integration  at /States/T/Resource",
    ]);
    assert.deepEqual(problems(task('arn:aws:states:::states:startExecution.sync:2')), []);
  });
});

describe('Retry and Catch', () => {
  const task = (extra: Json) => oneState({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

  test('States.ALL stands alone, in the last handler', () => {
    assert.deepEqual(task({ Retry: [{ ErrorEquals: ['States.ALL', 'X'] }] }), ["SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in 'ErrorEquals' at /States/S/Retry/0/ErrorEquals"]);
    assert.deepEqual(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] }), [
      'SCHEMA_VALIDATION_FAILED: States.ALL must appear in the last element at /States/S/Retry/0/ErrorEquals',
    ]);
  });

  test('retrier numbers and strategy', () => {
    assert.deepEqual(task({ Retry: [{ ErrorEquals: [], MaxAttempts: -1, BackoffRate: 0.5, JitterStrategy: 'SOME' }] }), [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'MaxAttempts' must be a non-negative INTEGER at /States/S/Retry/0",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'ErrorEquals' must be a non-empty ARRAY of STRING at /States/S/Retry/0",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'BackoffRate' must be a NUMBER greater than or equal to 1.0 at /States/S/Retry/0",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'JitterStrategy' must be one of [FULL, NONE] at /States/S/Retry/0",
    ]);
    assert.deepEqual(task({ Retry: [{ ErrorEquals: ['X'], MaxAttempts: 0, BackoffRate: 1, JitterStrategy: 'FULL', MaxDelaySeconds: 3 }] }), []);
  });

  test('a catcher needs its errors and its Next', () => {
    assert.deepEqual(task({ Catch: [{ ResultPath: '$.e' }] }), [
      "SCHEMA_VALIDATION_FAILED: The field 'ErrorEquals' is required but was missing at /States/S/Catch/0",
      "SCHEMA_VALIDATION_FAILED: The field 'Next' is required but was missing at /States/S/Catch/0",
    ]);
  });
});

describe('Choice rules', () => {
  const choice = (rule: Json, extra: Json = {}) =>
    problems(machine({ C: { Type: 'Choice', Choices: [rule], Default: 'D' }, D: { Type: 'Succeed' } }, extra));

  test('JSONPath: one operator with a Variable, Next only at the top', () => {
    assert.deepEqual(choice({ Variable: '$.x', StringEquals: 'a', Next: 'D' }), []);
    assert.deepEqual(choice({ Variable: '$.x', StringEquals: 'a', NumericEquals: 1, Next: 'D' }), [
      'SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator or one of [And, Or, Not] at /States/C/Choices/0',
    ]);
    assert.deepEqual(choice({ Not: { Variable: '$.x', IsNull: true, Next: 'D' }, Next: 'D' }), [
      'SCHEMA_VALIDATION_FAILED: The field "Next" is not supported by Step Functions at /States/C/Choices/0/Not',
    ]);
    assert.deepEqual(choice({ Variable: '$.x', NumericEquals: '1' }), [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEquals' must be a NUMBER at /States/C/Choices/0",
      "SCHEMA_VALIDATION_FAILED: The field 'Next' is required but was missing at /States/C/Choices/0",
    ]);
  });

  test('JSONata: a Condition and a Next', () => {
    assert.deepEqual(choice({ Condition: '{% $states.input.x = 1 %}', Next: 'D' }, { QueryLanguage: 'JSONata' }), []);
    assert.deepEqual(choice({ Variable: '$.x', Next: 'D' }, { QueryLanguage: 'JSONata' }), [
      'SCHEMA_VALIDATION_FAILED: The field "Variable" is not supported by Step Functions at /States/C/Choices/0',
      "SCHEMA_VALIDATION_FAILED: The field 'Condition' is required but was missing at /States/C/Choices/0",
    ]);
  });
});

describe('documents', () => {
  test('text that is not JSON is reported the way Jackson words it', () => {
    const [d] = validateDefinition('not a definition');
    assert.equal(d.code, 'INVALID_JSON_DESCRIPTION');
    assert.equal(d.location, '[Source: (String)"not a definition"; line: 1, column: 4]');
    assert.equal(
      invalidDefinitionMessage([d]),
      `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${d.message}'`,
    );
  });

  test('blank text and non-objects are not definitions', () => {
    for (const text of [' ', '[]', '42']) {
      assert.deepEqual(validateDefinition(text), [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }]);
    }
  });

  test('text and object give the same answer', () => {
    const def = machine({ A: pass('B'), B: pass() });
    assert.deepEqual(validateDefinition(JSON.stringify(def)), validateDefinition(def));
    assert.equal(validationResult(validateDefinition(def)), 'OK');
  });

  test('InvalidDefinitionError carries the diagnostics and the AWS message', () => {
    const diags = validateDefinition({ StartAt: 'A' });
    const e = new InvalidDefinitionError(diags);
    assert.equal(e.message, "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'");
    assert.equal(e.diagnostics, diags);
  });
});

describe('a single state (TestState)', () => {
  test('is checked on its own, with its transitions left unresolved', () => {
    assert.deepEqual(validateStateDefinition({ Type: 'Pass', Next: 'Elsewhere' }), []);
    assert.deepEqual(validateStateDefinition('{"Type":"Pass","Output":{},"End":true}', { queryLanguage: 'JSONata' }), []);
    assert.deepEqual(
      validateStateDefinition({ Type: 'Wait', End: true }).map((d) => d.message),
      ['Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] is required'],
    );
  });
});

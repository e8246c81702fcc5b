import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fixture from './__fixtures__/choice/aws-cases.json' with { type: 'json' };
import {
  compileChoiceRule,
  compileChoices,
  compileWildcard,
  evaluateChoices,
} from './choice-rules.js';
import { DefinitionError, StatesError } from './errors.js';
import { parseTimestamp } from './timestamp.js';
import type { Scope } from './scope.js';

const scopeOf = (input: unknown, variables: Record<string, unknown> = {}): Scope => ({
  input,
  context: { Execution: { Input: input } },
  variables,
  env: { uuid: () => '00000000-0000-4000-8000-000000000000', random: () => 0 },
});

const holds = (rule: object, input: unknown, variables?: Record<string, unknown>): boolean =>
  compileChoiceRule(rule, '/States/C/Choices/0')(scopeOf(input, variables));

type State = Record<string, unknown> & { Type: string };
type Machine = { StartAt: string; States: Record<string, State> };
interface AwsCase {
  id: string;
  /** A state machine, or (TestState) a lone state. */
  definition: Record<string, unknown>;
  input: unknown;
  expected: { status: string; output: unknown; nextState?: string };
  statesEntered?: string[];
}

/** The Choice state of a case: the first state of a machine, or the lone state given to TestState. */
function choiceOf(c: AwsCase): { name: string; state: State; states: Record<string, State> } {
  if (!('States' in c.definition)) return { name: 'TestState', state: c.definition as State, states: {} };
  const { StartAt, States } = c.definition as Machine;
  return { name: StartAt, state: States[StartAt], states: States };
}

/** Where AWS went from the Choice state, read from what it recorded. */
function recordedBranch(c: AwsCase): string {
  if (c.expected.nextState) return c.expected.nextState;
  const { name, state, states } = choiceOf(c);
  if (c.statesEntered) return c.statesEntered[c.statesEntered.indexOf(name) + 1];
  // No history: the branch is the one target (all Pass states here) whose output AWS returned.
  const rules = state.Choices as { Next: string }[];
  const targets = [...new Set([...rules.map((r) => r.Next), state.Default as string])];
  const outputOf = (t: string): unknown => {
    const target = states[t];
    assert.equal(target.Type, 'Pass', `${c.id}: target ${t} is not a Pass state`);
    return 'Result' in target ? target.Result : c.input;
  };
  const matching = targets.filter((t) => isDeepStrictEqual(outputOf(t), c.expected.output));
  assert.equal(matching.length, 1, `${c.id}: the expected output does not single out a branch`);
  return matching[0];
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

describe('AWS-recorded Choice cases', () => {
  const cases = fixture.cases as unknown as AwsCase[];
  it('covers every recorded JSONPath Choice case', () => assert.equal(cases.length, 299));
  for (const c of cases) {
    it(c.id, () => {
      const { name, state } = choiceOf(c);
      const rules = state.Choices as { Next: string }[];
      const compiled = compileChoices(rules, `/States/${name}/Choices`);
      const index = evaluateChoices(compiled, scopeOf(c.input));
      const taken = index >= 0 ? rules[index].Next : state.Default;
      assert.equal(taken, recordedBranch(c));
    });
  }
});

describe('missing values', () => {
  const cause = (path: string) =>
    `Invalid path '${path}': The choice state's condition path references an invalid value.`;
  const failsWith = (rule: object, input: unknown, path: string) =>
    assert.throws(
      () => holds(rule, input),
      (e: unknown) => e instanceof StatesError && e.error === 'States.Runtime' && e.cause === cause(path),
    );

  it('fails the execution when the Variable selects nothing', () => {
    failsWith({ Variable: '$.missing', NumericEquals: 1 }, {}, '$.missing');
    failsWith({ Variable: '$.a.b', StringEquals: 'x' }, { a: 'not an object' }, '$.a.b');
    failsWith({ Variable: '$.x', IsNull: true }, {}, '$.x');
    failsWith({ Variable: '$.x', IsString: false }, {}, '$.x');
  });
  it('fails the execution when a …Path operand selects nothing', () => {
    failsWith({ Variable: '$.a', StringEqualsPath: '$.b' }, { a: 'x' }, '$.b');
  });
  it('lets IsPresent see that nothing is there', () => {
    assert.equal(holds({ Variable: '$.x', IsPresent: false }, {}), true);
    assert.equal(holds({ Variable: '$.x', IsPresent: true }, {}), false);
    assert.equal(holds({ Variable: '$.x', IsPresent: true }, { x: null }), true);
  });
  it('short-circuits And/Or so that IsPresent guards a comparison', () => {
    const guarded = { And: [{ Variable: '$.k', IsPresent: true }, { Variable: '$.k', StringEquals: 'foo' }] };
    assert.equal(holds(guarded, {}), false);
    assert.equal(holds(guarded, { k: 'foo' }), true);
    const either = { Or: [{ Variable: '$.k', IsPresent: false }, { Variable: '$.k', StringEquals: 'foo' }] };
    assert.equal(holds(either, {}), true);
  });
});

describe('operators', () => {
  it('compares strings by UTF-16 code units', () => {
    assert.equal(holds({ Variable: '$', StringLessThan: 'b' }, 'B'), true);
    assert.equal(holds({ Variable: '$', StringGreaterThanEquals: 'abc' }, 'abc'), true);
    assert.equal(holds({ Variable: '$', StringEquals: '1' }, 1), false);
  });
  it('compares numbers whatever their JSON spelling, and only numbers', () => {
    assert.equal(holds({ Variable: '$', NumericEquals: 1 }, JSON.parse('1.0')), true);
    assert.equal(holds({ Variable: '$', NumericEquals: 1.5 }, 1.5), true);
    assert.equal(holds({ Variable: '$', NumericLessThanEquals: -0.5 }, -1), true);
    assert.equal(holds({ Variable: '$', NumericEquals: 1 }, '1'), false);
    assert.equal(holds({ Variable: '$', NumericGreaterThanPath: '$$.Execution.Input' }, 3), false);
  });
  it('reads the right side of …Path operators from $, $$ and variables', () => {
    assert.equal(holds({ Variable: '$.a', NumericLessThanPath: '$.b' }, { a: 1, b: 2 }), true);
    assert.equal(holds({ Variable: '$.a', StringEqualsPath: '$$.Execution.Input.b' }, { a: 'x', b: 'x' }), true);
    assert.equal(holds({ Variable: '$.a', BooleanEqualsPath: '$flag' }, { a: true }, { flag: true }), true);
    assert.equal(holds({ Variable: '$.a', NumericEqualsPath: '$.b' }, { a: 1, b: '1' }), false);
  });
  it('reads the Variable from variables', () => {
    assert.equal(holds({ Variable: '$order.total', NumericGreaterThan: 100 }, {}, { order: { total: 150 } }), true);
  });
  it('tells JSON types apart', () => {
    const is = (op: string, v: unknown) => holds({ Variable: '$.v', [op]: true }, { v });
    assert.deepEqual(
      [null, 'x', 1, 1.5, true, [], {}].map((v) => ['IsNull', 'IsString', 'IsNumeric', 'IsBoolean'].filter((op) => is(op, v))),
      [['IsNull'], ['IsString'], ['IsNumeric'], ['IsNumeric'], ['IsBoolean'], [], []],
    );
    assert.equal(is('IsNumeric', '1'), false);
    assert.equal(is('IsTimestamp', '2016-03-14T01:59:00Z'), true);
    assert.equal(is('IsTimestamp', '2016-03-14T01:59:00'), false);
    assert.equal(holds({ Variable: '$.v', IsTimestamp: false }, { v: 5 }), true);
  });
  it('negates with Not and combines with And/Or', () => {
    const rule = { Not: { Variable: '$.type', StringEquals: 'Private' } };
    assert.equal(holds(rule, { type: 'Public' }), true);
    assert.equal(holds({ Or: [rule, { Variable: '$.v', NumericEquals: 0 }] }, { type: 'Private', v: 0 }), true);
  });
});

describe('StringMatches', () => {
  const matches = (pattern: string, value: string) => compileWildcard(pattern)(value);
  it('treats * as any run of characters', () => {
    assert.equal(matches('log-*.txt', 'log-2024-01.txt'), true);
    assert.equal(matches('log-*.txt', 'log-.txt'), true);
    assert.equal(matches('log-*.txt', 'log-1.txt.gz'), false);
    assert.equal(matches('*', ''), true);
    assert.equal(matches('a*b*a', 'aba'), true);
    assert.equal(matches('a*b*a', 'ab'), false);
    assert.equal(matches('*ab*ab*', 'xxabyyab'), true);
    assert.equal(matches('', ''), true);
    assert.equal(matches('', 'x'), false);
  });
  it('takes \\* and \\\\ literally, and nothing else specially', () => {
    assert.equal(matches('a\\*b', 'a*b'), true);
    assert.equal(matches('a\\*b', 'axb'), false);
    assert.equal(matches('a\\\\*', 'a\\anything'), true);
    assert.equal(matches('a.c?[x]', 'a.c?[x]'), true);
    assert.equal(matches('a.c', 'abc'), false);
  });
  it('is false for non-strings', () => {
    assert.equal(holds({ Variable: '$', StringMatches: '*' }, 5), false);
    assert.equal(holds({ Variable: '$', StringMatches: '*' }, 'x'), true);
  });
  it('stays linear on many stars', () => {
    assert.equal(matches('*a'.repeat(30) + 'b', 'a'.repeat(5000)), false);
  });
});

describe('timestamps', () => {
  it('accepts what Java ISO_OFFSET_DATE_TIME accepts', () => {
    for (const t of [
      '2016-03-14T01:59:00Z',
      '2016-03-14T01:59:00.5Z',
      '2016-03-05T21:29:29.243167252Z',
      '2016-03-14T01:59Z',
      '2016-03-14t01:59:00z',
      '2016-03-14T01:59:00+01:00',
      '2016-03-14T01:59:00-05:30:15',
      '2016-02-29T00:00:00Z',
    ]) {
      assert.notEqual(parseTimestamp(t), undefined, t);
    }
  });
  it('rejects the rest', () => {
    for (const t of [
      '2016-03-14T01:59:00',
      '2016-12-05 21:29:29Z',
      '05-12-2016T21:29:29Z',
      '2016-12-05T25:29:29Z',
      '2015-02-29T00:00:00Z',
      '2016-03-14T01:59:60Z',
      '2016-03-14T01:59:00.1234567890Z',
      '2016-03-14T01:59:00+01',
      '2016-03-14T01:59:00+19:00',
      '2016-03-14',
      '2023-02-24 12:15:56.832957',
    ]) {
      assert.equal(parseTimestamp(t), undefined, t);
    }
  });
  it('compares instants, across offsets and to the nanosecond', () => {
    const ts = (op: string, a: string, b: string) => holds({ Variable: '$', [op]: b }, a);
    assert.equal(ts('TimestampEquals', '2012-10-09T20:00:55+01:00', '2012-10-09T19:00:55Z'), true);
    assert.equal(ts('TimestampEquals', '2012-10-09T19:00:55.000Z', '2012-10-09T19:00:55Z'), true);
    assert.equal(ts('TimestampLessThan', '2012-10-09T19:00:55.000000001Z', '2012-10-09T19:00:55.000000002Z'), true);
    assert.equal(ts('TimestampGreaterThan', '1969-12-31T23:59:59Z', '1969-12-31T23:59:58.9Z'), true);
    assert.equal(ts('TimestampLessThanEquals', '2012-10-09T19:00:55', '2012-10-09T19:00:55Z'), false);
    assert.equal(holds({ Variable: '$.a', TimestampEqualsPath: '$.b' }, { a: '2012-10-09T19:00:55Z', b: 'nope' }), false);
  });
});

describe('compileChoices / evaluateChoices', () => {
  const compiled = compileChoices(
    [
      { Variable: '$.v', NumericLessThan: 0, Next: 'Negative' },
      { Variable: '$.v', NumericLessThan: 10, Next: 'Small' },
      { Variable: '$.v', NumericGreaterThanEquals: 0, Next: 'Big', Assign: { x: 1 }, Comment: 'c' },
    ],
    '/States/C/Choices',
  );
  it('returns the first rule that holds', () => {
    assert.equal(evaluateChoices(compiled, scopeOf({ v: -1 })), 0);
    assert.equal(evaluateChoices(compiled, scopeOf({ v: 5 })), 1);
    assert.equal(evaluateChoices(compiled, scopeOf({ v: 50 })), 2);
  });
  it('returns -1 when none holds', () => {
    assert.equal(evaluateChoices(compiled, scopeOf({ v: 'x' })), -1);
  });
});

describe('definition errors', () => {
  const rejects = (rule: unknown, message: string, location: string) =>
    assert.throws(
      () => compileChoiceRule(rule, '/States/C/Choices/0'),
      (e: unknown) =>
        e instanceof DefinitionError &&
        e.code === 'SCHEMA_VALIDATION_FAILED' &&
        e.message === message &&
        e.location === location,
    );
  const at = '/States/C/Choices/0';

  it('rejects unknown fields, and Next/Assign below the top level', () => {
    rejects({ Variable: '$.a', StringEquals: 'x', Foo: 1 }, "Field 'Foo' is not supported", at);
    rejects({ Not: { Variable: '$.a', IsNull: true, Next: 'X' } }, "Field 'Next' is not supported", `${at}/Not`);
    rejects({ And: [{ Variable: '$.a', IsNull: true, Assign: {} }] }, "Field 'Assign' is not supported", `${at}/And/0`);
    rejects({ Variable: '$.a', StringMatchesPath: '$.b' }, "Field 'StringMatchesPath' is not supported", at);
  });
  it('wants exactly one operator, and a Variable for comparisons only', () => {
    const one = 'A Choice Rule must have exactly one comparison operator or one of And, Or, Not';
    rejects({ Variable: '$.a', Next: 'X' }, one, at);
    rejects({ Variable: '$.a', StringEquals: 'x', IsNull: true }, one, at);
    rejects({ Not: { Variable: '$.a', IsNull: true }, And: [] }, one, at);
    rejects({ StringEquals: 'x' }, "The field 'Variable' is required but was missing", at);
    rejects({ Variable: '$.a', Not: { Variable: '$.a', IsNull: true } }, "Field 'Variable' is not supported", at);
  });
  it('checks operand types and timestamp literals', () => {
    rejects({ Variable: '$.a', StringEquals: 1 }, 'Expected value of type String', `${at}/StringEquals`);
    rejects({ Variable: '$.a', NumericEquals: '1' }, 'Expected value of type Number', `${at}/NumericEquals`);
    rejects({ Variable: '$.a', BooleanEquals: 'true' }, 'Expected value of type Boolean', `${at}/BooleanEquals`);
    rejects({ Variable: '$.a', IsPresent: 1 }, 'Expected value of type Boolean', `${at}/IsPresent`);
    rejects(
      { Variable: '$.a', TimestampEquals: '2016-12-05 21:29:29Z' },
      'String does not match RFC3339 timestamp',
      `${at}/TimestampEquals`,
    );
    rejects({ Variable: '$.a', StringMatches: null }, 'Expected value of type String', `${at}/StringMatches`);
  });
  it('checks paths', () => {
    rejects({ Variable: 'a', IsNull: true }, "The value for the field 'Variable' must be a valid JSONPath", `${at}/Variable`);
    rejects(
      { Variable: '$.a', NumericEqualsPath: 'b' },
      "The value for the field 'NumericEqualsPath' must be a valid JSONPath",
      `${at}/NumericEqualsPath`,
    );
  });
  it('checks the shape of rules and combinators', () => {
    rejects('x', 'Expected value of type Object', at);
    rejects({ And: [] }, "The field 'And' should be non-empty", `${at}/And`);
    rejects({ Or: {} }, 'Expected value of type Array', `${at}/Or`);
    rejects({ Not: [] }, 'Expected value of type Object', `${at}/Not`);
    assert.throws(
      () => compileChoices([], '/States/C/Choices'),
      (e: unknown) => e instanceof DefinitionError && e.message === "The field 'Choices' should be non-empty",
    );
  });
});

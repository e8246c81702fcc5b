import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DefinitionError } from './errors.js';
import {
  compileJsonataValue,
  expectType,
  isJsonataTemplate,
  JsonataEvaluationError,
  validateJsonataField,
  type JsonataBindings,
} from './jsonata.js';
import { javaSeededDouble } from './jsonata-functions.js';

let draws = 0;
const env = { uuid: () => `uuid-${++draws}`, random: () => 0.25 };

const bindings = (input: unknown, extra: Partial<JsonataBindings['states']> = {}, variables = {}): JsonataBindings => ({
  states: { input, context: { State: { Name: 'S', EnteredTime: '2024-11-06T09:42:03.123Z' } }, ...extra },
  variables,
});

const evaluate = (value: unknown, input: unknown = {}, variables: Record<string, unknown> = {}, field = 'Output') =>
  compileJsonataValue(value, field).evaluate(bindings(input, {}, variables), env);

/** Rejects with AWS's States.QueryEvaluationError and exactly this cause tail. */
async function assertQueryError(promise: Promise<unknown>, cause: string, location?: string) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof JsonataEvaluationError, String(e));
    assert.equal(e.error, 'States.QueryEvaluationError');
    assert.equal(e.cause, cause);
    if (location !== undefined) assert.equal(e.location, location);
    return true;
  });
}

describe('isJsonataTemplate', () => {
  const table: [unknown, boolean][] = [
    ['{% $states.input %}', true],
    ['{%$x%}', true],
    [' {% $x %}', false],
    ['{% $x %} ', false],
    ['{% $x', false],
    ['$.x', false],
    ['{%}', false],
    [42, false],
    [null, false],
  ];
  for (const [value, expected] of table) {
    it(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(isJsonataTemplate(value), expected));
  }
});

/** Single-state JSONata Pass machines recorded against AWS: `value` is the state's Output. */
const AWS_PASS_OUTPUT_CASES: { case: string; value: unknown; input: unknown; expected?: unknown; cause?: string }[] = [
  {"case":"test_undefined_reference[BASE_UNDEFINED_OUTPUT]","value":"{% $doesNotExist %}","input":{},"cause":"The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined)."},
  {"case":"test_undefined_reference[BASE_UNDEFINED_OUTPUT_FIELD]","value":{"result":"{% $doesNotExist %}"},"input":{},"cause":"The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)."},
  {"case":"test_base_jsonata_regular_expressions[BASE_SINGLE_QUOTE]","value":"{% $contains('hello$world', /^hello\\$/) %}","input":{},"expected":true},
  {"case":"test_merge_with_dynamic_args","value":"{% $merge([$states.input.part1, $states.input.part2]) %}","input":{"part1":{"hello":"world"},"part2":{"foo":"bar"}},"expected":{"hello":"world","foo":"bar"}},
  {"case":"exec_hist_resp_1","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0],"snd":2}},"expected":[[0]]},
  {"case":"exec_hist_resp_11","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2],"snd":2}},"expected":[[0,1],[2]]},
  {"case":"exec_hist_resp_12","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2],"snd":3}},"expected":[[0,1,2]]},
  {"case":"exec_hist_resp_13","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2],"snd":4}},"expected":[[0,1,2]]},
  {"case":"exec_hist_resp_14","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2],"snd":5}},"expected":[[0,1,2]]},
  {"case":"exec_hist_resp_15","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2,3],"snd":1}},"expected":[[0],[1],[2],[3]]},
  {"case":"exec_hist_resp_18","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2,3],"snd":4}},"expected":[[0,1,2,3]]},
  {"case":"exec_hist_resp_19","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1,2,3],"snd":5}},"expected":[[0,1,2,3]]},
  {"case":"exec_hist_resp_3","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0],"snd":4}},"expected":[[0]]},
  {"case":"exec_hist_resp_4","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0],"snd":5}},"expected":[[0]]},
  {"case":"exec_hist_resp_6","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1],"snd":2}},"expected":[[0,1]]},
  {"case":"exec_hist_resp_7","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1],"snd":3}},"expected":[[0,1]]},
  {"case":"exec_hist_resp_8","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1],"snd":4}},"expected":[[0,1]]},
  {"case":"exec_hist_resp_9","value":"{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}","input":{"FunctionInput":{"fst":[0,1],"snd":5}},"expected":[[0,1]]},
  {"case":"exec_hist_resp_0","value":"{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}","input":{"FunctionInput":{"fst":0,"snd":9,"trd":3}},"expected":[0,3,6,9]},
  {"case":"exec_hist_resp_2","value":"{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}","input":{"FunctionInput":{"fst":1,"snd":9,"trd":9}},"expected":1},
  {"case":"exec_hist_resp_3","value":"{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}","input":{"FunctionInput":{"fst":1,"snd":9,"trd":2}},"expected":[1,3,5,7,9]},
  {"case":"exec_hist_resp_0","value":"{% $parse($states.input.FunctionInput) %}","input":{"FunctionInput":"-0"},"expected":0},
  {"case":"exec_hist_resp_2","value":"{% $parse($states.input.FunctionInput) %}","input":{"FunctionInput":"1.1"},"expected":1.1},
  {"case":"exec_hist_resp_5","value":"{% $parse($states.input.FunctionInput) %}","input":{"FunctionInput":"[1, 2, \"HelloWorld\"]"},"expected":[1,2,"HelloWorld"]},
  {"case":"test_base_cases[BASE_EMPTY]","value":{},"input":{"input_value":"string literal","input_values":[1,2,3]},"expected":{}},
  {"case":"test_base_output_any_non_dict[BOOL]","value":true,"input":{"input_value":"stringliteral"},"expected":true},
  {"case":"test_base_output_any_non_dict[INT]","value":0,"input":{"input_value":"stringliteral"},"expected":0},
  {"case":"test_base_output_any_non_dict[NULL]","value":null,"input":{"input_value":"stringliteral"},"expected":null},
  // Fields of multi-state / other-state cases, evaluated in isolation.
  {"case":"test_output_to_state[JSONATA_OUTPUT_TO_JSONPATH]","value":{"foo":"foobar","bar":"{% $states.input %}"},"input":{"input_data":"test"},"expected":{"foo":"foobar","bar":{"input_data":"test"}}},
  {"case":"test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONATA_COMPARISON_OUTPUT]","value":"{% $states.input = '\"' %}","input":"\"","expected":true},
  {"case":"test_map_state_items_eval_jsonata[mixed]","value":"{% [1, 'two', 3] %}","input":{},"expected":[1,"two",3]},
  {"case":"test_map_state_items_eval_jsonata[singleton]","value":"{% [0] %}","input":{},"expected":[0]},
  {"case":"test_base_map[ITEMS]","value":[1,"{% $number(\"2\") %}",3],"input":{},"expected":[1,2,3]},
  {"case":"test_choice_unsorted_parameters_negative","value":"{% $not($states.input.result.done) %}","input":{"result":{"done":false}},"expected":true},
];

describe('AWS-recorded Pass state Output', () => {
  for (const c of AWS_PASS_OUTPUT_CASES) {
    it(`${c.case}: ${JSON.stringify(c.value)}`, async () => {
      if (c.cause !== undefined) await assertQueryError(evaluate(c.value, c.input), c.cause);
      else assert.deepEqual(await evaluate(c.value, c.input), c.expected);
    });
  }
});

describe('the field named in causes', () => {
  const table: [unknown, string, string][] = [
    [{ result: '{% $doesNotExist %}' }, 'Assign', 'Assign/result'],
    [{ FunctionName: '{% $doesNotExist %}', Payload: {} }, 'Arguments', 'Arguments/FunctionName'],
    [{ error: '{% $stateError %}' }, 'Output', 'Output/error'],
    [{ a: { b: [1, ['{% $nope %}']] } }, 'Output', 'Output/a/b[1][0]'],
  ];
  for (const [value, field, location] of table) {
    it(location, () => {
      const expr = JSON.stringify(value).match(/\{% (\S+) %\}/)![1];
      return assertQueryError(
        evaluate(value, {}, {}, field),
        `The JSONata expression '${expr}' specified for the field '${location}' returned nothing (undefined).`,
        location,
      );
    });
  }

  it('reports the first failing member in document order', () =>
    assertQueryError(
      evaluate({ a: '{% $first %}', b: '{% $second %}' }),
      "The JSONata expression '$first' specified for the field 'Output/a' returned nothing (undefined).",
    ));
});

describe('result types', () => {
  it('a function is an unsupported result type (AWS: Items "$fn := function($x){$x}")', () =>
    assertQueryError(
      evaluate('{% $fn := function($x){$x} %}', {}, {}, 'Items'),
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
      'Items',
    ));

  it('a function nested in an object is unsupported too', () =>
    assertQueryError(
      evaluate('{% {"f": function($x){$x}} %}'),
      `The JSONata expression '{"f": function($x){$x}}' specified for the field 'Output' returned an unsupported result type.`,
    ));

  // AWS: test_map_state_items_eval_jsonata_fail[*] and ..._variable_sampling_fail[*]
  const typeTable: [string, unknown, string][] = [
    ['true', true, "Expected 'array', but was 'boolean' for value: true"],
    ['null', null, "Expected 'array', but was 'null' for value: null"],
    ['1', 1, "Expected 'array', but was 'number' for value: 1"],
    ["{'foo': 'bar'}", { foo: 'bar' }, `Expected 'array', but was 'object' for value: {"foo":"bar"}`],
    ["'string'", 'string', `Expected 'array', but was 'string' for value: "string"`],
  ];
  for (const [expr, expected, tail] of typeTable) {
    it(`Items '${expr}' is not an array`, async () => {
      const compiled = compileJsonataValue(`{% ${expr} %}`, 'Items');
      const value = await compiled.evaluate(bindings({}), env);
      assert.deepEqual(value, expected);
      assert.throws(
        () => expectType(value, 'array', compiled.expression!, compiled.field),
        (e: unknown) =>
          e instanceof JsonataEvaluationError &&
          e.location === 'Items' &&
          e.cause === `The JSONata expression '${expr}' specified for the field 'Items' returned an unexpected result type. ${tail}`,
      );
    });
  }

  it('expectType passes matching values through', () => {
    assert.deepEqual(expectType([1], 'array', 'x', 'Items'), [1]);
    assert.equal(expectType(3, 'integer', 'x', 'TimeoutSeconds'), 3);
    assert.throws(() => expectType(1.5, 'integer', 'x', 'TimeoutSeconds'), /Expected 'integer', but was 'number' for value: 1.5/);
  });
});

describe('evaluation errors', () => {
  const table: [string, string][] = [
    ['$sum("a")', 'T0412: Argument 1 of function "sum" must be an array of "numbers"'],
    ['1 + "a"', 'T2002: The right side of the "+" operator must evaluate to a number'],
    ['$abs("x")', 'T0410: Argument 1 of function "abs" does not match function signature'],
    ['$noSuchFunction()', 'T1006: Attempted to invoke a non-function'],
    ['$eval("1 + 1")', 'T1006: Attempted to invoke a non-function'],
    ['$error("boom")', 'D3137: boom'],
  ];
  for (const [expr, tail] of table) {
    it(expr, () =>
      assertQueryError(
        evaluate(`{% ${expr} %}`),
        `The JSONata expression '${expr}' specified for the field 'Output' threw an error during evaluation. ${tail}`,
      ));
  }
});

describe('AWS functions', () => {
  it('$partition splits into chunks, the last holding the rest', async () => {
    assert.deepEqual(await evaluate('{% $partition([1,2,3,4,5,6,7,8,9], 3) %}'), [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    assert.deepEqual(await evaluate('{% $partition([1,2,3], 2) %}'), [[1, 2], [3]]);
  });

  it('$range counts by step in either direction; one item is the item itself', async () => {
    assert.deepEqual(await evaluate('{% $range(0, 10, 2) %}'), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(await evaluate('{% $range(3, 0, -1) %}'), [3, 2, 1, 0]);
    assert.equal(await evaluate('{% $range(1, 9, 9) %}'), 1);
  });

  it('$hash supports the five AWS algorithms', async () => {
    const table: [string, string][] = [
      ['MD5', '5d41402abc4b2a76b9719d911017c592'],
      ['SHA-1', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
      ['SHA-256', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ];
    for (const [algorithm, digest] of table) assert.equal(await evaluate(`{% $hash('hello', '${algorithm}') %}`), digest);
    assert.equal(((await evaluate("{% $hash('hello', 'SHA-384') %}")) as string).length, 96);
    assert.equal(((await evaluate("{% $hash('hello', 'SHA-512') %}")) as string).length, 128);
    await assertQueryError(
      evaluate("{% $hash('hello', 'SHA-3') %}"),
      "The JSONata expression '$hash('hello', 'SHA-3')' specified for the field 'Output' threw an error during evaluation. " +
        "D3137: Hash algorithm 'SHA-3' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5",
    );
  });

  it("$random(seed) is Java's seeded generator; $random() draws from env", async () => {
    assert.equal(javaSeededDouble(42), 0.7275636800328681);
    assert.equal(javaSeededDouble(0), 0.730967787376657);
    assert.equal(await evaluate('{% $random(42) %}'), 0.7275636800328681);
    assert.equal(await evaluate('{% $random() %}'), 0.25);
  });

  it('$uuid draws from env, in document order', async () => {
    draws = 0;
    assert.deepEqual(await evaluate({ a: '{% $uuid() %}', b: ['{% $uuid() %}'] }), { a: 'uuid-1', b: ['uuid-2'] });
  });

  it('$parse reads JSON text and rejects anything else', async () => {
    assert.deepEqual(await evaluate(`{% $parse('{"a": [1, null]}') %}`), { a: [1, null] });
    await assertQueryError(
      evaluate("{% $parse('{bad') %}"),
      "The JSONata expression '$parse('{bad')' specified for the field 'Output' threw an error during evaluation. D3137: Invalid JSON",
    );
  });

  it('$now and $millis report the state entered time, so evaluation replays', async () => {
    assert.equal(await evaluate('{% $now() %}'), '2024-11-06T09:42:03.123Z');
    assert.equal(await evaluate('{% $millis() %}'), Date.parse('2024-11-06T09:42:03.123Z'));
    assert.equal(await evaluate("{% $now('[Y0001]-[M01]') %}"), '2024-11');
  });
});

describe('bindings', () => {
  it('binds $states (input, context, result, errorOutput) and omits what is absent', async () => {
    const states = { input: { a: 1 }, context: { State: { Name: 'S' } }, result: [1, 1, 1] };
    const out = await compileJsonataValue('{% $states %}', 'Output').evaluate({ states, variables: {} }, env);
    assert.deepEqual(out, states);
    const catcher = compileJsonataValue('{% $states.errorOutput.Error %}', 'Catch[0]/Output');
    const errorOutput = { Error: 'States.TaskFailed', Cause: 'boom' };
    assert.equal(await catcher.evaluate({ states: { input: {}, context: {}, errorOutput }, variables: {} }, env), 'States.TaskFailed');
  });

  it('binds every workflow variable by name, by reference', async () => {
    const big = { items: [{ n: 1 }, { n: 2 }] };
    assert.equal(await evaluate('{% $big %}', {}, { big }), big);
    assert.deepEqual(await evaluate('{% $big.items.n %}', {}, { big }), [1, 2]);
    assert.equal(await evaluate('{% $nullVar %}', {}, { nullVar: null }), null);
  });

  it('evaluates AWS test_state MAP_TASK_STATE Output against $states.result', async () => {
    const output = {
      result: "{% $map($states.result, function($v) { $v = 1 ? 'pass' : 'failed' }) %}",
      successCount: '{% $count($states.result[$ = 1]) %}',
      failedCount: '{% $count($states.result[$ = 0]) %}',
    };
    const out = await compileJsonataValue(output, 'Output').evaluate(bindings({}, { result: [1, 1, 1] }), env);
    assert.deepEqual(out, { result: ['pass', 'pass', 'pass'], successCount: 3, failedCount: 0 });
  });
});

describe('results are plain JSON', () => {
  it('strips sequence marks and null prototypes', async () => {
    const out = await evaluate('{% {"names": $states.input.items.name} %}', { items: [{ name: 'a' }, { name: 'b' }] });
    assert.deepStrictEqual(out, { names: ['a', 'b'] });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepStrictEqual(Object.keys((out as { names: string[] }).names), ['0', '1']);
  });

  it('a single-item sequence is the item (JSONata semantics); [..] keeps the array', async () => {
    assert.equal(await evaluate('{% $states.input.items.name %}', { items: [{ name: 'a' }] }), 'a');
    assert.deepStrictEqual(await evaluate('{% [$states.input.items.name] %}', { items: [{ name: 'a' }] }), ['a']);
  });

  it('writes non-finite numbers by name and -0 as 0', async () => {
    assert.equal(await evaluate('{% 1/0 %}'), 'Infinity');
    assert.equal(await evaluate('{% -1/0 %}'), '-Infinity');
    assert.ok(Object.is(await evaluate('{% -0 %}'), 0));
  });

  it('drops members that evaluated to nothing inside a JSONata object', async () => {
    assert.deepStrictEqual(await evaluate('{% {"a": 1, "b": $nothing} %}'), { a: 1 });
  });
});

describe('constants', () => {
  it('a value with no template is constant and returned as is', async () => {
    const value = { a: 1, b: ['$.x', '{%not a template'], c: null };
    const compiled = compileJsonataValue(value, 'Output');
    assert.equal(compiled.isConstant, true);
    assert.equal(compiled.expression, undefined);
    assert.equal(await compiled.evaluate(bindings({}), env), value);
  });

  it('constant members of a dynamic value are kept', async () => {
    const compiled = compileJsonataValue({ lit: 'x', n: [1, 2], dyn: '{% 1 + 1 %}' }, 'Arguments');
    assert.equal(compiled.isConstant, false);
    assert.deepEqual(await compiled.evaluate(bindings({}), env), { lit: 'x', n: [1, 2], dyn: 2 });
  });

  it('exposes the expression text of a single template', () => {
    assert.equal(compileJsonataValue('{%   $states.input.items   %}', 'Items').expression, '$states.input.items');
  });
});

describe('definition errors', () => {
  const diagnostics = (value: unknown) =>
    validateJsonataField(value, '/States/E/Output').map((e) => [e.code, e.message, e.location]);

  it('a syntax error is INVALID_JSONATA_EXPRESSION with the parser message', () => {
    assert.deepEqual(diagnostics({ v: '{% phone[1,2) %}' }), [
      ['INVALID_JSONATA_EXPRESSION', 'Expected "]", got ","', '/States/E/Output/v'],
    ]);
    const table: [string, string][] = [
      ["'unterminated", 'String literal must be terminated by a matching quote'],
      ['1 +', 'Unexpected end of expression'],
      ['$x :=', 'Unexpected end of expression'],
      ['{"a":}', 'The symbol "}" cannot be used as a unary operator'],
      ['$match("a", /abc', 'No terminating / in regular expression'],
    ];
    for (const [expr, message] of table) {
      assert.deepEqual(diagnostics(`{% ${expr} %}`), [['INVALID_JSONATA_EXPRESSION', message, '/States/E/Output']]);
    }
  });

  it('a top-level reference is UNSUPPORTED_JSONATA_EXPRESSION, one per distinct name', () => {
    assert.deepEqual(diagnostics({ a: { b: ['{% phone %}'] } }), [
      ['UNSUPPORTED_JSONATA_EXPRESSION', "Reference to 'phone' at the top level is not supported.", '/States/E/Output/a/b[0]'],
    ]);
    assert.deepEqual(
      diagnostics('{% aaa + bbb + aaa %}').map((d) => d[1]),
      ["Reference to 'aaa' at the top level is not supported.", "Reference to 'bbb' at the top level is not supported."],
    );
    assert.deepEqual(diagnostics('{% $.phone %}').map((d) => d[1]), ["Reference to '$' at the top level is not supported."]);
    assert.deepEqual(diagnostics('{% $map($states.input.a, function($x){ b }) %}').map((d) => d[1]), [
      "Reference to 'b' at the top level is not supported.",
    ]);
  });

  it('names reached through $states, a variable, a predicate or a lambda parameter are accepted', () => {
    for (const expr of [
      '$states.input.phone',
      '$states.input.items[phone > 3]',
      '$map($states.input.a, function($x){ $x.phone })',
      '$phone',
      '($v := $states.input; $v.phone)',
      "{'key': $states.input.x}",
    ]) {
      assert.deepEqual(diagnostics(`{% ${expr} %}`), [], expr);
    }
  });

  it('compileJsonataValue throws the first one as a DefinitionError at the given location', () => {
    assert.throws(
      () => compileJsonataValue({ ok: '{% 1 %}', bad: '{% 1 + %}' }, 'Output', '/States/E/Output'),
      (e: unknown) =>
        e instanceof DefinitionError &&
        e.code === 'INVALID_JSONATA_EXPRESSION' &&
        e.message === 'Unexpected end of expression' &&
        e.location === '/States/E/Output/bad',
    );
  });
});

/**
 * Bad requests to every Step Functions action, derived from AWS's API model, sent as raw HTTP to
 * a real server (and a few through the SDK): each must get a 4xx AWS JSON error of the type AWS
 * gives that mistake, the server must log no fault of its own, and, once all have been sent,
 * the server must hold exactly what it held before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListStateMachinesCommand, StartExecutionCommand, TagResourceCommand } from '@aws-sdk/client-sfn';
import { awsError, raw } from '../helpers.js';
import { SFN_OPERATIONS } from './aws-models.js';
import { FIXTURES, fuzzServer, inParallel, passDefinition, ROLE } from './harness.js';
import type { Operation } from './model.js';
import { valueAt, variants, withValue, type Kind } from './mutate.js';
import { random } from './random.js';
import { awsJsonRefusal, Findings, NOT_FOUND } from './refusal.js';
import { READ_ONLY, SFN_SEEDS } from './sfn-seeds.js';

const server = await fuzzServer();
const before = await server.snapshot();
const WIDTH = 8;

const operation = (name: string): Operation => SFN_OPERATIONS.find((o) => o.name === name)!;
const seeds = (op: Operation): readonly Record<string, unknown>[] => SFN_SEEDS[op.name] ?? [];

/** The one error type each kind of mistake gets from AWS's front end, before the service looks at the request. */
const EXPECTED: Record<Kind, readonly string[]> = {
  'wrong-type': ['SerializationException'],
  missing: ['ValidationException'],
  constraint: ['ValidationException'],
};
/** AWS's limit on a request: a member whose bound is past it makes the whole request too large first. */
const MAX_REQUEST_BYTES = 1024 * 1024;

test('every action has a seed request for its variants', () => {
  assert.deepEqual(SFN_OPERATIONS.filter((op) => seeds(op).length === 0).map((op) => op.name), []);
});

async function sendVariants(kind: Kind): Promise<Findings> {
  const findings = new Findings();
  const jobs = SFN_OPERATIONS.flatMap((op) => seeds(op).flatMap((seed) => variants(op.input, seed).filter((v) => v.kind === kind).map((v) => ({ op, v }))));
  await inParallel(jobs, WIDTH, async ({ op, v }) => {
    const body = JSON.stringify(v.request);
    const allowed = Buffer.byteLength(body) > MAX_REQUEST_BYTES ? ['RequestEntityTooLargeException'] : EXPECTED[kind];
    findings.expect(`${op.name} with ${v.label}`, awsJsonRefusal(await server.call(op.name, v.request)), allowed, op);
  });
  return findings;
}

test('a member of the wrong JSON type, in every action and at every depth, is SerializationException', async () => {
  const findings = await sendVariants('wrong-type');
  assert.deepEqual(findings.report(), []);
  assert.ok(findings.checked > 500, `only ${findings.checked} variants`);
});

test('a required member left out or null is ValidationException', async () => {
  const findings = await sendVariants('missing');
  assert.deepEqual(findings.report(), []);
});

test('every length, range, size, enum and pattern in the model, broken, is ValidationException (or 413 past 1 MB)', async () => {
  const findings = await sendVariants('constraint');
  assert.deepEqual(findings.report(), []);
});

const STATES = 'arn:aws:states:us-east-1:123456789012';

/** ARNs malformed in every way AWS tells apart: syntax, service, account, resource type, missing parts, length. */
function malformedArns(): string[] {
  return [
    'not-an-arn',
    '',
    'arn:',
    ':::::::',
    STATES,
    'arn:aws:states:::stateMachine:fuzz-machine',
    'arn:aws:states:us-east-1:12345:stateMachine:fuzz-machine',
    'arn:aws:lambda:us-east-1:123456789012:function:fuzz-fn',
    `${STATES}:stateMachine:`,
    `${STATES}:execution:fuzz-machine`,
    `${STATES}:${'stateMachine:x:'.repeat(30)}`,
    `${STATES}:stateMachine:${'a'.repeat(2100)}`,
  ];
}

/**
 * Well-formed ARNs that name nothing the member can name: of its resource type but elsewhere or
 * by a name no resource can have, or of another resource type.
 */
const ABSENT: Readonly<Record<string, readonly string[]>> = {
  stateMachine: [FIXTURES.activity, FIXTURES.execution, 'arn:aws:states:eu-west-1:123456789012:stateMachine:fuzz-machine', `${STATES}:stateMachine:fuzz machine`, `${STATES}:stateMachine:fuzz\u0000machine`, `${STATES}:stateMachine:ｆｕｚｚ`],
  version: [`${STATES}:stateMachine:fuzz-machine:99`, `${STATES}:stateMachine:nope:1`],
  alias: [`${STATES}:stateMachine:fuzz-machine:nope`, `${STATES}:stateMachine:fuzz-machine:li ve`],
  execution: [FIXTURES.activity, `${STATES}:execution:fuzz-machine:nope`, `${STATES}:execution:nope:fuzz-run`, 'arn:aws:states:eu-west-1:123456789012:execution:fuzz-machine:fuzz-run'],
  activity: [FIXTURES.machine, `${STATES}:activity:nope`, `${STATES}:activity:fuzz\u0085activity`],
  mapRun: [`${STATES}:mapRun:fuzz-machine/fuzz-run:00000000-0000-0000-0000-000000000000`, `${STATES}:mapRun:nope/nope:x`],
  taggable: [FIXTURES.execution, FIXTURES.version1, FIXTURES.alias, `${STATES}:activity:nope`, 'arn:aws:states:eu-west-1:123456789012:stateMachine:fuzz-machine'],
};
const RESOURCE_OF: Readonly<Record<string, string>> = {
  stateMachineArn: 'stateMachine',
  resourceArn: 'taggable',
  stateMachineVersionArn: 'version',
  stateMachineAliasArn: 'alias',
  executionArn: 'execution',
  activityArn: 'activity',
  mapRunArn: 'mapRun',
};

const ARN_MEMBERS = /Arn$/;

test('malformed ARNs, in every action and member, are InvalidArn or ValidationException', async () => {
  const findings = new Findings();
  const jobs = SFN_OPERATIONS.flatMap((op) =>
    seeds(op).flatMap((seed) =>
      Object.keys(seed)
        .filter((m) => ARN_MEMBERS.test(m))
        .flatMap((member) => malformedArns().map((arn) => ({ op, what: `${op.name} with ${member} ${JSON.stringify(arn).slice(0, 80)}`, request: { ...seed, [member]: arn } }))),
    ),
  );
  // Nested ARNs: an alias's routing, and a log destination.
  for (const [action, path] of [
    ['CreateStateMachineAlias', ['routingConfiguration', 0, 'stateMachineVersionArn']],
    ['UpdateStateMachineAlias', ['routingConfiguration', 0, 'stateMachineVersionArn']],
    ['CreateStateMachine', ['loggingConfiguration', 'destinations', 0, 'cloudWatchLogsLogGroup', 'logGroupArn']],
  ] as const) {
    const op = operation(action);
    for (const arn of malformedArns()) jobs.push({ op, what: `${action} with ${path.join('.')} ${JSON.stringify(arn).slice(0, 80)}`, request: withValue(seeds(op)[0], path, arn) });
  }
  await inParallel(jobs, WIDTH, async ({ op, what, request }) => {
    const allowed = [
      'InvalidArn',
      'ValidationException',
      ...(request.loggingConfiguration ? ['InvalidLoggingConfiguration'] : []),
      // Tag actions take an execution's ARN and answer that it has no tags to find, however it is spelled.
      ...('resourceArn' in request ? ['ResourceNotFound'] : []),
    ];
    findings.expect(what, awsJsonRefusal(await server.call(op.name, request)), allowed, op);
  });
  assert.deepEqual(findings.report(), []);
});

test('well-formed ARNs that name nothing are the resource\'s absence (deleting what is not there is done)', async () => {
  const findings = new Findings();
  const jobs = SFN_OPERATIONS.flatMap((op) =>
    seeds(op).flatMap((seed) =>
      Object.keys(seed)
        .filter((m) => RESOURCE_OF[m])
        .flatMap((member) => ABSENT[RESOURCE_OF[member]].map((arn) => ({ op, member, arn, request: { ...seed, [member]: arn } }))),
    ),
  );
  await inParallel(jobs, WIDTH, async ({ op, member, arn, request }) => {
    const r = await server.call(op.name, request);
    if (r.status === 200 && op.name.startsWith('Delete')) return void findings.checked++;
    const what = `${op.name} with ${member} ${JSON.stringify(arn)}`;
    const refusal = findings.expect(what, awsJsonRefusal(r), undefined, op);
    if (refusal && !NOT_FOUND.test(refusal.type) && !['InvalidArn', 'ValidationException'].includes(refusal.type)) {
      findings.problems.push(`${what}: ${refusal.type} (${refusal.message.slice(0, 200)}), expected the resource's absence`);
    }
  });
  assert.deepEqual(findings.report(), []);
});

/** Characters AWS refuses in a name: whitespace, brackets, wildcards, its special characters, and C0/C1 control characters. */
const BAD_NAMES = [
  'with space', 'tab\there', 'new\nline', 'nul\u0000', 'del\u007f', 'c1\u0085', 'c1\u009f', 'no-break\u00a0space', 'ideographic\u3000space',
  '<x>', '{x}', '[x]', 'wild?', 'wild*', 'quote"', 'hash#', 'pct%', 'back\\slash', 'caret^', 'pipe|', 'tilde~', 'tick`', 'dollar$', 'amp&', 'comma,',
  'semi;', 'colon:', 'slash/', ' ', '\u2003em',
];

test('names with whitespace, control characters or AWS\'s forbidden characters are InvalidName', async () => {
  const findings = new Findings();
  for (const action of ['CreateStateMachine', 'CreateActivity', 'StartExecution', 'StartSyncExecution', 'CreateStateMachineAlias']) {
    const op = operation(action);
    // An alias name has a pattern in the model, which the front end applies first.
    const allowed = action === 'CreateStateMachineAlias' ? ['ValidationException'] : ['InvalidName'];
    await inParallel(BAD_NAMES, WIDTH, async (name) => {
      findings.expect(`${action} named ${JSON.stringify(name)}`, awsJsonRefusal(await server.call(action, { ...seeds(op)[0], name })), allowed, op);
    });
  }
  assert.deepEqual(findings.report(), []);
});

test('members the model does not name are ignored, even __proto__ and constructor', async () => {
  const findings = new Findings();
  const unknown = '"zzUnknown": {"deep": [1, {"x": null}]}, "__proto__": {"polluted": true}, "constructor": "x", "toString": 5';
  for (const op of SFN_OPERATIONS) {
    for (const seed of seeds(op)) {
      const body = JSON.stringify(seed);
      const withUnknown = `{${unknown}${body === '{}' ? '' : `, ${body.slice(1, -1)}`}}`;
      if (READ_ONLY.has(op.name)) {
        // The same answer as without them.
        const plain = await server.call(op.name, seed);
        const extra = await raw(server.url, { target: `AWSStepFunctions.${op.name}`, body: withUnknown });
        const type = (r: typeof plain) => (r.status === 200 ? 'ok' : (r.json as { __type?: string })?.__type);
        findings.checked++;
        if (plain.status !== extra.status || type(plain) !== type(extra)) findings.problems.push(`${op.name}: ${plain.status} ${type(plain)} plain, ${extra.status} ${type(extra)} with unknown members`);
      }
      // A request that is wrong besides is refused for what is wrong.
      const required = op.input.required?.[0];
      if (required) {
        const broken = JSON.stringify(withValue(seed, [required], undefined));
        const body2 = `{${unknown}${broken === '{}' ? '' : `, ${broken.slice(1, -1)}`}}`;
        findings.expect(`${op.name} without ${required}, with unknown members`, awsJsonRefusal(await raw(server.url, { target: `AWSStepFunctions.${op.name}`, body: body2 })), ['ValidationException'], op);
      }
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(findings.report(), []);
});

test('JSON text nested past Jackson\'s 1000 levels, in definitions, inputs, outputs and TestState\'s documents, is refused, not a stack overflow', async () => {
  const findings = new Findings();
  const deep = (n: number): string => `${'{"a":['.repeat(n / 2)}1${']}'.repeat(n / 2)}`;
  const task = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f' }, QueryLanguage: 'JSONata', End: true });
  for (const n of [1002, 20_000, 100_000]) {
    const cases: [string, Record<string, unknown>, readonly string[]][] = [
      ['CreateStateMachine', { name: 'fuzz-deep', definition: deep(n), roleArn: ROLE }, ['InvalidDefinition']],
      ['UpdateStateMachine', { stateMachineArn: FIXTURES.machine, definition: deep(n) }, ['InvalidDefinition']],
      ['StartExecution', { stateMachineArn: FIXTURES.machine, input: deep(n) }, ['InvalidExecutionInput', 'ValidationException']],
      ['StartSyncExecution', { stateMachineArn: FIXTURES.express, input: deep(n) }, ['InvalidExecutionInput', 'ValidationException']],
      ['SendTaskSuccess', { taskToken: server.taskToken, output: deep(n) }, ['InvalidOutput', 'ValidationException']],
      ['TestState', { definition: deep(n) }, ['InvalidDefinition']],
      ['TestState', { definition: passDefinition(), stateName: 'A', input: deep(n) }, ['InvalidExecutionInput', 'ValidationException']],
      ['TestState', { definition: task, context: deep(n), mock: { result: '{}' } }, ['InvalidExecutionInput', 'ValidationException']],
      ['TestState', { definition: passDefinition(), stateName: 'A', variables: deep(n) }, ['ValidationException']],
      ['TestState', { definition: task, mock: { result: deep(n) } }, ['ValidationException']],
    ];
    for (const [action, request, allowed] of cases) {
      const what = `${action} with ${Object.keys(request).find((k) => JSON.stringify(request[k]).length > 1000) ?? 'mock.result'} nested ${n} deep`;
      findings.expect(what, awsJsonRefusal(await server.call(action, request)), allowed, operation(action));
    }
  }
  // The ValidateStateMachineDefinition action answers with diagnostics, not an error.
  const validated = (await server.call('ValidateStateMachineDefinition', { definition: deep(100_000) })).json as { result: string; diagnostics: { code: string }[] };
  assert.deepEqual([validated.result, validated.diagnostics[0].code], ['FAIL', 'INVALID_JSON_DESCRIPTION']);
  assert.deepEqual(findings.report(), []);
});

const CONTENT_TYPES = ['application/x-amz-json-1.0', 'application/json', 'text/plain', 'application/octet-stream', ''];

test('bodies that are not one JSON object are SerializationException, whatever the Content-Type', async () => {
  const findings = new Findings();
  const rnd = random();
  const jobs = SFN_OPERATIONS.flatMap((op) => {
    const text = JSON.stringify(seeds(op)[0]);
    const cuts = Array.from({ length: 4 }, () => 1 + rnd.int(text.length - 1)).map((at) => text.slice(0, at));
    const bodies = [
      ...cuts,
      '[]', '["a"]', '"text"', '42', 'true', '{', '}', '{"a":}', '{"a" 1}', "{'a': 1}", '{"a": NaN}', '{"a": 1,}', `${text} trailing`,
      `${text}${text}`, '{"a": "\\x"}', '{"a": 01}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `{"${op.input.required?.[0] ?? 'maxResults'}": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    ];
    return bodies.map((body, i) => ({ op, body, contentType: CONTENT_TYPES[i % CONTENT_TYPES.length] }));
  });
  await inParallel(jobs, WIDTH, async ({ op, body, contentType }) => {
    const r = await raw(server.url, { target: `AWSStepFunctions.${op.name}`, body, headers: { 'Content-Type': contentType } });
    findings.expect(`${op.name} with body ${JSON.stringify(body.slice(0, 60))} as ${contentType || 'no content type'}`, awsJsonRefusal(r), ['SerializationException'], op);
  });
  assert.deepEqual(findings.report(), []);
});

test('a request over 1 MB is RequestEntityTooLargeException (413) for every action', async () => {
  const findings = new Findings();
  const pad = 'x'.repeat(MAX_REQUEST_BYTES);
  await inParallel(SFN_OPERATIONS, 4, async (op) => {
    const r = await server.call(op.name, { ...seeds(op)[0], zzPadding: pad });
    const refusal = findings.expect(`${op.name} with 1 MB of padding`, awsJsonRefusal(r), ['RequestEntityTooLargeException'], op);
    if (refusal && refusal.status !== 413) findings.problems.push(`${op.name}: status ${refusal.status} for an oversized request`);
  });
  assert.deepEqual(findings.report(), []);
});

test('targets that name no action, and other methods and paths, get AWS-shaped 4xx answers', async () => {
  const findings = new Findings();
  const targets = [
    'AWSStepFunctions.constructor', 'AWSStepFunctions.__proto__', 'AWSStepFunctions.toString', 'AWSStepFunctions.valueOf',
    'AWSStepFunctions.hasOwnProperty', 'AWSStepFunctions.isPrototypeOf', 'AWSStepFunctions.', 'AWSStepFunctions', '',
    'AWSStepFunctions.createStateMachine', 'AWSStepFunctions. ListStateMachines', 'AWSStepFunctions.ListStateMachines.Extra',
    'AWSStepFunctionsListStateMachines', 'AmazonStates.ListStateMachines', 'AWSStepFunctions.List\tStateMachines', `AWSStepFunctions.${'A'.repeat(5000)}`,
  ];
  for (const target of targets) {
    findings.expect(`target ${JSON.stringify(target.slice(0, 60))}`, awsJsonRefusal(await raw(server.url, { target, body: '{}' })), ['UnknownOperationException']);
  }
  // GET / is the console's page; the console's own API answers in its own JSON.
  for (const [method, path, body] of [
    ['PUT', '/', '{}'], ['DELETE', '/', undefined], ['PATCH', '/', '{}'], ['POST', '/x', '{}'], ['POST', '//', '{}'], ['POST', '//x/', '{}'],
    ['POST', `/${'a'.repeat(4000)}`, '{}'], ['OPTIONS', '/', undefined],
  ] as const) {
    const r = await raw(server.url, { method, path, target: 'AWSStepFunctions.ListStateMachines', ...(body !== undefined && { body }) });
    findings.expect(`${method} ${path.slice(0, 40)}`, awsJsonRefusal(r), undefined);
  }
  assert.deepEqual(findings.report(), []);
});

test('random pairs of mistakes, and random corruption of read-only requests, never get a 5xx or a foreign error', async () => {
  const findings = new Findings();
  const rnd = random();
  const all = SFN_OPERATIONS.flatMap((op) => seeds(op).map((seed) => ({ op, seed, variants: variants(op.input, seed) })));
  const jobs: { op: Operation; body: string; allowed?: readonly string[]; what: string }[] = [];
  // A pair whose mistakes overlap is drawn again, up to a bound.
  for (let draws = 0; jobs.length < 500 && draws < 5000; draws++) {
    const { op, seed, variants: vs } = rnd.pick(all);
    if (READ_ONLY.has(op.name) && rnd.next() < 0.5) {
      // Bytes flipped, dropped or doubled: whatever it becomes, the answer is one AWS gives this action.
      const text = [...JSON.stringify(seed)];
      for (let n = 1 + rnd.int(3); n > 0; n--) {
        const at = rnd.int(text.length);
        const edit = rnd.int(3);
        if (edit === 0) text.splice(at, 1);
        else if (edit === 1) text.splice(at, 0, rnd.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'é', '\ud800', ' ', '1', 'null']));
        else text.splice(at, 0, ...text.slice(at, at + 1 + rnd.int(8)));
      }
      jobs.push({ op, body: text.join(''), what: `${op.name} corrupted to ${JSON.stringify(text.join('').slice(0, 80))}` });
      continue;
    }
    const a = rnd.pick(vs);
    const b = rnd.pick(vs);
    if (a.path.join('.') === b.path.join('.') || a.path.join('.').startsWith(b.path.join('.')) || b.path.join('.').startsWith(a.path.join('.'))) continue;
    let request: Record<string, unknown>;
    try {
      request = withValue(a.request, b.path, valueAt(b.request, b.path));
    } catch {
      continue;
    }
    // Types are checked before constraints; either mistake may be the one reported when both are of a kind.
    const kinds = [a.kind, b.kind];
    const allowed = kinds.includes('wrong-type') ? EXPECTED['wrong-type'] : [...new Set(kinds.flatMap((k) => EXPECTED[k]))];
    const body = JSON.stringify(request);
    jobs.push({ op, body, allowed: Buffer.byteLength(body) > MAX_REQUEST_BYTES ? ['RequestEntityTooLargeException'] : allowed, what: `${op.name} with ${a.label} and ${b.label}` });
  }
  await inParallel(jobs, WIDTH, async ({ op, body, allowed, what }) => {
    const r = await raw(server.url, { target: `AWSStepFunctions.${op.name}`, body });
    if (r.status === 200 && allowed === undefined) return void findings.checked++;
    findings.expect(what, awsJsonRefusal(r), allowed, op);
  });
  assert.equal(jobs.length, 500);
  assert.deepEqual(findings.report(), []);
});

test('through the SDK, bad requests get the same errors, with their HTTP statuses', async () => {
  const cases: [Promise<unknown>, string][] = [
    [server.sfn.send(new CreateStateMachineCommand({ name: 'bad name', definition: passDefinition(), roleArn: ROLE })), 'InvalidName'],
    [server.sfn.send(new CreateStateMachineCommand({ name: 'x'.repeat(81), definition: passDefinition(), roleArn: ROLE })), 'ValidationException'],
    [server.sfn.send(new CreateStateMachineCommand({ name: 'bad-definition', definition: '{"StartAt":', roleArn: ROLE })), 'InvalidDefinition'],
    [server.sfn.send(new StartExecutionCommand({ stateMachineArn: FIXTURES.machine, input: JSON.stringify({ a: 'x'.repeat(262_144) }) })), 'ValidationException'],
    [server.sfn.send(new StartExecutionCommand({ stateMachineArn: FIXTURES.machine, input: '{"a":' })), 'InvalidExecutionInput'],
    [server.sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:fuzz-machine' })), 'InvalidArn'],
    [server.sfn.send(new ListStateMachinesCommand({ maxResults: 5000 })), 'ValidationException'],
    [server.sfn.send(new TagResourceCommand({ resourceArn: FIXTURES.machine, tags: [{ key: '', value: 'v' }] })), 'ValidationException'],
  ];
  for (const [call, name] of cases) {
    const e = await awsError(call);
    assert.equal(e.name, name, e.message);
    assert.equal(e.status, 400);
  }
});

test('after every bad request, the server is healthy, logged no fault of its own, and holds what it held before', async () => {
  const health = await raw(server.url, { method: 'GET', path: '/health' });
  assert.equal(health.status, 200);
  assert.deepEqual(server.faults, []);
  assert.deepEqual(await server.snapshot(), before);
});

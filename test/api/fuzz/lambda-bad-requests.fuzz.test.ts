/**
 * Bad requests to every Lambda REST route Stepwise serves, derived from AWS's API model, sent as
 * raw HTTP to a real server (and a few through the SDK): each must get a 4xx Lambda error
 * (`X-Amzn-ErrorType`, `{"Type": "User", "message"}`) of the type Lambda gives that mistake, the
 * server must log no fault of its own, and afterwards it must hold exactly what it held before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaServiceException, PutFunctionConcurrencyCommand, UpdateAliasCommand, type Runtime } from '@aws-sdk/client-lambda';
import { raw } from '../helpers.js';
import { LAMBDA_OPERATIONS, LAMBDA_OTHER_ROUTES } from './aws-models.js';
import { FIXTURES, FUNCTION_ZIP, fuzzServer, inParallel, LAMBDA_ROLE } from './harness.js';
import { httpRequest, LAMBDA_READ_ONLY, LAMBDA_SEEDS, type HttpRequest } from './lambda-seeds.js';
import type { Operation } from './model.js';
import { valueAt, variants, withValue, type Kind } from './mutate.js';
import { random } from './random.js';
import { Findings, LAMBDA_COMMON, lambdaRefusal } from './refusal.js';

const server = await fuzzServer();
const before = await server.snapshot();
const WIDTH = 8;

const send = (r: HttpRequest) => raw(server.url, { method: r.method, path: r.path, headers: r.headers, ...(r.body !== undefined && { body: r.body }) });
const refusal = async (r: HttpRequest) => lambdaRefusal(await send(r));
const check = (findings: Findings, what: string, answer: Awaited<ReturnType<typeof refusal>>, allowed: readonly string[] | undefined, op?: Operation) =>
  findings.expect(what, answer, allowed, op, LAMBDA_COMMON);

/** Lambda's answers to each kind of mistake: the model's checks are ValidationException, its own rules InvalidParameterValueException. */
const EXPECTED: Record<Kind, readonly string[]> = {
  'wrong-type': ['InvalidRequestContentException'],
  missing: ['ValidationException', 'InvalidParameterValueException'],
  constraint: ['ValidationException', 'InvalidParameterValueException'],
};

test('every route Stepwise serves has a seed request for its variants', () => {
  assert.deepEqual(LAMBDA_OPERATIONS.filter((op) => !LAMBDA_SEEDS[op.name]).map((op) => op.name), []);
});

/** An empty path label cannot be sent: the path names another route (`/functions//aliases`) or another action (`/functions/`). */
const sendable = (op: Operation, members: Record<string, unknown>): boolean =>
  Object.entries(op.input.members ?? {}).every(([name, m]) => m.location !== 'uri' || members[name] !== '');

const variantsOf = (op: Operation) => variants(op.input, LAMBDA_SEEDS[op.name]).filter((v) => sendable(op, v.request));

async function sendVariants(kind: Kind): Promise<Findings> {
  const findings = new Findings();
  const jobs = LAMBDA_OPERATIONS.flatMap((op) => variantsOf(op).filter((v) => v.kind === kind).map((v) => ({ op, v })));
  await inParallel(jobs, WIDTH, async ({ op, v }) => {
    const request = httpRequest(op, v.request);
    check(findings, `${op.name} with ${v.label}`, await refusal(request), EXPECTED[kind], op);
  });
  return findings;
}

test('a body member of the wrong JSON type, in every route and at every depth, is InvalidRequestContentException', async () => {
  const findings = await sendVariants('wrong-type');
  assert.deepEqual(findings.report(), []);
  assert.ok(findings.checked > 300, `only ${findings.checked} variants`);
});

test('a required member left out or null is ValidationException or InvalidParameterValueException', async () => {
  const findings = await sendVariants('missing');
  assert.deepEqual(findings.report(), []);
});

test('every length, range, size, enum and pattern in the model, broken, in the path, query, headers or body, is refused', async () => {
  const findings = await sendVariants('constraint');
  assert.deepEqual(findings.report(), []);
});

test('function names and ARNs of every wrong kind are refused with Lambda\'s validation errors, or the function\'s absence', async () => {
  const findings = new Findings();
  const names = [
    'has space', 'slash/inside', 'dollar$', 'nul\u0000', 'ünïcode', 'a'.repeat(257), ':', 'fn:', 'fn:a:b', 'arn:aws:lambda', 'arn:aws:lambda:us-east-1:123456789012:function:',
    'arn:aws:lambda:us-east-1:12345:function:fuzz-fn', 'arn:aws:states:us-east-1:123456789012:stateMachine:fuzz-fn', 'arn:aws:lambda:eu-west-1:123456789012:function:fuzz-fn',
    '123456789012:function:nope', 'nope', `fuzz-fn:${'q'.repeat(200)}`, '%', '...',
  ];
  const jobs = LAMBDA_OPERATIONS.filter((op) => op.input.members?.FunctionName?.location === 'uri').flatMap((op) => names.map((name) => ({ op, name })));
  await inParallel(jobs, WIDTH, async ({ op, name }) => {
    const request = httpRequest(op, { ...LAMBDA_SEEDS[op.name], FunctionName: name });
    const allowed = ['ValidationException', 'InvalidParameterValueException', 'ResourceNotFoundException', 'UnknownOperationException'];
    check(findings, `${op.name} for ${JSON.stringify(name.slice(0, 60))}`, await refusal(request), allowed, op);
  });
  // A qualifier naming no version or alias, in the name: where the action reads one, the function's absence; where it takes
  // none (PublishVersion to `fuzz-fn:99`) or deletes (DeleteFunction), what Lambda does is not recorded, so only the shape is held.
  for (const op of LAMBDA_OPERATIONS.filter((o) => o.input.members?.Qualifier !== undefined)) {
    for (const name of ['fuzz-fn:99', 'fuzz-fn:nope']) {
      const r = await send(httpRequest(op, { ...LAMBDA_SEEDS[op.name], FunctionName: name, Qualifier: undefined }));
      const reads = op.method === 'GET' || op.name === 'Invoke';
      if (r.status < 300 && !reads) findings.checked++;
      else check(findings, `${op.name} for ${name}`, lambdaRefusal(r), reads ? ['ResourceNotFoundException'] : undefined, op);
    }
  }
  for (const resource of ['not-an-arn', 'arn:aws:lambda:us-east-1:123456789012:function:nope', 'arn:aws:lambda:us-east-1:123456789012:layer:x:1', 'arn:aws:states:us-east-1:123456789012:stateMachine:x']) {
    for (const op of LAMBDA_OPERATIONS.filter((o) => o.input.members?.Resource)) {
      const allowed = ['ValidationException', 'InvalidParameterValueException', 'ResourceNotFoundException'];
      check(findings, `${op.name} for ${resource}`, await refusal(httpRequest(op, { ...LAMBDA_SEEDS[op.name], Resource: resource })), allowed, op);
    }
  }
  assert.deepEqual(findings.report(), []);
});

test('bodies that are not one JSON object are InvalidRequestContentException, whatever the Content-Type', async () => {
  const findings = new Findings();
  const rnd = random();
  const withBody = LAMBDA_OPERATIONS.filter((op) => Object.values(op.input.members ?? {}).some((m) => m.location === undefined) && !op.input.payload);
  const jobs = withBody.flatMap((op) => {
    const request = httpRequest(op, LAMBDA_SEEDS[op.name]);
    const text = request.body ?? '{}';
    const cuts = Array.from({ length: 3 }, () => 1 + rnd.int(Math.max(1, text.length - 1))).map((at) => text.slice(0, at));
    const bodies = [...cuts, '[]', '"text"', '42', 'true', 'null', '{', '{"a":}', "{'a': 1}", '{"a": NaN}', `${text} trailing`, `${'['.repeat(50_000)}${']'.repeat(50_000)}`];
    const types = ['application/json', 'text/plain', 'application/x-amz-json-1.0', ''];
    return bodies.map((body, i) => ({ op, request: { ...request, body, headers: { ...request.headers, 'Content-Type': types[i % types.length] } } }));
  });
  await inParallel(jobs, WIDTH, async ({ op, request }) => {
    check(findings, `${op.name} with body ${JSON.stringify(request.body.slice(0, 60))} as ${request.headers['Content-Type'] || 'no content type'}`, await refusal(request), ['InvalidRequestContentException'], op);
  });
  assert.deepEqual(findings.report(), []);
});

test('Invoke: payloads that are not JSON, over 6 MB, and bad invocation headers are refused before the function runs', async () => {
  const findings = new Findings();
  const op = LAMBDA_OPERATIONS.find((o) => o.name === 'Invoke')!;
  const seed = LAMBDA_SEEDS.Invoke;
  const cases: [Record<string, unknown>, readonly string[]][] = [
    [{ Payload: '{"a":' }, ['InvalidRequestContentException']],
    [{ Payload: 'not json' }, ['InvalidRequestContentException']],
    [{ Payload: '\u0000\u0001' }, ['InvalidRequestContentException']],
    [{ Payload: `"${'x'.repeat(6 * 1024 * 1024)}"` }, ['RequestEntityTooLargeException']],
    [{ InvocationType: 'Event', Payload: `"${'x'.repeat(1024 * 1024 + 1)}"` }, ['RequestEntityTooLargeException']],
    [{ InvocationType: 'Sometimes' }, ['ValidationException', 'InvalidParameterValueException']],
    [{ LogType: 'Verbose' }, ['ValidationException', 'InvalidParameterValueException']],
    [{ Qualifier: 'no such alias' }, ['ValidationException']],
    [{ Qualifier: 'nope' }, ['ResourceNotFoundException']],
  ];
  for (const [members, allowed] of cases) {
    const r = await refusal(httpRequest(op, { ...seed, ...members }));
    const answer = check(findings, `Invoke with ${JSON.stringify(members).slice(0, 80)}`, r, allowed, op);
    if (answer && /TooLarge/.test(answer.type) && answer.status !== 413) findings.problems.push(`Invoke too large: status ${answer.status}, not 413`);
  }
  assert.deepEqual(findings.report(), []);
});

test('a request over Lambda\'s 69905067-byte limit is RequestEntityTooLargeException (413), read to its end but never kept', async () => {
  const findings = new Findings();
  const op = LAMBDA_OPERATIONS.find((o) => o.name === 'CreateFunction')!;
  const huge = `{"FunctionName": "huge", "Code": {"ZipFile": "${'A'.repeat(69_905_067)}"}}`;
  const answer = check(findings, 'CreateFunction of 70 MB', await refusal({ ...httpRequest(op, {}), body: huge }), ['RequestEntityTooLargeException'], op);
  assert.deepEqual(findings.report(), []);
  assert.deepEqual([answer?.status, answer?.message], [413, 'Request must be smaller than 69905067 bytes for the CreateFunction operation']);
});

test('routes Lambda has and Stepwise does not, unknown paths and other methods get Lambda-shaped 4xx answers', async () => {
  const findings = new Findings();
  for (const route of LAMBDA_OTHER_ROUTES) {
    const path = route.uri.replace(/\{[^}]+\}/g, 'fuzz-fn');
    check(findings, `${route.name} (${route.method} ${path})`, await refusal({ method: route.method, path, headers: {}, ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: '{}' }) }), undefined);
  }
  const paths: [string, string][] = [
    ['PATCH', '/2015-03-31/functions/fuzz-fn'],
    ['POST', '/2015-03-31/functions/fuzz-fn/configuration'],
    ['GET', '/2015-03-31/functions/fuzz-fn/nothing-here'],
    ['GET', '/2015-03-31/functions/%E0%A4%A'],
    ['GET', '/2015-03-31/functions/fuzz-fn/aliases/%ZZ'],
    ['GET', '/2017-03-31/tags/'],
    ['GET', `/2015-03-31/functions/${'a'.repeat(5000)}`],
    ['GET', '/2015-03-31/functions//configuration'],
    ['GET', '/2099-01-01/functions'],
  ];
  for (const [method, path] of paths) check(findings, `${method} ${path.slice(0, 60)}`, await refusal({ method, path, headers: {} }), undefined);
  assert.deepEqual(findings.report(), []);
});

test('unknown body members are ignored: they neither crash nor change the answer', async () => {
  const findings = new Findings();
  for (const op of LAMBDA_OPERATIONS.filter((o) => o.method === 'POST' || o.method === 'PUT')) {
    if (op.input.payload) continue;
    const seed = LAMBDA_SEEDS[op.name];
    const required = (op.input.required ?? []).find((m) => op.input.members?.[m].location === undefined);
    if (!required) continue;
    // Wrong besides (a required member left out): refused for that, not for the strangers.
    const request = httpRequest(op, withValue(seed, [required], undefined));
    const body = `{"zzUnknown": [1, {"x": null}], "__proto__": {"polluted": true}, "constructor": "x"${request.body && request.body !== '{}' ? `, ${request.body.slice(1)}` : '}'}`;
    check(findings, `${op.name} without ${required}, with unknown members`, await refusal({ ...request, body }), EXPECTED.missing, op);
  }
  for (const name of LAMBDA_READ_ONLY) {
    const op = LAMBDA_OPERATIONS.find((o) => o.name === name)!;
    const plain = await send(httpRequest(op, LAMBDA_SEEDS[name]));
    const odd = await send({ ...httpRequest(op, LAMBDA_SEEDS[name]), path: `${httpRequest(op, LAMBDA_SEEDS[name]).path}${op.input.members?.Marker || op.input.members?.Qualifier ? '&' : '?'}zzUnknown=1` });
    findings.checked++;
    if (plain.status !== odd.status || plain.headers['x-amzn-errortype'] !== odd.headers['x-amzn-errortype']) {
      findings.problems.push(`${name}: ${plain.status} ${plain.headers['x-amzn-errortype'] ?? ''} plain, ${odd.status} ${odd.headers['x-amzn-errortype'] ?? ''} with an unknown query parameter`);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(findings.report(), []);
});

test('random pairs of mistakes never get a 5xx or a foreign error', async () => {
  const findings = new Findings();
  const rnd = random();
  const all = LAMBDA_OPERATIONS.map((op) => ({ op, variants: variantsOf(op) })).filter((o) => o.variants.length > 1);
  const jobs: { op: Operation; request: HttpRequest; allowed: readonly string[]; what: string }[] = [];
  // A pair whose mistakes overlap is drawn again, up to a bound.
  for (let draws = 0; jobs.length < 300 && draws < 3000; draws++) {
    const { op, variants: vs } = rnd.pick(all);
    const [a, b] = [rnd.pick(vs), rnd.pick(vs)];
    const [pa, pb] = [a.path.join('.'), b.path.join('.')];
    if (pa.startsWith(pb) || pb.startsWith(pa)) continue;
    let members: Record<string, unknown>;
    try {
      members = withValue(a.request, b.path, valueAt(b.request, b.path));
    } catch {
      continue;
    }
    const allowed = [...new Set([...EXPECTED[a.kind], ...EXPECTED[b.kind]])];
    jobs.push({ op, request: httpRequest(op, members), allowed, what: `${op.name} with ${a.label} and ${b.label}` });
  }
  await inParallel(jobs, WIDTH, async ({ op, request, allowed, what }) => void check(findings, what, await refusal(request), allowed, op));
  assert.equal(jobs.length, 300);
  assert.deepEqual(findings.report(), []);
});

test('through the SDK, bad requests get Lambda\'s errors with their HTTP statuses', async () => {
  const expectError = async (call: Promise<unknown>, name: string, status: number): Promise<void> => {
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof LambdaServiceException, String(e));
      assert.deepEqual([e.name, e.$metadata.httpStatusCode], [name, status], e.message);
      return true;
    });
  };
  const zip = Buffer.from(FUNCTION_ZIP, 'base64');
  await expectError(server.lambda.send(new CreateFunctionCommand({ FunctionName: 'bad name', Runtime: 'nodejs20.x', Role: LAMBDA_ROLE, Handler: 'index.handler', Code: { ZipFile: zip } })), 'InvalidParameterValueException', 400);
  await expectError(server.lambda.send(new CreateFunctionCommand({ FunctionName: 'x', Runtime: 'cobol85' as Runtime, Role: LAMBDA_ROLE, Handler: 'index.handler', Code: { ZipFile: zip } })), 'InvalidParameterValueException', 400);
  await expectError(server.lambda.send(new CreateFunctionCommand({ FunctionName: 'x', Runtime: 'nodejs20.x', Role: 'not-a-role', Handler: 'index.handler', Code: { ZipFile: zip } })), 'ValidationException', 400);
  await expectError(server.lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })), 'ResourceNotFoundException', 404);
  await expectError(server.lambda.send(new InvokeCommand({ FunctionName: FIXTURES.function, Payload: Buffer.from('{"a":') })), 'InvalidRequestContentException', 400);
  await expectError(server.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FIXTURES.function, ReservedConcurrentExecutions: -1 })), 'ValidationException', 400);
  await expectError(server.lambda.send(new UpdateAliasCommand({ FunctionName: FIXTURES.function, Name: FIXTURES.functionAlias, FunctionVersion: '99' })), 'ResourceNotFoundException', 404);
});

test('after every bad request, the server is healthy, logged no fault of its own, and holds what it held before', async () => {
  assert.equal((await raw(server.url, { method: 'GET', path: '/health' })).status, 200);
  assert.deepEqual(server.faults, []);
  assert.deepEqual(await server.snapshot(), before);
});

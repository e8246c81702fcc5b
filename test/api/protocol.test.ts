/**
 * The awsJson1_0 protocol itself, with raw HTTP where the SDK would refuse to send the request:
 * targets, bodies, member types, sizes, timestamps, headers, faults of ours, and the other routes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateStateMachineCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { createLogger } from '../../src/api/log.js';
import { startServer } from '../../src/api/server.js';
import { StepFunctionsService } from '../../src/service/service.js';
import { awsError, harness, pass, raw, ROLE } from './helpers.js';

const logged: string[] = [];
const { client, server } = await harness({}, { log: createLogger('debug', (line) => logged.push(line)) });
const url = server.url;
const TARGET = 'AWSStepFunctions.';

function assertAwsError(r: { status: number; headers: Record<string, unknown>; json: unknown }, status: number, type: string, message?: string | RegExp): void {
  assert.equal(r.status, status);
  assert.equal(r.headers['x-amzn-errortype'], type);
  assert.match(String(r.headers['content-type']), /^application\/x-amz-json-1\.0/);
  const body = r.json as { __type: string; message: string };
  assert.equal(body.__type, type);
  if (typeof message === 'string') assert.equal(body.message, message);
  else if (message) assert.match(body.message, message);
}

test('unknown actions and foreign targets are UnknownOperationException', async () => {
  assertAwsError(await raw(url, { target: `${TARGET}FlyToTheMoon`, body: '{}' }), 400, 'UnknownOperationException', /AWSStepFunctions\.FlyToTheMoon/);
  assertAwsError(await raw(url, { target: 'AmazonSQS.SendMessage', body: '{}' }), 400, 'UnknownOperationException');
  assertAwsError(await raw(url, { body: '{}' }), 400, 'UnknownOperationException');
  // Methods of the service that are not actions are not reachable.
  assertAwsError(await raw(url, { target: `${TARGET}Idle`, body: '{}' }), 400, 'UnknownOperationException');
});

test('bodies that are not a JSON object are SerializationException', async () => {
  const target = `${TARGET}ListStateMachines`;
  assertAwsError(await raw(url, { target, body: '{"maxResults": ' }), 400, 'SerializationException', /^Malformed JSON request body: /);
  assertAwsError(await raw(url, { target, body: '[1, 2]' }), 400, 'SerializationException', 'Start of list found where not expected.');
  assertAwsError(await raw(url, { target, body: '"text"' }), 400, 'SerializationException', 'STRING_VALUE can not be converted to a Structure');
  // An empty body is an empty request.
  const empty = await raw(url, { target, body: '' });
  assert.equal(empty.status, 200);
  assert.ok(Array.isArray((empty.json as { stateMachines: unknown[] }).stateMachines));
});

test('members of the wrong type are SerializationException, as AWS words them', async () => {
  const cases: [string, object, string][] = [
    ['CreateStateMachine', { name: 5, definition: pass(), roleArn: ROLE }, 'NUMBER_VALUE can not be converted to a String'],
    ['CreateStateMachine', { name: 'm', definition: JSON.parse(pass()), roleArn: ROLE }, 'Start of structure or map found where not expected.'],
    ['CreateStateMachine', { name: 'm', definition: pass(), roleArn: ROLE, publish: 'yes' }, 'STRING_VALUE can not be converted to a Boolean'],
    ['CreateStateMachine', { name: 'm', definition: pass(), roleArn: ROLE, tags: { k: 'v' } }, 'Start of structure or map found where not expected.'],
    ['CreateStateMachine', { name: 'm', definition: pass(), roleArn: ROLE, tags: [{ key: 1, value: 'v' }] }, 'NUMBER_VALUE can not be converted to a String'],
    ['ListStateMachines', { maxResults: '10' }, 'STRING_VALUE can not be converted to an Integer'],
    ['StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', input: { a: 1 } }, 'Start of structure or map found where not expected.'],
    ['GetExecutionHistory', { executionArn: 'arn', reverseOrder: 1 }, 'NUMBER_VALUE can not be converted to a Boolean'],
    ['UntagResource', { resourceArn: 'arn', tagKeys: 'k' }, 'STRING_VALUE can not be converted to a List'],
    ['SendTaskSuccess', { taskToken: true, output: '{}' }, 'TRUE_VALUE can not be converted to a String'],
  ];
  for (const [action, body, message] of cases) {
    assertAwsError(await raw(url, { target: `${TARGET}${action}`, body: JSON.stringify(body) }), 400, 'SerializationException', message);
  }
  // Members AWS's model does not name are ignored; null is absent.
  const ok = await raw(url, { target: `${TARGET}ListStateMachines`, body: '{"maxResults": null, "somethingElse": [1]}' });
  assert.equal(ok.status, 200);
});

test('a request over AWS\'s 1 MB limit is RequestEntityTooLargeException (413), from raw HTTP and the SDK', async () => {
  const big = JSON.stringify({ name: 'big', roleArn: ROLE, definition: ' '.repeat(1024 * 1024) });
  assertAwsError(await raw(url, { target: `${TARGET}CreateStateMachine`, body: big }), 413, 'RequestEntityTooLargeException', 'Request must be smaller than 1048576 bytes');
  const viaSdk = await awsError(client.send(new CreateStateMachineCommand({ name: 'big', roleArn: ROLE, definition: ' '.repeat(1024 * 1024) })));
  assert.deepEqual([viaSdk.name, viaSdk.status], ['RequestEntityTooLargeException', 413]);
  // The server is still there.
  assert.equal((await client.send(new ListStateMachinesCommand({}))).$metadata.httpStatusCode, 200);
});

test('timestamps are epoch seconds with milliseconds as the fraction; every answer has a request id', async () => {
  const before = Date.now() / 1000;
  const r = await raw(url, {
    target: `${TARGET}CreateStateMachine`,
    body: JSON.stringify({ name: 'timed', definition: pass(), roleArn: ROLE }),
    // Any signature is accepted: this is a local endpoint.
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00' },
  });
  assert.equal(r.status, 200);
  const { creationDate } = r.json as { creationDate: number };
  assert.equal(typeof creationDate, 'number');
  assert.ok(creationDate >= Math.floor(before) && creationDate < before + 60);
  assert.ok(Math.abs(creationDate * 1000 - Math.round(creationDate * 1000)) < 1e-3, 'milliseconds, no finer');
  assert.match(String(r.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
});

test('a fault of ours is InternalFailure (500), logged, and the server carries on', async () => {
  class Broken extends StepFunctionsService {
    override async listActivities(): Promise<never> {
      throw new Error('disk on fire');
    }
  }
  const errors: string[] = [];
  const brokenService = new Broken();
  const local = await startServer({ port: 0, service: brokenService, log: createLogger('error', (line) => errors.push(line)) });
  try {
    const r = await raw(local.url, { target: `${TARGET}ListActivities`, body: '{}' });
    assertAwsError(r, 500, 'InternalFailure');
    assert.doesNotMatch(r.body, /disk on fire/, 'internals stay in the log');
    assert.ok(errors.some((line) => line.includes('ERROR ListActivities failed: Error: disk on fire')), errors.join('\n'));
    assert.equal((await raw(local.url, { target: `${TARGET}ListStateMachines`, body: '{}' })).status, 200);
  } finally {
    await local.close();
    await brokenService.close();
  }
});

test('GET /health answers for readiness; other routes are 404; one debug line per request', async () => {
  const health = await raw(url, { method: 'GET', path: '/health' });
  assert.equal(health.status, 200);
  assert.equal((health.json as { status: string }).status, 'ok');
  const other = await raw(url, { method: 'GET', path: '/' });
  assert.equal(other.status, 404);
  assert.equal((other.json as { __type: string }).__type, 'NotFound');
  assert.ok(logged.some((line) => / DEBUG GET \/health → 200 in [\d.]+ ms$/.test(line)));
  assert.ok(logged.some((line) => / DEBUG POST \/ ListStateMachines → 200 in [\d.]+ ms$/.test(line)));
});

test('a client that goes away mid-request does not bring the server down', async () => {
  await new Promise<void>((resolve) => {
    const req = request(`${url}/`, { method: 'POST', headers: { 'X-Amz-Target': `${TARGET}ListStateMachines`, 'Content-Length': '1000' } });
    req.on('error', () => resolve());
    req.write('{"maxRes', () => {
      req.destroy();
      resolve();
    });
  });
  for (let i = 0; i < 100 && !logged.some((line) => line.endsWith('the client went away mid-request')); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(logged.some((line) => line.endsWith('POST /: the client went away mid-request')), logged.join('\n'));
  assert.ok(!logged.some((line) => line.includes(' ERROR ')), logged.join('\n'));
  assert.equal((await raw(url, { method: 'GET', path: '/health' })).status, 200);
});

test('routes of other protocols share the port, tried before the built-in ones', async () => {
  const service = new StepFunctionsService();
  const mounted = await startServer({
    port: 0,
    service,
    routes: [
      (req, res) => {
        if (!req.url?.startsWith('/2015-03-31/')) return false;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Functions":[]}');
        return true;
      },
    ],
  });
  try {
    assert.deepEqual((await raw(mounted.url, { method: 'GET', path: '/2015-03-31/functions/' })).json, { Functions: [] });
    assert.equal((await raw(mounted.url, { target: `${TARGET}ListActivities`, body: '{}' })).status, 200);
  } finally {
    await mounted.close();
    await service.close();
  }
});

test('without a service the server makes one over the in-memory store, and closes it', async () => {
  const own = await startServer({ port: 0 });
  try {
    const r = await raw(own.url, { target: `${TARGET}CreateActivity`, body: '{"name":"mine"}' });
    assert.equal((r.json as { activityArn: string }).activityArn, 'arn:aws:states:us-east-1:123456789012:activity:mine');
  } finally {
    await own.close();
  }
});

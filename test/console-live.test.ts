/**
 * The console's live parts end to end on a real server: the inbox of tasks waiting on a token
 * (callbacks and activities, answered through the AWS API), the Server-Sent Events feed, and the
 * built single-page app served with its fallback.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../src/api/server.js';
import { openStepwise, type Stepwise } from '../src/app/stepwise.js';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const root = mkdtempSync(join(tmpdir(), 'stepwise-console-live-'));
const consoleDir = join(root, 'dist');
mkdirSync(join(consoleDir, 'assets'), { recursive: true });
writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(consoleDir, 'assets', 'index-B2x9_fQa.js'), 'console.log("stepwise")');
writeFileSync(join(consoleDir, 'favicon.svg'), '<svg/>');

let app: Stepwise;
let server: RunningServer;
const sent: string[] = [];

before(async () => {
  app = await openStepwise({
    dataDir: join(root, 'data'),
    fsync: false,
    skipWaits: true,
    pollMs: 20,
    consoleDir,
    // The message a callback task sends: here, nowhere; the token waits for the inbox.
    handlers: { AskApproval: (_input, context) => void sent.push(context.taskToken!), Escalate: (_input, context) => void sent.push(context.taskToken!) },
  });
  await app.start();
  server = await startServer({ service: app.service, routes: app.routes, port: 0 });
});
after(async () => {
  await server.close();
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const inbox = async () => (JSON.parse((await get('/console/api/inbox')).text) as { tasks: Record<string, any>[] }).tasks;
const aws = (action: string, body: object) =>
  fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` }, body: JSON.stringify(body) });

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('gave up waiting');
}

async function statusOf(executionArn: string): Promise<string> {
  return (await app.service.describeExecution({ executionArn })).status;
}

describe('inbox', () => {
  it('lists a sent .waitForTaskToken task and an activity task with their inputs; SendTaskSuccess takes them out', async () => {
    const callback = JSON.stringify({
      StartAt: 'AskApproval',
      States: {
        AskApproval: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'https://sqs/approvals', MessageBody: { 'order.$': '$.order', 'token.$': '$$.Task.Token' } },
          TimeoutSeconds: 3600,
          HeartbeatSeconds: 600,
          End: true,
        },
      },
    });
    const { activityArn } = await app.service.createActivity({ name: 'sign' });
    const signing = JSON.stringify({ StartAt: 'Sign', States: { Sign: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 60, End: true } } });
    const approvals = await app.service.createStateMachine({ name: 'approvals', definition: callback, roleArn: ROLE });
    const signatures = await app.service.createStateMachine({ name: 'signatures', definition: signing, roleArn: ROLE });
    const before = Date.now();
    const a = await app.service.startExecution({ stateMachineArn: approvals.stateMachineArn, name: 'approve-1', input: '{"order":{"id":7}}' });
    const b = await app.service.startExecution({ stateMachineArn: signatures.stateMachineArn, name: 'sign-1', input: '{"doc":"d1"}' });
    // The callback's message has gone out once its work item has left the queue.
    await until(async () => ((await app.store.listWaitingTokens()).some((w) => w.execution.name === 'approve-1' && !w.work) ? true : undefined));

    const tasks = await inbox();
    assert.equal(tasks.length, 2);
    const [approval, signature] = [tasks.find((t) => t.stateName === 'AskApproval')!, tasks.find((t) => t.stateName === 'Sign')!];
    assert.deepEqual(approval, {
      taskToken: sent[0],
      executionArn: a.executionArn,
      stateMachineArn: approvals.stateMachineArn,
      executionName: 'approve-1',
      stateName: 'AskApproval',
      resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      input: { QueueUrl: 'https://sqs/approvals', MessageBody: { order: { id: 7 }, token: sent[0] } },
      scheduledAt: approval.scheduledAt,
      heartbeatSeconds: 600,
      timeoutSeconds: 3600,
    });
    assert.equal(signature.executionArn, b.executionArn);
    assert.equal(signature.resource, activityArn);
    assert.deepEqual(signature.input, { doc: 'd1' });
    assert.equal(signature.heartbeatSeconds, 60);
    assert.equal('timeoutSeconds' in signature, false);
    for (const t of tasks) assert.ok(t.scheduledAt >= before - 1000 && t.scheduledAt <= Date.now(), 'scheduledAt is epoch ms');

    assert.equal((await aws('SendTaskSuccess', { taskToken: approval.taskToken, output: '{"approved":true}' })).status, 200);
    assert.equal((await aws('SendTaskSuccess', { taskToken: signature.taskToken, output: '{"signed":true}' })).status, 200);
    await until(async () => ((await statusOf(a.executionArn)) === 'SUCCEEDED' && (await statusOf(b.executionArn)) === 'SUCCEEDED' ? true : undefined));
    assert.deepEqual(await inbox(), []);
  });

  it('leaves out a task that timed out (its token still unanswered) and an activity a worker took', async () => {
    const definition = JSON.stringify({
      StartAt: 'AskApproval',
      States: {
        AskApproval: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Escalate' }],
          End: true,
        },
        Escalate: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'boss', Payload: { 'token.$': '$$.Task.Token' } }, End: true },
      },
    });
    const { stateMachineArn } = await app.service.createStateMachine({ name: 'escalations', definition, roleArn: ROLE });
    const { executionArn } = await app.service.startExecution({ stateMachineArn, input: '{}' });
    const escalated = await until(async () => (await inbox()).find((t) => t.executionArn === executionArn && t.stateName === 'Escalate'));
    assert.deepEqual((await inbox()).filter((t) => t.executionArn === executionArn).map((t) => t.stateName), ['Escalate']);
    assert.equal(escalated.resource, 'arn:aws:states:::lambda:invoke.waitForTaskToken');

    const { activityArn } = await app.service.createActivity({ name: 'review' });
    const review = await app.service.createStateMachine({ name: 'reviews', definition: JSON.stringify({ StartAt: 'Review', States: { Review: { Type: 'Task', Resource: activityArn, End: true } } }), roleArn: ROLE });
    const taken = await app.service.startExecution({ stateMachineArn: review.stateMachineArn, input: '{}' });
    await until(async () => ((await inbox()).some((t) => t.executionArn === taken.executionArn) ? true : undefined));
    const task = await app.service.getActivityTask({ activityArn, workerName: 'w1' });
    assert.ok(task.taskToken);
    assert.equal((await inbox()).some((t) => t.executionArn === taken.executionArn), false, 'a worker has it');
    await app.service.sendTaskSuccess({ taskToken: task.taskToken, output: '{}' });
    await app.service.sendTaskSuccess({ taskToken: escalated.taskToken, output: '{}' });
  });
});

describe('live feed', () => {
  /** Opens the stream and collects its events until `done` says enough. */
  function listen(keep: (name: string, data: any) => boolean): Promise<{ events: { name: string; data: any }[]; response: IncomingMessage; close(): void }> {
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}/console/api/stream`, (res) => {
        const events: { name: string; data: any }[] = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name && data !== undefined && keep(name, JSON.parse(data))) events.push({ name, data: JSON.parse(data) });
          }
        });
        resolve({ events, response: res, close: () => req.destroy() });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('sends execution status changes and each step\'s history events, shaped as GetExecutionHistory\'s', async () => {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { n: 1 }, Next: 'W' }, W: { Type: 'Wait', Seconds: 5, End: true } } });
    const { stateMachineArn } = await app.service.createStateMachine({ name: 'streamed', definition, roleArn: ROLE });
    const mine = (data: { executionArn: string }) => data.executionArn.includes(':streamed:');
    const feed = await listen((_name, data) => mine(data));
    assert.equal(feed.response.statusCode, 200);
    assert.match(String(feed.response.headers['content-type']), /^text\/event-stream/);
    assert.equal(app.monitoring.subscribers, 1);

    const { executionArn } = await app.service.startExecution({ stateMachineArn, name: 'live-1', input: '{"a":1}' });
    await until(async () => (feed.events.some((e) => e.name === 'execution' && e.data.status === 'SUCCEEDED') ? true : undefined));
    const changes = feed.events.filter((e) => e.name === 'execution').map((e) => e.data);
    assert.deepEqual(changes.map((c) => c.status), ['RUNNING', 'SUCCEEDED']);
    assert.deepEqual(Object.keys(changes[1]).sort(), ['executionArn', 'startDate', 'stateMachineArn', 'status', 'stopDate']);
    assert.equal(changes[0].executionArn, executionArn);
    assert.ok(changes[1].stopDate >= changes[1].startDate && changes[1].startDate > 1e12, 'epoch ms');

    const history = feed.events.filter((e) => e.name === 'history').flatMap((e) => e.data.events);
    assert.ok(feed.events.filter((e) => e.name === 'history').length >= 2, 'one message per committed step');
    const wire = (await (await aws('GetExecutionHistory', { executionArn })).json()) as { events: unknown[] };
    assert.deepEqual(history, wire.events, 'the same events, the same shape: payloads as JSON text, timestamps in epoch seconds');
    assert.equal(typeof (history[0] as { executionStartedEventDetails: { input: unknown } }).executionStartedEventDetails.input, 'string');

    feed.close();
    await until(async () => (app.monitoring.subscribers === 0 ? true : undefined));
  });

  it('keeps idle streams alive with comments, and ends them when the app closes', async () => {
    const { consoleRoutes } = await import('../src/api/console/routes.js');
    const quick = await startServer({ service: app.service, routes: consoleRoutes(app, { keepAliveMs: 30, staticDir: consoleDir }), port: 0 });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const req = request(`${quick.url}/console/api/stream`, (res) => {
          let received = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received += chunk;
            if ((received.match(/: keep-alive/g) ?? []).length >= 2) app.monitoring.close();
          });
          res.on('end', () => resolve(received));
        });
        req.on('error', reject);
        req.end();
      });
      assert.match(text, /^: stepwise live feed\nretry: 2000\n\n(: keep-alive\n\n){2,}$/);
      assert.equal(app.monitoring.subscribers, 0);
    } finally {
      await quick.close();
    }
  });
});

describe('the console app', () => {
  it('serves the built files with their types and caching, and index.html for the app\'s own routes', async () => {
    const index = await get('/');
    assert.equal(index.status, 200);
    assert.equal(index.text, '<!doctype html><div id="root"></div>');
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const asset = await get('/assets/index-B2x9_fQa.js');
    assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await get('/assets/index-B2x9_fQa.js', { 'if-none-match': asset.headers.get('etag')! })).status, 304);
    assert.equal((await get('/favicon.svg')).headers.get('content-type'), 'image/svg+xml');
    for (const route of ['/executions', '/state-machines/orders/executions/abc?tab=graph', '/inbox/']) assert.equal((await get(route)).text, index.text, route);
    const missing = await get('/assets/gone-12345678.js');
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.text).__type, 'NotFound');
    assert.equal((await get('/../../etc/passwd')).text, index.text, 'a path never leaves the folder');
    assert.equal((await get('/%2e%2e/%2e%2e/package.json')).status, 404);
  });

  it('leaves the APIs their paths: /health, the Lambda API, POST / and unknown console API paths', async () => {
    assert.equal(JSON.parse((await get('/health')).text).status, 'ok');
    assert.deepEqual(JSON.parse((await get('/2015-03-31/functions/')).text).Functions, []);
    assert.equal((await aws('ListStateMachines', {})).status, 200);
    assert.equal((await get('/console/api/')).status, 404);
  });
});

/**
 * The console client reads every protocol's errors with one function: checked here against what
 * a real server answers on each of them (AWS JSON, Lambda's REST API, the console API).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { openStepwise, type Stepwise } from '../../src/app/stepwise.js';
import { AwsError, jsonAnswer } from '../../console/src/api/aws.js';

describe('the console client reads answers and errors', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-console-errors-'));
  let app: Stepwise;
  let server: RunningServer;
  before(async () => {
    app = await openStepwise({ dataDir, fsync: false });
    await app.start();
    server = await startServer({ service: app.service, port: 0, routes: app.routes });
  });
  after(async () => {
    await server.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const failure = async (res: Promise<Response>): Promise<AwsError> => {
    const e = await jsonAnswer(await res).then(
      () => assert.fail('the answer should have been an error'),
      (e: unknown) => e,
    );
    assert.ok(e instanceof AwsError);
    return e;
  };
  const sfn = (action: string, body: object) =>
    fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` }, body: JSON.stringify(body) });

  it('AWS JSON: the `__type` and message of the body', async () => {
    const e = await failure(sfn('DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Nope:x' }));
    assert.equal(e.type, 'ExecutionDoesNotExist');
    assert.equal(e.name, 'ExecutionDoesNotExist');
    assert.equal(e.status, 400);
    assert.match(e.message, /Nope:x/);
  });

  it("Lambda's REST API: the type from X-Amzn-ErrorType", async () => {
    const e = await failure(fetch(`${server.url}/2015-03-31/functions/missing`));
    assert.equal(e.type, 'ResourceNotFoundException');
    assert.equal(e.status, 404);
    assert.match(e.message, /missing/);
  });

  it('the console API: a refused parameter says which', async () => {
    const e = await failure(fetch(`${server.url}/console/api/executions?status=DONE`));
    assert.equal(e.type, 'ValidationException');
    assert.match(e.message, /^Parameter 'status' must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, got 'DONE'$/);
  });

  it('a body that is not JSON: its text is the message, its status the type', async () => {
    const e = await failure(Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })));
    assert.equal(e.type, 'HTTP 502');
    assert.equal(e.message, '<html>bad gateway</html>');
  });

  it('a successful answer is its JSON; an empty one is {}', async () => {
    assert.deepEqual(await jsonAnswer(await sfn('ListStateMachines', {})), { stateMachines: [] });
    assert.deepEqual(await jsonAnswer(await fetch(`${server.url}/console/api/inbox`)), { tasks: [] });
    assert.deepEqual(await jsonAnswer(new Response('', { status: 200 })), {});
  });
});

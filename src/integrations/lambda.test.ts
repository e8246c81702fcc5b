import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { loadDefinition } from '../asl/load.js';
import { FakeRuntime } from '../functions/fake-runtime.js';
import { FunctionService } from '../functions/function-service.js';
import { runExecution } from '../runner/local-runner.js';
import { lambdaInvoker } from './lambda.js';
import type { TaskRequest } from './local-invoker.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

async function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-lambda-int-'));
  dirs.push(dataDir);
  const runtime = new FakeRuntime({
    double: (e) => ({ n: (e as { n: number }).n * 2 }),
    fail: () => {
      throw Object.assign(new Error('card declined'), { name: 'PaymentError' });
    },
    big: () => 'x'.repeat(300 * 1024),
    crash: () => {
      throw Object.assign(new Error('Task timed out after 3.00 seconds'), { name: 'Sandbox.Timedout' });
    },
  });
  const functions = new FunctionService({ runtime, dataDir });
  for (const name of ['double', 'fail', 'big', 'crash']) {
    await functions.createFunction({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: zipSync({ 'index.js': strToU8('') }) },
    });
  }
  return { functions, runtime };
}

const request = (resource: string, input: unknown, extra: Partial<TaskRequest> = {}): TaskRequest => ({
  stateName: 'Call',
  resource,
  input,
  retryCount: 0,
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
  ...extra,
});

describe('lambdaInvoker', () => {
  it('a function ARN resource: the input is the event, the response the output', async () => {
    const { functions } = await setup();
    const invoke = lambdaInvoker(functions);
    assert.deepEqual(await invoke(request(`${ARN}:double`, { n: 21 })), { ok: true, output: { n: 42 } });
  });

  it('a function error fails the task with its errorType and the raw error document', async () => {
    const { functions } = await setup();
    const outcome = await lambdaInvoker(functions)(request(`${ARN}:fail`, {}));
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.error, 'PaymentError');
    assert.deepEqual(JSON.parse(outcome.cause), { errorMessage: 'card declined', errorType: 'PaymentError', requestId: JSON.parse(outcome.cause).requestId, stackTrace: [] });
  });

  it("Lambda's own failures (timeouts, crashes) are Lambda.Unknown", async () => {
    const { functions } = await setup();
    const outcome = await lambdaInvoker(functions)(request(`${ARN}:crash`, {}));
    assert.equal(!outcome.ok && outcome.error, 'Lambda.Unknown');
  });

  it('lambda:invoke: the Invoke response as the Java SDK records it', async () => {
    const { functions } = await setup();
    const outcome = await lambdaInvoker(functions)(request('arn:aws:states:::lambda:invoke', { FunctionName: `${ARN}:double`, Payload: { n: 2 } }));
    assert.ok(outcome.ok);
    const out = outcome.output as Record<string, any>;
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.deepEqual(out.Payload, { n: 4 });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.SdkHttpMetadata.HttpStatusCode, 200);
    assert.equal(out.SdkHttpMetadata.HttpHeaders['Content-Length'], String('{"n":4}'.length));
    assert.deepEqual(out.SdkHttpMetadata.AllHttpHeaders['X-Amz-Executed-Version'], ['$LATEST']);
    assert.equal(out.SdkResponseMetadata.RequestId, out.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId']);
  });

  it('lambda:invoke: a missing function is Lambda.ResourceNotFoundException with the SDK cause', async () => {
    const { functions } = await setup();
    const outcome = await lambdaInvoker(functions, undefined, { uuid: () => 'req-1' })(request('arn:aws:states:::lambda:invoke', { FunctionName: 'ghost', Payload: null }));
    assert.deepEqual(outcome, {
      ok: false,
      error: 'Lambda.ResourceNotFoundException',
      cause: `Function not found: ${ARN}:ghost:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-1; Proxy: null)`,
    });
  });

  it('a response over 256 KiB is States.DataLimitExceeded naming the resource', async () => {
    const { functions } = await setup();
    const outcome = await lambdaInvoker(functions)(request(`${ARN}:big`, {}));
    assert.deepEqual(outcome, {
      ok: false,
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${ARN}:big' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
  });

  it('.waitForTaskToken invokes the function, then waits for the token', async () => {
    const { functions, runtime } = await setup();
    const tokens: string[] = [];
    const invoke = lambdaInvoker(functions, undefined, {
      waitForTaskToken: async (token) => (tokens.push(token), { ok: true, output: { approved: true } }),
    });
    const outcome = await invoke(
      request('arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: 'double', Payload: { n: 1 } }, { taskToken: 'tok-1' }),
    );
    assert.deepEqual(outcome, { ok: true, output: { approved: true } });
    assert.deepEqual(tokens, ['tok-1']);
    assert.equal(runtime.invocations.length, 1);
  });

  it('hands other resources to the fallback', async () => {
    const { functions } = await setup();
    const invoke = lambdaInvoker(functions, async () => ({ ok: true, output: 'fallback' }));
    assert.deepEqual(await invoke(request('arn:aws:states:::sqs:sendMessage', {})), { ok: true, output: 'fallback' });
    const bare = await lambdaInvoker(functions)(request('arn:aws:states:::sqs:sendMessage', {}));
    assert.equal(!bare.ok && bare.error, 'States.Runtime');
  });

  it('runs a state machine whose Retry and Catch see the function errors', async () => {
    const { functions, runtime } = await setup();
    const machine = loadDefinition({
      StartAt: 'Double',
      States: {
        Double: { Type: 'Task', Resource: `${ARN}:double`, Next: 'Pay' },
        Pay: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'fail', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['PaymentError'], MaxAttempts: 1, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['PaymentError'], ResultPath: '$.error', Next: 'Refund' }],
          End: true,
        },
        Refund: { Type: 'Pass', End: true },
      },
    });
    const r = await runExecution(machine, { input: { n: 5 }, invoker: lambdaInvoker(functions), skipWaits: true });
    assert.equal(r.status, 'SUCCEEDED');
    assert.equal((r.output as { n: number }).n, 10);
    assert.equal((r.output as { error: { Error: string } }).error.Error, 'PaymentError');
    assert.equal(runtime.invocations.filter((i) => i.config.functionName === 'fail').length, 2);
  });
});

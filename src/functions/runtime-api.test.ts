import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_RESPONSE_BYTES } from './lambda-errors.js';
import { RuntimeApiServer, type NextEvent } from './runtime-api.js';

describe('RuntimeApiServer', () => {
  const calls: string[] = [];
  let deliver: ((event: NextEvent) => void) | undefined;
  const server = new RuntimeApiServer({
    next: (d) => (deliver = d),
    isCurrent: (id) => id === 'req-1',
    response: (id, body) => calls.push(`response ${id} ${body}`),
    responseTooLarge: (id) => calls.push(`too large ${id}`),
    error: (id, body, type) => calls.push(`error ${id} ${type} ${body}`),
    initError: (body, type) => calls.push(`init ${type} ${body}`),
  });
  let base = '';
  before(async () => (base = `http://${await server.listen()}/2018-06-01/runtime`));
  after(() => server.close());

  it('long-polls /next and hands over the event with AWS headers', async () => {
    const pending = fetch(`${base}/invocation/next`);
    while (!deliver) await new Promise((r) => setTimeout(r, 5));
    deliver({ requestId: 'req-1', payload: '{"a":1}', deadlineMs: 1234, invokedFunctionArn: 'arn:x', traceId: 'Root=1-a-b', clientContext: '{"c":1}' });
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('lambda-runtime-aws-request-id'), 'req-1');
    assert.equal(res.headers.get('lambda-runtime-deadline-ms'), '1234');
    assert.equal(res.headers.get('lambda-runtime-invoked-function-arn'), 'arn:x');
    assert.equal(res.headers.get('lambda-runtime-trace-id'), 'Root=1-a-b');
    assert.equal(res.headers.get('lambda-runtime-client-context'), '{"c":1}');
    assert.equal(await res.text(), '{"a":1}');
  });

  it('accepts responses and errors for the current request only', async () => {
    const ok = await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: '42' });
    assert.equal(ok.status, 202);
    assert.deepEqual(await ok.json(), { status: 'OK' });
    await fetch(`${base}/invocation/req-1/error`, { method: 'POST', body: '{"errorType":"E"}', headers: { 'Lambda-Runtime-Function-Error-Type': 'E' } });
    await fetch(`${base}/init/error`, { method: 'POST', body: '{}', headers: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.X' } });
    assert.deepEqual(calls.splice(0), ['response req-1 42', 'error req-1 E {"errorType":"E"}', 'init Runtime.X {}']);
    const stale = await fetch(`${base}/invocation/other/response`, { method: 'POST', body: '1' });
    assert.equal(stale.status, 400);
    assert.deepEqual(await stale.json(), { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    const unknown = await fetch(`${base}/invocation/req-1/nonsense`, { method: 'POST', body: '1' });
    assert.equal(unknown.status, 404);
  });

  it('refuses a response over 6 MB with 413', async () => {
    const res = await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: 'x'.repeat(MAX_RESPONSE_BYTES + 1) });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).errorType, 'RequestEntityTooLarge');
    assert.deepEqual(calls.splice(0), ['too large req-1']);
  });
});

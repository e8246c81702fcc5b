/** Node.js handlers run by our bootstrap: module formats, handler styles, context, error shapes. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FunctionRuntime, prepareCode } from '../../src/functions/runtime.js';
import { codeDir, functionConfig, removeCodeDirs } from './fixtures.js';

const runtime = new FunctionRuntime({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:8083' } });
after(async () => {
  await runtime.close();
  removeCodeDirs();
});

const node = (files: Record<string, string>, handler = 'index.handler', overrides = {}) => functionConfig('nodejs20.x', handler, codeDir(files), overrides);

describe('Node.js handlers', () => {
  it('runs an ES module async handler with the context Lambda gives', async () => {
    process.env.SECRET_X = 'server-only';
    const config = node(
      {
        'index.mjs': `export const handler = async (event, context) => ({
          event,
          context: { ...context, remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop },
          env: process.env,
        });`,
      },
      'index.handler',
      { environment: { GREETING: 'hello' }, version: '3', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ctx:3', functionName: 'ctx' },
    );
    const result = await runtime.invoke(config, '{"n":1}', { requestId: 'req-ctx-1', clientContext: Buffer.from('{"custom":{"k":"v"}}').toString('base64') });
    assert.equal(result.functionError, undefined);
    const { event, context, env } = JSON.parse(result.payload);
    assert.deepEqual(event, { n: 1 });
    assert.equal(context.awsRequestId, 'req-ctx-1');
    assert.equal(context.functionName, 'ctx');
    assert.equal(context.functionVersion, '3');
    assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:eu-west-1:123456789012:function:ctx:3');
    assert.equal(context.memoryLimitInMB, '128');
    assert.equal(context.logGroupName, '/aws/lambda/ctx');
    assert.match(context.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[3\][0-9a-f]{32}$/);
    assert.deepEqual(context.clientContext, { custom: { k: 'v' } });
    assert.equal(context.waits, true);
    assert.ok(context.remaining > 2000 && context.remaining <= 3000, `remaining ${context.remaining}`);
    assert.equal(env.SECRET_X, undefined, 'the server environment must not leak into functions');
    assert.equal(env.GREETING, 'hello');
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'ctx');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '3');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '128');
    assert.equal(env._HANDLER, 'index.handler');
    assert.equal(env.LAMBDA_TASK_ROOT, config.codeDir);
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
    assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:8083');
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.ok(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && env.AWS_SESSION_TOKEN);
    assert.equal(result.executedVersion, '3');
  });

  it('loads CommonJS handlers from index.js and .cjs, and nested handler paths', async () => {
    const cjs = node({ 'index.js': `exports.handler = async (event) => ({ kind: 'cjs', event });` });
    assert.deepEqual(JSON.parse((await runtime.invoke(cjs, '7')).payload), { kind: 'cjs', event: 7 });
    const dotCjs = node({ 'lib/app.cjs': `module.exports = { api: { run: async () => 'nested' } };` }, 'lib/app.api.run');
    assert.equal((await runtime.invoke(dotCjs, '{}')).payload, '"nested"');
    const esmJs = node({ 'package.json': '{"type":"module"}', 'index.js': `export async function handler() { return import.meta.url.startsWith('file:'); }` });
    assert.equal((await runtime.invoke(esmJs, '{}')).payload, 'true');
  });

  it('answers a callback only once the event loop is empty, unless told not to wait', async () => {
    const config = node({
      'index.js': `exports.handler = (event, context, callback) => {
        context.callbackWaitsForEmptyEventLoop = event.wait;
        const started = Date.now();
        setTimeout(() => { globalThis.lateTimerRan = true; }, 150);
        callback(null, { waited: event.wait, started });
      };`,
    });
    const waited = await runtime.invoke(config, '{"wait":true}');
    assert.ok(waited.durationMs >= 140, `waited ${waited.durationMs} ms`);
    const quick = await runtime.invoke(config, '{"wait":false}');
    assert.ok(quick.durationMs < 140, `did not wait: ${quick.durationMs} ms`);
    assert.equal(JSON.parse(quick.payload).waited, false);
  });

  it('answers null for a handler that returns nothing and never calls back, and undefined as null', async () => {
    const config = node({ 'index.js': `exports.handler = () => {}; exports.undef = async () => undefined;` });
    assert.equal((await runtime.invoke(config, '{}')).payload, 'null');
    assert.equal((await runtime.invoke(node({ 'index.js': `exports.undef = async () => undefined;` }, 'index.undef'), '{}')).payload, 'null');
  });

  it('runs TypeScript handlers compiled by prepareCode', async () => {
    const dir = codeDir({
      'index.ts': `import { double } from './lib/math.js';\ninterface In { n: number }\nexport const handler = async (event: In): Promise<{ doubled: number }> => ({ doubled: double(event.n) });`,
      'lib/math.ts': `export const double = (n: number): number => n * 2;`,
      'esm/index.mts': `export const handler = async (): Promise<string> => 'mts';`,
    });
    const prepared = await prepareCode(dir, 'nodejs22.x');
    assert.deepEqual(prepared.compiled.sort(), ['esm/index.mjs', 'index.js', 'lib/math.js']);
    const result = await runtime.invoke(functionConfig('nodejs22.x', 'index.handler', dir), '{"n":21}');
    assert.deepEqual(JSON.parse(result.payload), { doubled: 42 });
    assert.equal((await runtime.invoke(functionConfig('nodejs22.x', 'esm/index.handler', dir), '{}')).payload, '"mts"');
    assert.deepEqual(await prepareCode(codeDir({ 'app.py': '' }), 'python3.12'), { compiled: [] });
  });
});

describe('Node.js errors, as the Node runtime shapes them', () => {
  it('a thrown or rejected Error: errorType, errorMessage, trace', async () => {
    const config = node({ 'index.mjs': `export const handler = async () => { throw new TypeError('bad input'); };` });
    const result = await runtime.invoke(config, '{}');
    assert.equal(result.functionError, 'Unhandled');
    const error = JSON.parse(result.payload);
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'bad input');
    assert.equal(error.trace[0], 'TypeError: bad input');
    assert.match(error.trace[1], /at .*index\.mjs:1:/);
  });

  it('a callback error that is not an Error: its type and text, no trace', async () => {
    const config = node({ 'index.js': `exports.handler = (e, c, cb) => cb('plain failure');` });
    assert.deepEqual(JSON.parse((await runtime.invoke(config, '{}')).payload), { errorType: 'string', errorMessage: 'plain failure', trace: [] });
  });

  it('custom error names survive, so Retry/Catch can match them', async () => {
    const config = node({ 'index.mjs': `class PaymentDeclined extends Error { name = 'PaymentDeclined'; }\nexport const handler = async () => { throw new PaymentDeclined('card expired'); };` });
    const error = JSON.parse((await runtime.invoke(config, '{}')).payload);
    assert.equal(error.errorType, 'PaymentDeclined');
    assert.equal(error.errorMessage, 'card expired');
  });

  it('an unserializable result', async () => {
    const config = node({ 'index.mjs': `export const handler = async () => ({ big: 1n });` });
    const result = await runtime.invoke(config, '{}');
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(pick(JSON.parse(result.payload)), { errorType: 'Error', errorMessage: 'Unable to stringify response body' });
  });

  it('init failures: ImportModuleError, HandlerNotFound, UserCodeSyntaxError, MalformedHandlerName, a throwing module', async () => {
    const cases: Array<[Record<string, string>, string, string, RegExp]> = [
      [{ 'other.js': '' }, 'index.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module 'index'/],
      [{ 'index.js': 'exports.other = () => 1;' }, 'index.handler', 'Runtime.HandlerNotFound', /^index\.handler is undefined or not exported$/],
      [{ 'index.js': 'exports.handler = 42;' }, 'index.handler', 'Runtime.HandlerNotFound', /^index\.handler is not a function$/],
      [{ 'index.mjs': 'export const handler = async () => {' }, 'index.handler', 'Runtime.UserCodeSyntaxError', /^SyntaxError: /],
      [{ 'index.js': '' }, 'index', 'Runtime.MalformedHandlerName', /^Bad handler$/],
      [{ 'index.js': 'throw new RangeError("no config");' }, 'index.handler', 'RangeError', /^no config$/],
    ];
    for (const [files, handler, errorType, message] of cases) {
      const result = await runtime.invoke(node(files, handler), '{}');
      assert.equal(result.functionError, 'Unhandled', errorType);
      const error = JSON.parse(result.payload);
      assert.equal(error.errorType, errorType);
      assert.match(error.errorMessage, message);
      assert.ok(Array.isArray(error.trace));
      assert.ok(result.initDurationMs !== undefined);
    }
  });

  it('process.exit in a handler: Runtime.ExitError, and the next invoke starts a fresh environment', async () => {
    const config = node({ 'index.js': `let n = 0; exports.handler = async (event) => { if (event.exit !== undefined) process.exit(event.exit); return ++n; };` });
    const exit1 = await runtime.invoke(config, '{"exit":1}', { requestId: 'req-exit-1' });
    assert.equal(exit1.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(exit1.payload), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-exit-1 Error: Runtime exited with error: exit status 1' });
    const exit0 = await runtime.invoke(config, '{"exit":0}', { requestId: 'req-exit-0' });
    assert.deepEqual(JSON.parse(exit0.payload), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-exit-0 Error: Runtime exited without providing a reason' });
    const fresh = await runtime.invoke(config, '{}');
    assert.equal(fresh.payload, '1');
    assert.ok(fresh.initDurationMs !== undefined, 'a cold start');
  });

  it('an uncaught exception in a timer fails the invocation with that error and restarts the environment', async () => {
    const config = node({ 'index.js': `exports.handler = (e, c, cb) => { setTimeout(() => { throw new Error('late boom'); }, 10); };` });
    const result = await runtime.invoke(config, '{}');
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(pick(JSON.parse(result.payload)), { errorType: 'Error', errorMessage: 'late boom' });
  });
});

function pick(error: { errorType: string; errorMessage: string }) {
  return { errorType: error.errorType, errorMessage: error.errorMessage };
}

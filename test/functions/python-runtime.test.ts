/** Python handlers run by our bootstrap (standard library only), and provided.* custom runtimes. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FunctionRuntime } from '../../src/functions/runtime.js';
import { codeDir, decodeLog, functionConfig, removeCodeDirs } from './fixtures.js';

const runtime = new FunctionRuntime();
after(async () => {
  await runtime.close();
  removeCodeDirs();
});

const python = (source: string, handler = 'lambda_function.lambda_handler', overrides = {}) =>
  functionConfig('python3.12', handler, codeDir({ 'lambda_function.py': source }), overrides);

describe('Python handlers', () => {
  it('runs def lambda_handler(event, context) with the context Lambda gives and only Lambda env', async () => {
    process.env.SECRET_X = 'server-only';
    const config = python(
      `import os
def lambda_handler(event, context):
    return {
        "event": event,
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "remaining": context.get_remaining_time_in_millis(),
        "custom": context.client_context.custom,
        "secret": os.environ.get("SECRET_X"),
        "mine": os.environ.get("MINE"),
        "handler": os.environ["_HANDLER"],
        "tz": os.environ["TZ"],
        "cwd": os.getcwd(),
    }
`,
      'lambda_function.lambda_handler',
      { functionName: 'pyctx', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:pyctx', environment: { MINE: 'yes' } },
    );
    const result = await runtime.invoke(config, '{"k":[1,2]}', { requestId: 'py-req-1', clientContext: Buffer.from('{"custom":{"a":1}}').toString('base64') });
    assert.equal(result.functionError, undefined);
    const out = JSON.parse(result.payload);
    assert.deepEqual(out.event, { k: [1, 2] });
    assert.equal(out.aws_request_id, 'py-req-1');
    assert.equal(out.function_name, 'pyctx');
    assert.equal(out.function_version, '$LATEST');
    assert.equal(out.invoked_function_arn, 'arn:aws:lambda:us-east-1:123456789012:function:pyctx');
    assert.equal(out.memory_limit_in_mb, '128');
    assert.equal(out.log_group_name, '/aws/lambda/pyctx');
    assert.ok(out.remaining > 2000 && out.remaining <= 3000);
    assert.deepEqual(out.custom, { a: 1 });
    assert.equal(out.secret, null);
    assert.equal(out.mine, 'yes');
    assert.equal(out.handler, 'lambda_function.lambda_handler');
    assert.equal(out.tz, ':UTC');
    assert.equal(out.cwd, config.codeDir);
  });

  it('print and logging lines land in the invocation log, logging in Lambda format', async () => {
    const config = python(`import logging
logger = logging.getLogger()
logger.setLevel(logging.INFO)
def lambda_handler(event, context):
    print("plain print")
    logger.info("via logging")
    return None
`);
    const result = await runtime.invoke(config, '{}', { logType: 'Tail', requestId: 'py-log-1' });
    assert.equal(result.payload, 'null');
    const log = decodeLog(result.logResult);
    assert.match(log, /^START RequestId: py-log-1 Version: \$LATEST\nplain print\n\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tpy-log-1\tvia logging\nEND RequestId: py-log-1\nREPORT RequestId: py-log-1\t/);
  });

  it('errors as the Python runtime shapes them, with the stack trace of the handler', async () => {
    const config = python(`def lambda_handler(event, context):
    raise ValueError("no such order: " + str(event["id"]))
`);
    const result = await runtime.invoke(config, '{"id":7}', { requestId: 'py-err-1' });
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), {
      errorMessage: 'no such order: 7',
      errorType: 'ValueError',
      requestId: 'py-err-1',
      // Lambda's code lives in /var/task, and AWS's traces say so; ours are rewritten to match.
      stackTrace: [`  File "/var/task/lambda_function.py", line 2, in lambda_handler\n    raise ValueError("no such order: " + str(event["id"]))\n`],
    });
  });

  it('a result that is not JSON: Runtime.MarshalError', async () => {
    const result = await runtime.invoke(python(`def lambda_handler(event, context):\n    return {1, 2}\n`), '{}');
    const error = JSON.parse(result.payload);
    assert.equal(error.errorType, 'Runtime.MarshalError');
    assert.equal(error.errorMessage, 'Unable to marshal response: Object of type set is not JSON serializable');
  });

  it('init failures: ImportModuleError, HandlerNotFound, UserCodeSyntaxError, MalformedHandlerName', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['import not_a_module\n', 'lambda_function.lambda_handler', 'Runtime.ImportModuleError', "Unable to import module 'lambda_function': No module named 'not_a_module'"],
      ['x = 1\n', 'lambda_function.lambda_handler', 'Runtime.HandlerNotFound', "Handler 'lambda_handler' missing on module 'lambda_function'"],
      ['def lambda_handler(event, context)\n    return 1\n', 'lambda_function.lambda_handler', 'Runtime.UserCodeSyntaxError', "Syntax error in module 'lambda_function': "],
      ['', 'lambda_function', 'Runtime.MalformedHandlerName', "Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)"],
    ];
    for (const [source, handler, errorType, message] of cases) {
      const result = await runtime.invoke(python(source, handler), '{}');
      assert.equal(result.functionError, 'Unhandled');
      const error = JSON.parse(result.payload);
      assert.equal(error.errorType, errorType);
      assert.ok(error.errorMessage.startsWith(message), error.errorMessage);
      assert.equal(error.requestId, '');
    }
  });

  it('sys.exit in a handler: Runtime.ExitError', async () => {
    const result = await runtime.invoke(python(`import sys\ndef lambda_handler(event, context):\n    sys.exit(3)\n`), '{}', { requestId: 'py-exit' });
    assert.deepEqual(JSON.parse(result.payload), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: py-exit Error: Runtime exited with error: exit status 3' });
  });

  it('a memory hog is stopped at the memory size: Runtime.OutOfMemory', async () => {
    const config = python(`hog = []\ndef lambda_handler(event, context):\n    while True:\n        hog.append(b"x" * (8 * 1024 * 1024))\n`, 'lambda_function.lambda_handler', { timeout: 10 });
    const result = await runtime.invoke(config, '{}', { requestId: 'py-oom' });
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), { errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: py-oom Error: Runtime exited with error: signal: killed' });
    assert.equal(result.maxMemoryUsedMB, 128);
  });
});

describe('provided.* custom runtimes', () => {
  it('runs the package bootstrap, here a Runtime API client written with fetch', async () => {
    const dir = codeDir({
      bootstrap: `#!/bin/sh\nexec "${process.execPath}" "$LAMBDA_TASK_ROOT/runtime.mjs"\n`,
      'runtime.mjs': `const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation/';
for (;;) {
  const next = await fetch(api + 'next');
  const id = next.headers.get('lambda-runtime-aws-request-id');
  const event = await next.json();
  const body = JSON.stringify({ upper: String(event.text).toUpperCase(), handler: process.env._HANDLER, arn: next.headers.get('lambda-runtime-invoked-function-arn'), deadline: Number(next.headers.get('lambda-runtime-deadline-ms')) > Date.now() });
  await fetch(api + id + '/response', { method: 'POST', body });
}`,
    });
    const config = functionConfig('provided.al2023', 'function.handler', dir);
    const result = await runtime.invoke(config, '{"text":"shout"}');
    assert.deepEqual(JSON.parse(result.payload), { upper: 'SHOUT', handler: 'function.handler', arn: config.functionArn, deadline: true });
    assert.equal((await runtime.invoke(config, '{"text":"again"}')).initDurationMs, undefined);
  });

  it('a package without a bootstrap: Runtime.InvalidEntrypoint', async () => {
    const dir = codeDir({ 'README': 'no bootstrap here' });
    const result = await runtime.invoke(functionConfig('provided.al2', 'x', dir), '{}', { requestId: 'no-boot' });
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `RequestId: no-boot Error: fork/exec ${dir}/bootstrap: no such file or directory` });
  });
});

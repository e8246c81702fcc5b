/**
 * AWS's own Node.js runtime client (npm `aws-lambda-ric`, native code) against our Runtime API.
 * It needs build tools to install, so it is not a dependency; install it outside the repository:
 *   apt-get install -y autoconf automake libtool cmake g++ make
 *   mkdir -p /tmp/ric && cd /tmp/ric && npm init -y && npm install aws-lambda-ric
 * and point STEPWISE_AWS_LAMBDA_RIC at the folder holding node_modules (default /tmp/ric).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FunctionRuntime } from '../../src/functions/runtime.js';
import { codeDir, decodeLog, functionConfig, removeCodeDirs } from './fixtures.js';

const ricBin = join(process.env.STEPWISE_AWS_LAMBDA_RIC ?? '/tmp/ric', 'node_modules', 'aws-lambda-ric', 'bin', 'index.mjs');
const skip = existsSync(ricBin) ? false : `aws-lambda-ric is not installed at ${ricBin} (see this file's header to install it)`;

describe('aws-lambda-ric against our Runtime API', { skip }, () => {
  const runtime = new FunctionRuntime();
  after(async () => {
    await runtime.close();
    removeCodeDirs();
  });

  const ricFunction = (source: string) =>
    functionConfig(
      'provided.al2023',
      'index.handler',
      codeDir({
        bootstrap: `#!/bin/sh\ncd "$LAMBDA_TASK_ROOT"\nexec "${process.execPath}" "${ricBin}" "$_HANDLER"\n`,
        'index.mjs': source,
      }),
    );

  it('serves invocations with the context from our headers, warm after the first', async () => {
    const config = ricFunction(`export const handler = async (event, context) => ({
      event, requestId: context.awsRequestId, arn: context.invokedFunctionArn, name: context.functionName,
      remaining: context.getRemainingTimeInMillis(), custom: context.clientContext?.custom,
    });`);
    const cold = await runtime.invoke(config, '{"x":1}', { requestId: 'ric-1', clientContext: Buffer.from('{"custom":{"c":1}}').toString('base64'), logType: 'Tail' });
    assert.equal(cold.functionError, undefined, cold.payload);
    const out = JSON.parse(cold.payload);
    assert.deepEqual(out.event, { x: 1 });
    assert.equal(out.requestId, 'ric-1');
    assert.equal(out.arn, config.functionArn);
    assert.equal(out.name, config.functionName);
    assert.deepEqual(out.custom, { c: 1 });
    assert.ok(out.remaining > 2000 && out.remaining <= 3000);
    assert.match(decodeLog(cold.logResult), /^START RequestId: ric-1 Version: \$LATEST\n[\s\S]*END RequestId: ric-1\nREPORT RequestId: ric-1\t/);
    const warm = await runtime.invoke(config, '{"x":2}');
    assert.equal(warm.initDurationMs, undefined);
    assert.deepEqual(JSON.parse(warm.payload).event, { x: 2 });
  });

  it('reports handler errors and init errors in the shapes our bootstrap copies', async () => {
    const failing = ricFunction(`export const handler = async () => { throw new TypeError('from ric'); };`);
    const error = JSON.parse((await runtime.invoke(failing, '{}')).payload);
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'from ric');
    assert.equal(error.trace[0], 'TypeError: from ric');
    const missing = ricFunction(`export const other = 1;`);
    const init = await runtime.invoke(missing, '{}');
    assert.equal(init.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(init.payload).errorType, 'Runtime.HandlerNotFound');
    assert.equal(JSON.parse(init.payload).errorMessage, 'index.handler is undefined or not exported');
  });
});

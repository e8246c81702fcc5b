/** The AWS CLI against the Lambda API: create-function from a zip file, invoke, versions, delete. Skipped without `aws`. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { ROLE, startLambdaServer, zipOf, type LambdaTestServer } from './server.js';

const hasAws = spawnSync('aws', ['--version']).status === 0;
const run = promisify(execFile);

describe('aws lambda (AWS CLI)', { skip: hasAws ? undefined : 'the AWS CLI is not installed' }, () => {
  let s: LambdaTestServer;
  let dir: string;
  before(async () => {
    s = await startLambdaServer();
    dir = mkdtempSync(join(tmpdir(), 'stepwise-aws-cli-'));
    writeFileSync(join(dir, 'fn.zip'), zipOf({ 'lambda_function.py': 'def lambda_handler(event, context):\n    return {"hello": event.get("name"), "fn": context.function_name}\n' }));
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['lambda', '--endpoint-url', s.endpoint, '--output', 'json', ...args], { env });
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  };

  it('creates a Python function from a zip, invokes it, publishes and deletes it', async () => {
    const created = await aws('create-function', '--function-name', 'greet', '--runtime', 'python3.12', '--handler', 'lambda_function.lambda_handler',
      '--role', ROLE, '--zip-file', `fileb://${join(dir, 'fn.zip')}`);
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:greet');

    const outFile = join(dir, 'out.json');
    // CLI v1 sends --payload as it is (v2 would want --cli-binary-format raw-in-base64-out).
    const invoked = await aws('invoke', '--function-name', 'greet', '--payload', '{"name":"Ada"}', outFile);
    assert.equal(invoked.StatusCode, 200);
    assert.equal(invoked.ExecutedVersion, '$LATEST');
    assert.deepEqual(JSON.parse(readFileSync(outFile, 'utf8')), { hello: 'Ada', fn: 'greet' });

    assert.equal((await aws('publish-version', '--function-name', 'greet')).Version, '1');
    const versions = await aws('list-versions-by-function', '--function-name', 'greet');
    assert.deepEqual(versions.Versions.map((v: { Version: string }) => v.Version), ['$LATEST', '1']);
    await aws('delete-function', '--function-name', 'greet');
    await assert.rejects(aws('get-function', '--function-name', 'greet'), /ResourceNotFoundException/);
  });
});

/**
 * The AWS CLI and boto3 against a real server: the scripts in test/clients/ drive the API as a
 * user would and fail on any answer AWS would not give. Each is skipped, saying why, when its
 * client is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../cli-helpers.js';
import { harness } from './helpers.js';

// Worker polls that find no task answer at once rather than after AWS's 60 seconds.
const { server } = await harness({ activityPollMs: 100 });

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const awsCli = await run('aws', ['--version']);
const boto3 = await run('python3', ['-c', 'import boto3']);

test('the AWS CLI: create, start, describe, history, list, sync, errors', { skip: awsCli.code !== 0 && 'the AWS CLI (`aws`) is not installed' }, async () => {
  const r = await run('bash', [join(repoRoot(), 'test', 'clients', 'aws-cli.sh'), server.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /aws-cli\.sh: ok\n$/);
});

test('boto3: create, start, describe, paged history, lists, sync, activities, errors', { skip: boto3.code !== 0 && 'python3 with boto3 is not installed' }, async () => {
  const r = await run('python3', [join(repoRoot(), 'test', 'clients', 'boto3_client.py'), server.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /boto3_client\.py: ok\n$/);
});

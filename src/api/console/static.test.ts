import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer } from '../server.js';
import { defaultConsoleDir, staticRoute } from './static.js';

describe('console static files', () => {
  const empty = mkdtempSync(join(tmpdir(), 'stepwise-console-unbuilt-'));
  after(() => rmSync(empty, { recursive: true, force: true }));

  it('says how to build the console when it is not built, and leaves other paths and methods alone', async () => {
    const server = await startServer({ port: 0, routes: [staticRoute(empty)] });
    try {
      const res = await fetch(`${server.url}/executions`);
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('x-amzn-errortype'), 'NotFound');
      const body = (await res.json()) as { __type: string; message: string };
      assert.equal(body.__type, 'NotFound');
      assert.match(body.message, /^The console is not built: run 'npm run build:console' \(looked for .*index\.html\)$/);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      const api = await fetch(`${server.url}/`, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
      assert.deepEqual(await api.json(), { stateMachines: [] });
      assert.equal((await fetch(`${server.url}/bad%E0%A4%A`)).status, 400);
    } finally {
      await server.close();
    }
  });

  it('finds console/dist beside the package.json of the repository, from source or compiled', () => {
    const dir = defaultConsoleDir();
    assert.equal(basename(dir), 'dist');
    assert.equal(basename(dirname(dir)), 'console');
    assert.ok(existsSync(join(dirname(dirname(dir)), 'package.json')));
  });
});

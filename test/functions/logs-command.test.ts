/** `stepwise logs <function> [--follow]` over the log files the function runtime writes. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { logsCommand } from '../../src/cli/logs-command.js';
import { main } from '../../src/cli/main.js';
import { FunctionRuntime, functionLogDir, functionLogFile } from '../../src/functions/runtime.js';
import { codeDir, functionConfig, removeCodeDirs } from './fixtures.js';

after(removeCodeDirs);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('stepwise logs', () => {
  it('prints the log the runtime wrote under the data directory', async () => {
    const dataDir = codeDir({});
    const runtime = new FunctionRuntime({ logDir: functionLogDir(dataDir) });
    const config = functionConfig('nodejs20.x', 'index.handler', codeDir({ 'index.js': `exports.handler = async () => { console.log('hi from fn'); return 1; };` }));
    try {
      await runtime.invoke(config, '{}', { requestId: 'cli-1' });
    } finally {
      await runtime.close();
    }
    const { io, out } = capture();
    assert.equal(await main(['logs', config.functionName, '--data-dir', dataDir], io), 0);
    const lines = out.join('\n').split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], / START RequestId: cli-1 Version: \$LATEST$/);
    assert.match(lines[1], /\tcli-1\tINFO\thi from fn$/);
    assert.match(lines[2], / END RequestId: cli-1$/);
    assert.match(lines[3], / REPORT RequestId: cli-1\t/);
  });

  it('says so when a function has no log', async () => {
    const { io, err } = capture();
    assert.equal(await main(['logs', 'nobody', '--data-dir', codeDir({})], io), 2);
    assert.match(err[0], /^stepwise: no logs for function 'nobody' \(looked for .*nobody\.log\)$/);
  });

  it('--follow prints lines as they are appended, whole lines only', async () => {
    const dataDir = codeDir({});
    const file = functionLogFile(functionLogDir(dataDir), 'later');
    const { io, out } = capture();
    const stop = new AbortController();
    const following = logsCommand('later', { dataDir, follow: true }, io, stop.signal);
    await sleep(250);
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, 'one\ntw');
    await sleep(450);
    assert.deepEqual(out, ['one']);
    appendFileSync(file, 'o\nthree\n');
    await sleep(450);
    stop.abort();
    assert.equal(await following, 0);
    assert.deepEqual(out, ['one', 'two\nthree']);
  });
});

/** One contract, both function stores: memory and SQLite. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MemoryFunctionStore, type FunctionStore, type FunctionVersionRecord } from './function-store.js';
import { SqliteFunctionStore } from './sqlite-function-store.js';

const version = (functionName: string, v: string): FunctionVersionRecord => ({
  functionName,
  version: v,
  runtime: 'python3.12',
  handler: 'handler.handler',
  role: 'arn:aws:iam::123456789012:role/r',
  description: '',
  memorySize: 128,
  timeout: 3,
  environment: { A: '1' },
  codeSha256: 'abc=',
  codeSize: 10,
  codeDir: '/tmp/x',
  lastModified: '2024-01-01T00:00:00.000+0000',
  revisionId: `rev-${v}`,
});

const stores: [string, () => FunctionStore][] = [
  ['memory', () => new MemoryFunctionStore()],
  ['sqlite', () => new SqliteFunctionStore(new Database(':memory:'))],
];

for (const [kind, make] of stores) {
  describe(`function store contract (${kind})`, () => {
    it('keeps functions in creation order, updates in place, deletes with versions and aliases', async () => {
      const s = make();
      await s.putFunction({ name: 'b', lastVersion: 0, tags: {} });
      await s.putFunction({ name: 'a', lastVersion: 0, tags: { k: 'v' } });
      await s.putFunction({ name: 'b', lastVersion: 2, tags: {}, reservedConcurrency: 5 });
      assert.deepEqual((await s.listFunctions()).map((f) => f.name), ['b', 'a']);
      assert.deepEqual(await s.getFunction('b'), { name: 'b', lastVersion: 2, tags: {}, reservedConcurrency: 5 });
      await s.putVersion(version('b', '$LATEST'));
      await s.putAlias({ functionName: 'b', name: 'live', functionVersion: '$LATEST', description: '', revisionId: 'r' });
      await s.deleteFunction('b');
      assert.equal(await s.getFunction('b'), undefined);
      assert.deepEqual(await s.listVersions('b'), []);
      assert.deepEqual(await s.listAliases('b'), []);
    });

    it('lists versions $LATEST first, then by number', async () => {
      const s = make();
      for (const v of ['10', '$LATEST', '2', '1']) await s.putVersion(version('f', v));
      assert.deepEqual((await s.listVersions('f')).map((v) => v.version), ['$LATEST', '1', '2', '10']);
      await s.deleteVersion('f', '2');
      assert.equal(await s.getVersion('f', '2'), undefined);
      assert.deepEqual((await s.getVersion('f', '1'))?.environment, { A: '1' });
    });

    it('keeps aliases by name, with routing weights', async () => {
      const s = make();
      await s.putAlias({ functionName: 'f', name: 'prod', functionVersion: '1', description: 'd', additionalVersionWeights: { '2': 0.25 }, revisionId: 'r1' });
      await s.putAlias({ functionName: 'f', name: 'beta', functionVersion: '2', description: '', revisionId: 'r2' });
      assert.deepEqual((await s.listAliases('f')).map((a) => a.name), ['beta', 'prod']);
      assert.deepEqual((await s.getAlias('f', 'prod'))?.additionalVersionWeights, { '2': 0.25 });
      await s.deleteAlias('f', 'prod');
      assert.equal(await s.getAlias('f', 'prod'), undefined);
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const s = make();
      await s.putFunction({ name: 'f', lastVersion: 0, tags: {} });
      const f = await s.getFunction('f');
      f!.tags.x = 'y';
      assert.deepEqual((await s.getFunction('f'))?.tags, {});
    });
  });
}

describe('sqlite function store', () => {
  it('migrates once: a second store on the same database keeps the data', async () => {
    const db = new Database(':memory:');
    await new SqliteFunctionStore(db).putFunction({ name: 'f', lastVersion: 1, tags: {} });
    assert.equal((await new SqliteFunctionStore(db).getFunction('f'))?.lastVersion, 1);
  });
});

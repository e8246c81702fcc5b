import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFunctionStore, type FunctionStore, type FunctionVersionRecord } from '../store/function-store.js';
import { CachedFunctionStore } from './function-store-cache.js';

/** The cache looks at no field but the keys, so a version needs only those and what the tests check. */
const version = (v: string, memorySize = 128) => ({ functionName: 'f', version: v, memorySize, environment: { A: '1' } }) as unknown as FunctionVersionRecord;

/** The memory store, counting the reads that reach it; `hold` makes the next getVersion wait for `release`. */
class CountingStore extends MemoryFunctionStore {
  reads = 0;
  private gate?: Promise<void>;
  release = () => {};
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  override async getFunction(name: string) {
    this.reads++;
    return super.getFunction(name);
  }
  override async getVersion(functionName: string, v: string) {
    this.reads++;
    const value = await super.getVersion(functionName, v);
    const gate = this.gate;
    this.gate = undefined;
    await gate;
    return value;
  }
  override async getAlias(functionName: string, name: string) {
    this.reads++;
    return super.getAlias(functionName, name);
  }
}

async function seeded(): Promise<{ inner: CountingStore; store: FunctionStore }> {
  const inner = new CountingStore();
  const store = new CachedFunctionStore(inner);
  await store.putFunction({ name: 'f', lastVersion: 0, tags: {} });
  await store.putVersion(version('$LATEST'));
  await store.putAlias({ functionName: 'f', name: 'live', functionVersion: '$LATEST', description: '', revisionId: 'r1' });
  return { inner, store };
}

describe('cached function store', () => {
  it('reads each record from the store once and hands out the same object after', async () => {
    const { inner, store } = await seeded();
    const first = [await store.getFunction('f'), await store.getVersion('f', '$LATEST'), await store.getAlias('f', 'live')];
    const again = [await store.getFunction('f'), await store.getVersion('f', '$LATEST'), await store.getAlias('f', 'live')];
    assert.equal(inner.reads, 3);
    again.forEach((record, i) => assert.equal(record, first[i]));
    assert.equal((await store.getVersion('f', '$LATEST'))?.memorySize, 128);
  });

  it('drops a function’s records on every kind of write to it, and only that function’s', async () => {
    const { inner, store } = await seeded();
    await store.putFunction({ name: 'g', lastVersion: 0, tags: {} });
    const g = await store.getFunction('g');
    const writes: [string, () => Promise<void>, () => Promise<unknown>, unknown][] = [
      ['putVersion', () => store.putVersion(version('$LATEST', 256)), async () => (await store.getVersion('f', '$LATEST'))?.memorySize, 256],
      ['putFunction', () => store.putFunction({ name: 'f', lastVersion: 0, tags: {}, reservedConcurrency: 2 }), async () => (await store.getFunction('f'))?.reservedConcurrency, 2],
      [
        'putAlias',
        () => store.putAlias({ functionName: 'f', name: 'live', functionVersion: '1', description: '', revisionId: 'r2' }),
        async () => (await store.getAlias('f', 'live'))?.functionVersion,
        '1',
      ],
      ['deleteAlias', () => store.deleteAlias('f', 'live'), () => store.getAlias('f', 'live'), undefined],
      ['deleteVersion', () => store.deleteVersion('f', '$LATEST'), () => store.getVersion('f', '$LATEST'), undefined],
      ['deleteFunction', () => store.deleteFunction('f'), () => store.getFunction('f'), undefined],
    ];
    for (const [name, write, read, expected] of writes) {
      await read(); // cached (or a miss) before the write
      await write();
      assert.deepEqual(await read(), expected, name);
    }
    const reads = inner.reads;
    assert.equal(await store.getFunction('g'), g);
    assert.equal(inner.reads, reads, 'g stayed cached through all of f’s writes');
  });

  it('does not cache a read that a write overtook', async () => {
    const { store, inner } = await seeded();
    inner.hold();
    const racing = store.getVersion('f', '$LATEST');
    await store.putVersion(version('$LATEST', 512));
    inner.release();
    assert.equal((await racing)?.memorySize, 128, 'the read saw the store as it was');
    assert.equal((await store.getVersion('f', '$LATEST'))?.memorySize, 512, 'and was not kept');
  });

  it('does not keep misses: names that do not exist cost nothing to remember', async () => {
    const { store, inner } = await seeded();
    const reads = inner.reads;
    for (let i = 0; i < 3; i++) assert.equal(await store.getFunction('missing'), undefined);
    assert.equal(await store.getVersion('f', '7'), undefined);
    assert.equal(await store.getVersion('f', '7'), undefined);
    assert.equal(inner.reads, reads + 5);
  });

  it('hands out frozen records: a caller cannot change what others are handed', async () => {
    const { store } = await seeded();
    const latest = await store.getVersion('f', '$LATEST');
    assert.throws(() => {
      (latest!.environment as Record<string, string>).B = '2';
    }, TypeError);
    assert.deepEqual((await store.getVersion('f', '$LATEST'))?.environment, { A: '1' });
  });

  it('lists read through to the store', async () => {
    const { store } = await seeded();
    await store.putVersion(version('1'));
    assert.deepEqual((await store.listVersions('f')).map((v) => v.version), ['$LATEST', '1']);
    assert.deepEqual((await store.listFunctions()).map((f) => f.name), ['f']);
    assert.deepEqual((await store.listAliases('f')).map((a) => a.name), ['live']);
  });
});

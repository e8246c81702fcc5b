import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from './sqlite-store.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-sqlite-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

storeContract('sqlite', async () => openSqliteStore(join(dir, `nested/${++files}/store.db`)), {
  openAgain: async (store) => openSqliteStore(store.path),
});

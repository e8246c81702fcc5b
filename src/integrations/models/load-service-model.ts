/**
 * The service models in `data/` (written by `scripts/generate-service-models.py`), each read and
 * parsed once, on first use. A service with no file there has no model: its mocks go unchecked,
 * as nothing says what its results look like.
 */
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ServiceModel } from './service-model.js';

const unzip = promisify(gunzip);

/** tsc copies no data files: run from `dist/src/…`, the models are read where they are kept, under `src/`. */
const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url)).replace(
  new RegExp(`\\${sep}dist(\\${sep}src\\${sep}integrations\\${sep}models\\${sep}data\\${sep})$`),
  '$1',
);

const loaded = new Map<string, Promise<ServiceModel | undefined>>();

/** The model of `service` (Step Functions' name for it, as in `aws-sdk:<service>:…`), or `undefined` when we have none. */
export function loadServiceModel(service: string): Promise<ServiceModel | undefined> {
  if (!/^[a-z0-9-]+$/.test(service)) return Promise.resolve(undefined);
  let model = loaded.get(service);
  if (!model) {
    model = read(service);
    loaded.set(service, model);
  }
  return model;
}

async function read(service: string): Promise<ServiceModel | undefined> {
  let zipped: Buffer;
  try {
    zipped = await readFile(`${DATA_DIR}${service}.json.gz`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse((await unzip(zipped)).toString('utf8')) as ServiceModel;
}

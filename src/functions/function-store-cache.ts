/**
 * A read-through cache in front of the function store. Every Invoke looks its function, version
 * and alias up; with the cache those are map lookups instead of SQLite reads and JSON parses, and
 * the same record objects come back each time, so what is derived from them (the runtime's
 * `FunctionConfig`, its environment key) is derived once.
 *
 * Every change to a function goes through this store, so a write drops what is cached for that
 * function. A read that raced a write (started before it, finished after it) is not cached: each
 * function has a generation, bumped around every write, and a read caches only if the generation
 * did not move while it ran. Cached records are frozen: they are shared, so nobody may change one.
 */
import type { AliasRecord, FunctionRecord, FunctionStore, FunctionVersionRecord } from '../store/function-store.js';

interface Cached {
  fn?: FunctionRecord;
  versions: Map<string, FunctionVersionRecord>;
  aliases: Map<string, AliasRecord>;
}

export class CachedFunctionStore implements FunctionStore {
  private readonly cached = new Map<string, Cached>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly inner: FunctionStore) {}

  getFunction(name: string): Promise<FunctionRecord | undefined> {
    const hit = this.cached.get(name)?.fn;
    if (hit) return Promise.resolve(hit);
    return this.read(name, () => this.inner.getFunction(name), (entry, value) => (entry.fn = value));
  }

  getVersion(functionName: string, version: string): Promise<FunctionVersionRecord | undefined> {
    const hit = this.cached.get(functionName)?.versions.get(version);
    if (hit) return Promise.resolve(hit);
    return this.read(functionName, () => this.inner.getVersion(functionName, version), (entry, value) => entry.versions.set(version, value));
  }

  getAlias(functionName: string, name: string): Promise<AliasRecord | undefined> {
    const hit = this.cached.get(functionName)?.aliases.get(name);
    if (hit) return Promise.resolve(hit);
    return this.read(functionName, () => this.inner.getAlias(functionName, name), (entry, value) => entry.aliases.set(name, value));
  }

  putFunction(record: FunctionRecord): Promise<void> {
    return this.write(record.name, () => this.inner.putFunction(record));
  }
  deleteFunction(name: string): Promise<void> {
    return this.write(name, () => this.inner.deleteFunction(name));
  }
  putVersion(record: FunctionVersionRecord): Promise<void> {
    return this.write(record.functionName, () => this.inner.putVersion(record));
  }
  deleteVersion(functionName: string, version: string): Promise<void> {
    return this.write(functionName, () => this.inner.deleteVersion(functionName, version));
  }
  putAlias(record: AliasRecord): Promise<void> {
    return this.write(record.functionName, () => this.inner.putAlias(record));
  }
  deleteAlias(functionName: string, name: string): Promise<void> {
    return this.write(functionName, () => this.inner.deleteAlias(functionName, name));
  }

  // Lists are for the control plane, not the invoke path: always read through.
  listFunctions(): Promise<FunctionRecord[]> {
    return this.inner.listFunctions();
  }
  listVersions(functionName: string): Promise<FunctionVersionRecord[]> {
    return this.inner.listVersions(functionName);
  }
  listAliases(functionName: string): Promise<AliasRecord[]> {
    return this.inner.listAliases(functionName);
  }

  /** Only what exists is cached: lookups of names that don't must not grow the cache without bound. */
  private async read<T extends object>(name: string, load: () => Promise<T | undefined>, keep: (entry: Cached, value: T) => void): Promise<T | undefined> {
    const generation = this.generation(name);
    const value = await load();
    if (value === undefined) return undefined;
    deepFreeze(value);
    if (this.generation(name) === generation) {
      let entry = this.cached.get(name);
      if (!entry) this.cached.set(name, (entry = { versions: new Map(), aliases: new Map() }));
      keep(entry, value);
    }
    return value;
  }

  private async write(name: string, change: () => Promise<void>): Promise<void> {
    this.bump(name);
    try {
      await change();
    } finally {
      this.bump(name);
    }
  }

  private bump(name: string): void {
    this.generations.set(name, this.generation(name) + 1);
    this.cached.delete(name);
  }

  private generation(name: string): number {
    return this.generations.get(name) ?? 0;
  }
}

function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const member of Object.values(value)) if (member !== null && typeof member === 'object' && !Object.isFrozen(member)) deepFreeze(member);
}

/**
 * What Lambda keeps: functions, their versions (`$LATEST` is the one version that changes) and
 * aliases. The store checks nothing: every rule lives in the function service. Methods are async
 * so that a durable store fits; records are plain data that survive a JSON round trip.
 */

/** One version of a function: `$LATEST`, or a published, immutable snapshot (`1`, `2`, …). */
export interface FunctionVersionRecord {
  functionName: string;
  version: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  /** base64 SHA-256 of the zip, as Lambda reports it. */
  codeSha256: string;
  codeSize: number;
  /** Where the zip was unpacked. */
  codeDir: string;
  /** Lambda's date format: `2024-05-01T12:00:00.000+0000`. */
  lastModified: string;
  revisionId: string;
  /** For a published version: the `$LATEST` revision it was published from. */
  publishedFrom?: string;
}

export interface FunctionRecord {
  name: string;
  /** The highest version number ever published: Lambda never reuses one. */
  lastVersion: number;
  reservedConcurrency?: number;
  tags: Record<string, string>;
}

export interface AliasRecord {
  functionName: string;
  name: string;
  functionVersion: string;
  description: string;
  /** `AdditionalVersionWeights`: version → share of invocations (0–1). */
  additionalVersionWeights?: Record<string, number>;
  revisionId: string;
}

export interface FunctionStore {
  getFunction(name: string): Promise<FunctionRecord | undefined>;
  putFunction(record: FunctionRecord): Promise<void>;
  /** Removes the function with all its versions and aliases. */
  deleteFunction(name: string): Promise<void>;
  /** In creation order. */
  listFunctions(): Promise<FunctionRecord[]>;

  getVersion(functionName: string, version: string): Promise<FunctionVersionRecord | undefined>;
  putVersion(record: FunctionVersionRecord): Promise<void>;
  deleteVersion(functionName: string, version: string): Promise<void>;
  /** `$LATEST` first, then published versions by number. */
  listVersions(functionName: string): Promise<FunctionVersionRecord[]>;

  getAlias(functionName: string, name: string): Promise<AliasRecord | undefined>;
  putAlias(record: AliasRecord): Promise<void>;
  deleteAlias(functionName: string, name: string): Promise<void>;
  /** By name. */
  listAliases(functionName: string): Promise<AliasRecord[]>;
}

/** Orders `$LATEST` before `1` before `2` … before `10`. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '$LATEST') return -1;
  if (b === '$LATEST') return 1;
  return Number(a) - Number(b);
}

const clone = <T>(value: T): T => structuredClone(value);

export class MemoryFunctionStore implements FunctionStore {
  private readonly functions = new Map<string, FunctionRecord>();
  private readonly versions = new Map<string, Map<string, FunctionVersionRecord>>();
  private readonly aliases = new Map<string, Map<string, AliasRecord>>();

  async getFunction(name: string) {
    const f = this.functions.get(name);
    return f && clone(f);
  }
  async putFunction(record: FunctionRecord) {
    this.functions.set(record.name, clone(record));
  }
  async deleteFunction(name: string) {
    this.functions.delete(name);
    this.versions.delete(name);
    this.aliases.delete(name);
  }
  async listFunctions() {
    return [...this.functions.values()].map(clone);
  }

  async getVersion(functionName: string, version: string) {
    const v = this.versions.get(functionName)?.get(version);
    return v && clone(v);
  }
  async putVersion(record: FunctionVersionRecord) {
    let versions = this.versions.get(record.functionName);
    if (!versions) this.versions.set(record.functionName, (versions = new Map()));
    versions.set(record.version, clone(record));
  }
  async deleteVersion(functionName: string, version: string) {
    this.versions.get(functionName)?.delete(version);
  }
  async listVersions(functionName: string) {
    return [...(this.versions.get(functionName)?.values() ?? [])].map(clone).sort((a, b) => compareVersions(a.version, b.version));
  }

  async getAlias(functionName: string, name: string) {
    const a = this.aliases.get(functionName)?.get(name);
    return a && clone(a);
  }
  async putAlias(record: AliasRecord) {
    let aliases = this.aliases.get(record.functionName);
    if (!aliases) this.aliases.set(record.functionName, (aliases = new Map()));
    aliases.set(record.name, clone(record));
  }
  async deleteAlias(functionName: string, name: string) {
    this.aliases.get(functionName)?.delete(name);
  }
  async listAliases(functionName: string) {
    return [...(this.aliases.get(functionName)?.values() ?? [])].map(clone).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * Keeps a FunctionService in step with a functions folder: every function of the folder is
 * created (or, when it exists, updated where it differs), and with `watch` every change to the
 * folder — or to a file outside it that a Node function bundles — becomes UpdateFunctionCode,
 * UpdateFunctionConfiguration, CreateFunction or DeleteFunction within about 200 ms. The service
 * drops warm environments of changed code, so the next invocation runs the new code.
 *
 * Functions the folder made carry the tag `stepwise:functions-folder`, so a restarted server
 * deletes those whose files were removed meanwhile, and never touches functions made otherwise.
 */
import { createHash } from 'node:crypto';
import { watch as watchPath, type FSWatcher } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { ServiceError } from '../service/errors.js';
import { FunctionFolderError } from './function-folder-config.js';
import { scanFunctionFolder, type FunctionSpec } from './function-folder.js';
import { packageFunction, type PackagedFunction } from './function-folder-package.js';
import type { FunctionService } from './function-service.js';
import type { FunctionConfiguration } from './function-service-shapes.js';

export const FOLDER_TAG = 'stepwise:functions-folder';

export interface FolderLog {
  info(message: string): void;
  error(message: string): void;
}

export interface RegisterFolderOptions {
  /** Follow changes until `close()`. */
  watch?: boolean;
  /** How long changes are gathered before one reload (default 200 ms). */
  debounceMs?: number;
  /** What was created, updated or deleted, and why a reload was refused. Silent by default. */
  log?: FolderLog;
}

export interface RegisteredFolder {
  /** The functions the folder holds now, in name order. */
  readonly names: readonly string[];
  /** Resolves once no reload is due or under way. */
  settled(): Promise<void>;
  /** Stops watching (the functions stay registered). */
  close(): Promise<void>;
}

const silent: FolderLog = { info: () => {}, error: () => {} };

/** Registers every function of `dir`; throws FunctionFolderError when any of them cannot be. */
export async function registerFunctionFolder(dir: string, functions: FunctionService, options: RegisterFolderOptions = {}): Promise<RegisteredFolder> {
  const folder = new FolderSync(resolve(dir), functions, options.log ?? silent);
  await folder.sync(true);
  if (options.watch) folder.watch(options.debounceMs ?? 200);
  return folder;
}

class FolderSync implements RegisteredFolder {
  names: string[] = [];
  private watchers = new Map<string, FSWatcher>();
  /** Every file the functions were built from. */
  private inputs: string[] = [];
  /** Those outside the folder (Node functions' shared code), by the directory watched for them. */
  private outside = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private debounceMs = 200;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly functions: FunctionService,
    private readonly log: FolderLog,
  ) {}

  /** Makes the service hold exactly the folder's functions. The first time, any failure is thrown. */
  async sync(initial: boolean): Promise<void> {
    const specs = scanFunctionFolder(this.dir);
    const packaged = await Promise.allSettled(specs.map((spec) => packageFunction(spec)));
    const failures: unknown[] = [];
    const inputs: string[] = [];
    await Promise.all(
      specs.map(async (spec, i) => {
        const p = packaged[i];
        if (p.status === 'rejected') return failures.push(p.reason);
        inputs.push(...p.value.inputs);
        try {
          await this.put(spec, p.value);
        } catch (e) {
          failures.push(e instanceof ServiceError ? new FunctionFolderError(`function '${spec.name}': ${e.message}`) : e);
        }
      }),
    );
    if (initial && failures.length) throw failures[0];
    for (const failure of failures) this.log.error(`${describe(failure)}; the function keeps its previous code`);
    const current = new Set(specs.map((s) => s.name));
    const gone = (initial ? await this.taggedFunctions() : this.names).filter((name) => !current.has(name));
    for (const name of gone) {
      await this.functions.deleteFunction({ FunctionName: name }).catch(() => undefined);
      this.log.info(`functions: deleted ${name}`);
    }
    this.names = [...current];
    // A function that failed to build may yet be fixed by an edit to a file it bundled before.
    this.inputs = failures.length ? [...new Set([...this.inputs, ...inputs])] : inputs;
    this.outside = outsideInputs(this.dir, this.inputs);
  }

  watch(debounceMs: number): void {
    this.debounceMs = debounceMs;
    this.watchDir(this.dir, true);
    this.refreshOutsideWatchers();
  }

  async settled(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, this.debounceMs));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running;
  }

  /** Creates the function, or brings an existing one to the spec: configuration, then code. */
  private async put(spec: FunctionSpec, code: PackagedFunction): Promise<void> {
    const settings = {
      Runtime: spec.runtime,
      Handler: spec.handler,
      MemorySize: spec.memorySize,
      Timeout: spec.timeout,
      Description: spec.description,
      Environment: { Variables: spec.environment },
    };
    const existing = await this.functions.getFunction({ FunctionName: spec.name }).catch((e: unknown) => {
      if (e instanceof ServiceError && e.type === 'ResourceNotFoundException') return undefined;
      throw e;
    });
    if (!existing) {
      await this.functions.createFunction({
        FunctionName: spec.name,
        Role: `arn:aws:iam::${this.functions.account.account}:role/stepwise-functions-folder`,
        Code: { ZipFile: code.zip },
        Tags: { [FOLDER_TAG]: 'true' },
        ...settings,
      });
      this.log.info(`functions: created ${spec.name} (${spec.runtime}, ${spec.handler})`);
      return;
    }
    const changed: string[] = [];
    if (!sameSettings(existing.Configuration, settings)) {
      await this.functions.updateFunctionConfiguration({ FunctionName: spec.name, ...settings });
      changed.push('configuration');
    }
    if (existing.Configuration.CodeSha256 !== createHash('sha256').update(code.zip).digest('base64')) {
      await this.functions.updateFunctionCode({ FunctionName: spec.name, ZipFile: code.zip });
      changed.push('code');
    }
    if (existing.Tags?.[FOLDER_TAG] === undefined) {
      await this.functions.tagResource({ Resource: this.functions.functionArn(spec.name), Tags: { [FOLDER_TAG]: 'true' } });
    }
    if (changed.length) this.log.info(`functions: updated ${spec.name} (${changed.join(' and ')})`);
  }

  /** Functions a functions folder made earlier (a restarted server's data dir). */
  private async taggedFunctions(): Promise<string[]> {
    const names: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.functions.listFunctions({ Marker });
      for (const fn of page.Functions) {
        const { Tags } = await this.functions.getFunction({ FunctionName: fn.FunctionName });
        if (Tags?.[FOLDER_TAG] !== undefined) names.push(fn.FunctionName);
      }
      Marker = page.NextMarker;
    } while (Marker);
    return names;
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.debounceMs);
  }

  /** One reload at a time; changes during one make another follow it. */
  private async reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sync(false).catch((e: unknown) => this.log.error(`${describe(e)}; the functions keep their previous code`));
    await this.running;
    this.running = undefined;
    if (this.closed) return;
    this.refreshOutsideWatchers();
    if (this.again) {
      this.again = false;
      this.changed();
    }
  }

  private watchDir(dir: string, recursive: boolean): void {
    if (this.watchers.has(dir)) return;
    const onEvent = (_event: string, filename: string | Buffer | null) => {
      const name = filename?.toString();
      if (dir === this.dir) {
        // Caches and dotfiles (a data dir, an editor's swap files) change no function.
        if (name && name.split(sep).some((part) => part.startsWith('.') || part === '__pycache__')) return;
        return this.changed();
      }
      if (!name || this.outside.get(dir)?.has(name)) this.changed();
    };
    try {
      this.watchers.set(dir, watchPath(dir, { recursive }, onEvent).on('error', () => this.unwatch(dir)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') throw e;
      this.watchers.set(dir, watchPath(dir, onEvent).on('error', () => this.unwatch(dir)));
    }
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private refreshOutsideWatchers(): void {
    for (const dir of this.watchers.keys()) if (dir !== this.dir && !this.outside.has(dir)) this.unwatch(dir);
    for (const dir of this.outside.keys()) this.watchDir(dir, false);
  }
}

/** Bundled files outside the folder (node_modules aside), grouped by their directory. */
function outsideInputs(dir: string, inputs: string[]): Map<string, Set<string>> {
  const byDir = new Map<string, Set<string>>();
  for (const file of inputs) {
    const rel = relative(dir, file);
    if (!rel.startsWith('..') || file.split(sep).includes('node_modules')) continue;
    let names = byDir.get(dirname(file));
    if (!names) byDir.set(dirname(file), (names = new Set()));
    names.add(basename(file));
  }
  return byDir;
}

function sameSettings(current: FunctionConfiguration, wanted: { Runtime: string; Handler: string; MemorySize: number; Timeout: number; Description: string; Environment: { Variables: Record<string, string> } }): boolean {
  const env = current.Environment?.Variables ?? {};
  const keys = new Set([...Object.keys(env), ...Object.keys(wanted.Environment.Variables)]);
  return (
    current.Runtime === wanted.Runtime &&
    current.Handler === wanted.Handler &&
    current.MemorySize === wanted.MemorySize &&
    current.Timeout === wanted.Timeout &&
    current.Description === wanted.Description &&
    [...keys].every((k) => env[k] === wanted.Environment.Variables[k])
  );
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

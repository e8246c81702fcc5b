/**
 * The function registry: functions, versions and aliases looked up the way Lambda looks them up
 * (name + qualifier, an alias routed by its weights), with Lambda's not-found errors, and turned
 * into what the runtime needs to run one (`FunctionConfig`).
 */
import type { Account } from '../service/arn.js';
import { ServiceError } from '../service/errors.js';
import type { AliasRecord, FunctionRecord, FunctionStore, FunctionVersionRecord } from '../store/function-store.js';
import type { FunctionConfig, Runtime } from './types.js';
import { functionArn, functionNotFound, isVersion, type FunctionRef } from './registry-names.js';

/** A function ready to run: the version an invocation executes and the names it came by. */
export interface ResolvedFunction {
  fn: FunctionRecord;
  version: FunctionVersionRecord;
  alias?: AliasRecord;
}

export class FunctionRegistry {
  /**
   * The config made from each (cached, frozen) version record, while its function record is
   * the same: the runtime keys its warm environments by config, so an invoke makes none anew.
   */
  private readonly configs = new WeakMap<FunctionVersionRecord, { fn: FunctionRecord; config: FunctionConfig }>();

  constructor(
    readonly store: FunctionStore,
    readonly account: Account,
    private readonly random: () => number = Math.random,
  ) {}

  arn(name: string, qualifier?: string): string {
    return functionArn(this.account, name, qualifier);
  }

  /** The function, or Lambda's `Function not found` naming the ARN as the caller gave it. */
  async requireFunction(name: string, qualifierInMessage?: string): Promise<FunctionRecord> {
    const fn = await this.store.getFunction(name);
    if (!fn) throw functionNotFound(this.account, name, qualifierInMessage);
    return fn;
  }

  async requireVersion(name: string, version: string): Promise<FunctionVersionRecord> {
    const v = await this.store.getVersion(name, version);
    if (!v) throw functionNotFound(this.account, name, version === '$LATEST' ? undefined : version);
    return v;
  }

  async requireAlias(name: string, alias: string): Promise<AliasRecord> {
    const a = await this.store.getAlias(name, alias);
    if (!a) throw new ServiceError('ResourceNotFoundException', `Cannot find alias arn: ${this.arn(name, alias)}`);
    return a;
  }

  /**
   * The version a qualifier names: `$LATEST` when none, a version, or an alias — for an alias
   * with `AdditionalVersionWeights`, a version drawn by weight, as Lambda routes invocations.
   */
  async resolve(ref: FunctionRef, route = true): Promise<ResolvedFunction> {
    const fn = await this.store.getFunction(ref.name);
    const q = ref.qualifier;
    if (!fn) throw functionNotFound(this.account, ref.name, q);
    if (q === undefined || isVersion(q)) {
      const version = await this.store.getVersion(ref.name, q ?? '$LATEST');
      if (!version) throw functionNotFound(this.account, ref.name, q);
      return { fn, version };
    }
    const alias = await this.store.getAlias(ref.name, q);
    if (!alias) throw functionNotFound(this.account, ref.name, q);
    const target = route ? this.route(alias) : alias.functionVersion;
    return { fn, version: await this.requireVersion(ref.name, target), alias };
  }

  private route(alias: AliasRecord): string {
    let r = this.random();
    for (const [version, weight] of Object.entries(alias.additionalVersionWeights ?? {})) {
      if (r < weight) return version;
      r -= weight;
    }
    return alias.functionVersion;
  }

  /** What the runtime runs. `$LATEST` answers to the unqualified ARN, as in Lambda's context object. */
  configFor({ fn, version }: ResolvedFunction): FunctionConfig {
    const made = this.configs.get(version);
    if (made?.fn === fn) return made.config;
    const config: FunctionConfig = Object.freeze({
      functionName: fn.name,
      functionArn: this.arn(fn.name, version.version === '$LATEST' ? undefined : version.version),
      version: version.version,
      // Checked against the runnable runtimes when the function was created or configured.
      runtime: version.runtime as Runtime,
      handler: version.handler,
      codeDir: version.codeDir,
      memorySize: version.memorySize,
      timeout: version.timeout,
      environment: version.environment,
      ...(fn.reservedConcurrency !== undefined && { reservedConcurrency: fn.reservedConcurrency }),
    });
    this.configs.set(version, { fn, config });
    return config;
  }
}

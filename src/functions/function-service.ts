/**
 * The Lambda API as use cases: one method per action, taking and returning AWS's request and
 * response shapes (PascalCase, as Lambda's JSON is), failing with AWS's errors (`ServiceError`,
 * `type` = the error code). Functions run in the process runtime behind `FunctionRuntimePort`.
 */
import { createFunctionServiceContext, type FunctionServiceContext, type FunctionServiceOptions } from './function-service-context.js';
import * as functions from './function-service-functions.js';
import { cancelEventRetries, invoke } from './function-service-invoke.js';
import * as settings from './function-service-settings.js';
import type {
  AliasInput,
  CreateFunctionInput,
  InvokeInput,
  InvokeOutput,
  Paging,
  UpdateFunctionCodeInput,
  UpdateFunctionConfigurationInput,
} from './function-service-shapes.js';
import * as versions from './function-service-versions.js';
import type { FunctionRef } from './registry-names.js';
import { readFunctionName } from './registry-names.js';
import type { FunctionConfig } from './function-service-runtime.js';

export type { FunctionServiceOptions } from './function-service-context.js';

type Named = { FunctionName: string };

export class FunctionService {
  private readonly ctx: FunctionServiceContext;

  constructor(options: FunctionServiceOptions) {
    this.ctx = createFunctionServiceContext(options);
  }

  /** The account and region the service answers for. */
  get account() {
    return this.ctx.account;
  }

  /** `name`, `name:qualifier`, a partial or a full ARN → the function's name and qualifier, or Lambda's error. */
  parseFunctionName(ref: string, qualifier?: string): FunctionRef {
    return readFunctionName(this.ctx.account, ref, qualifier, 'invoke');
  }

  /** The unqualified or qualified ARN of a function in this account. */
  functionArn(name: string, qualifier?: string): string {
    return this.ctx.registry.arn(name, qualifier);
  }

  /** What the runtime would run for a name and qualifier (alias routing applied). */
  async resolveConfig(ref: FunctionRef): Promise<FunctionConfig> {
    return this.ctx.registry.configFor(await this.ctx.registry.resolve(ref));
  }

  /** Resolves once every asynchronous invocation queued so far has finished (retries included). */
  async idle(): Promise<void> {
    while (this.ctx.events.size) await Promise.all([...this.ctx.events]);
  }

  /** Abandons pending retries of asynchronous invocations and waits for the running ones. */
  async close(): Promise<void> {
    cancelEventRetries(this.ctx);
    await this.idle();
  }

  // ---- functions ----

  async createFunction(input: CreateFunctionInput) {
    return functions.createFunction(this.ctx, input);
  }
  async getFunction(input: Named & { Qualifier?: string }) {
    return functions.getFunction(this.ctx, input);
  }
  async getFunctionConfiguration(input: Named & { Qualifier?: string }) {
    return functions.getFunctionConfiguration(this.ctx, input);
  }
  async updateFunctionCode(input: UpdateFunctionCodeInput) {
    return functions.updateFunctionCode(this.ctx, input);
  }
  async updateFunctionConfiguration(input: UpdateFunctionConfigurationInput) {
    return functions.updateFunctionConfiguration(this.ctx, input);
  }
  async deleteFunction(input: Named & { Qualifier?: string }): Promise<void> {
    return functions.deleteFunction(this.ctx, input);
  }
  async listFunctions(input: Paging & { FunctionVersion?: string; MasterRegion?: string } = {}) {
    return functions.listFunctions(this.ctx, input);
  }
  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    return invoke(this.ctx, input);
  }

  // ---- versions and aliases ----

  async publishVersion(input: Named & { CodeSha256?: string; Description?: string; RevisionId?: string }) {
    return versions.publishVersion(this.ctx, input);
  }
  async listVersionsByFunction(input: Named & Paging) {
    return versions.listVersionsByFunction(this.ctx, input);
  }
  async createAlias(input: AliasInput) {
    return versions.createAlias(this.ctx, input);
  }
  async getAlias(input: Named & { Name: string }) {
    return versions.getAlias(this.ctx, input);
  }
  async updateAlias(input: AliasInput) {
    return versions.updateAlias(this.ctx, input);
  }
  async deleteAlias(input: Named & { Name: string }): Promise<void> {
    return versions.deleteAlias(this.ctx, input);
  }
  async listAliases(input: Named & Paging & { FunctionVersion?: string }) {
    return versions.listAliases(this.ctx, input);
  }

  // ---- concurrency and tags ----

  async putFunctionConcurrency(input: Named & { ReservedConcurrentExecutions: number }) {
    return settings.putFunctionConcurrency(this.ctx, input);
  }
  async getFunctionConcurrency(input: Named) {
    return settings.getFunctionConcurrency(this.ctx, input);
  }
  async deleteFunctionConcurrency(input: Named): Promise<void> {
    return settings.deleteFunctionConcurrency(this.ctx, input);
  }
  async tagResource(input: { Resource: string; Tags: Record<string, string> }): Promise<void> {
    return settings.tagResource(this.ctx, input);
  }
  async untagResource(input: { Resource: string; TagKeys: string[] }): Promise<void> {
    return settings.untagResource(this.ctx, input);
  }
  async listTags(input: { Resource: string }) {
    return settings.listTags(this.ctx, input);
  }
}

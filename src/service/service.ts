/**
 * The Step Functions API as use cases: one method per action, taking and returning AWS's request
 * and response shapes, failing with AWS's errors (`ServiceError`). Every request is first held to
 * AWS's API model (`ValidationException`), then to the action's own rules.
 */
import * as activities from './activities.js';
import * as aliases from './aliases.js';
import { checkShape } from './constraints.js';
import { createContext, type ServiceContext, type ServiceOptions } from './context.js';
import * as mapRuns from './map-runs.js';
import * as executions from './executions.js';
import * as machines from './machines.js';
import { SHAPES, type Action } from './shapes.js';
import * as tags from './tags.js';
import type {
  CreateStateMachineAliasInput,
  CreateStateMachineInput,
  GetExecutionHistoryInput,
  ListExecutionsInput,
  Page,
  PublishStateMachineVersionInput,
  StartExecutionInput,
  StopExecutionInput,
  Tag,
  UpdateStateMachineAliasInput,
  UpdateStateMachineInput,
  ValidateStateMachineDefinitionInput,
} from './types.js';

type Empty = Record<string, never>;
const empty = (): Empty => ({});

export class StepFunctionsService {
  private readonly ctx: ServiceContext;

  constructor(options: ServiceOptions = {}) {
    this.ctx = createContext(options);
  }

  /** The account and region the service answers for. */
  get account() {
    return this.ctx.account;
  }

  /** Resolves once every execution started so far has ended. */
  async idle(): Promise<void> {
    while (this.ctx.running.size) await Promise.all([...this.ctx.running.values()].map((r) => r.done));
  }

  /**
   * Starts carrying out the durable executions' work (timers, tasks) — after a restart, this is
   * the recovery: due timers fire, unfinished tasks run again.
   */
  async start(): Promise<void> {
    await this.ctx.runner.run();
  }

  /** Stops the work loop, waits for what it has in flight, and closes the store. */
  async close(): Promise<void> {
    await this.ctx.runner.close();
    await this.ctx.store.close();
  }

  /** Throws inside the (async) action, so that a refused request is a rejected promise like any other error. */
  private check<T extends object>(action: Action, request: T): T {
    checkShape(request, SHAPES[action]);
    return request;
  }

  // ---- state machines ----

  async createStateMachine(input: CreateStateMachineInput) {
    return machines.createStateMachine(this.ctx, this.check('CreateStateMachine', input));
  }
  async updateStateMachine(input: UpdateStateMachineInput) {
    return machines.updateStateMachine(this.ctx, this.check('UpdateStateMachine', input));
  }
  async deleteStateMachine(input: { stateMachineArn: string }): Promise<Empty> {
    await machines.deleteStateMachine(this.ctx, this.check('DeleteStateMachine', input).stateMachineArn);
    return empty();
  }
  async describeStateMachine(input: { stateMachineArn: string; includedData?: string }) {
    return machines.describeStateMachine(this.ctx, this.check('DescribeStateMachine', input).stateMachineArn);
  }
  async listStateMachines(input: Page = {}) {
    return machines.listStateMachines(this.ctx, this.check('ListStateMachines', input));
  }
  async validateStateMachineDefinition(input: ValidateStateMachineDefinitionInput) {
    return machines.validateStateMachineDefinition(this.check('ValidateStateMachineDefinition', input));
  }

  // ---- versions and aliases ----

  async publishStateMachineVersion(input: PublishStateMachineVersionInput) {
    return machines.publishStateMachineVersion(this.ctx, this.check('PublishStateMachineVersion', input));
  }
  async listStateMachineVersions(input: Page & { stateMachineArn: string }) {
    return machines.listStateMachineVersions(this.ctx, this.check('ListStateMachineVersions', input));
  }
  async deleteStateMachineVersion(input: { stateMachineVersionArn: string }): Promise<Empty> {
    await machines.deleteStateMachineVersion(this.ctx, this.check('DeleteStateMachineVersion', input).stateMachineVersionArn);
    return empty();
  }
  async createStateMachineAlias(input: CreateStateMachineAliasInput) {
    return aliases.createStateMachineAlias(this.ctx, this.check('CreateStateMachineAlias', input));
  }
  async describeStateMachineAlias(input: { stateMachineAliasArn: string }) {
    return aliases.describeStateMachineAlias(this.ctx, this.check('DescribeStateMachineAlias', input).stateMachineAliasArn);
  }
  async updateStateMachineAlias(input: UpdateStateMachineAliasInput) {
    return aliases.updateStateMachineAlias(this.ctx, this.check('UpdateStateMachineAlias', input));
  }
  async deleteStateMachineAlias(input: { stateMachineAliasArn: string }): Promise<Empty> {
    await aliases.deleteStateMachineAlias(this.ctx, this.check('DeleteStateMachineAlias', input).stateMachineAliasArn);
    return empty();
  }
  async listStateMachineAliases(input: Page & { stateMachineArn: string }) {
    return aliases.listStateMachineAliases(this.ctx, this.check('ListStateMachineAliases', input));
  }

  // ---- executions ----

  async startExecution(input: StartExecutionInput) {
    return executions.startExecution(this.ctx, this.check('StartExecution', input));
  }
  async startSyncExecution(input: StartExecutionInput) {
    return executions.startSyncExecution(this.ctx, this.check('StartSyncExecution', input));
  }
  async stopExecution(input: StopExecutionInput) {
    return executions.stopExecution(this.ctx, this.check('StopExecution', input));
  }
  async redriveExecution(input: { executionArn: string; clientToken?: string }) {
    return executions.redriveExecution(this.ctx, this.check('RedriveExecution', input).executionArn);
  }
  async describeMapRun(input: { mapRunArn: string }) {
    return mapRuns.describeMapRun(this.ctx, this.check('DescribeMapRun', input).mapRunArn);
  }
  async updateMapRun(input: mapRuns.UpdateMapRunInput): Promise<Empty> {
    await mapRuns.updateMapRun(this.ctx, this.check('UpdateMapRun', input));
    return {};
  }
  async listMapRuns(input: Page & { executionArn: string }) {
    return mapRuns.listMapRuns(this.ctx, this.check('ListMapRuns', input));
  }
  async describeExecution(input: { executionArn: string }) {
    return executions.describeExecution(this.ctx, this.check('DescribeExecution', input).executionArn);
  }
  async describeStateMachineForExecution(input: { executionArn: string }) {
    return executions.describeStateMachineForExecution(this.ctx, this.check('DescribeStateMachineForExecution', input).executionArn);
  }
  async listExecutions(input: ListExecutionsInput) {
    return executions.listExecutions(this.ctx, this.check('ListExecutions', input));
  }
  async getExecutionHistory(input: GetExecutionHistoryInput) {
    return executions.getExecutionHistory(this.ctx, this.check('GetExecutionHistory', input));
  }

  // ---- activities and task tokens ----

  async createActivity(input: { name: string; tags?: Tag[] }) {
    return activities.createActivity(this.ctx, this.check('CreateActivity', input));
  }
  async deleteActivity(input: { activityArn: string }): Promise<Empty> {
    await activities.deleteActivity(this.ctx, this.check('DeleteActivity', input).activityArn);
    return empty();
  }
  async describeActivity(input: { activityArn: string }) {
    return activities.describeActivity(this.ctx, this.check('DescribeActivity', input).activityArn);
  }
  async listActivities(input: Page = {}) {
    return activities.listActivities(this.ctx, this.check('ListActivities', input));
  }
  async getActivityTask(input: { activityArn: string; workerName?: string }) {
    const { activityArn, workerName } = this.check('GetActivityTask', input);
    return activities.getActivityTask(this.ctx, activityArn, workerName);
  }
  async sendTaskSuccess(input: { taskToken: string; output: string }): Promise<Empty> {
    const { taskToken, output } = this.check('SendTaskSuccess', input);
    await activities.sendTaskSuccess(this.ctx, taskToken, output);
    return empty();
  }
  async sendTaskFailure(input: { taskToken: string; error?: string; cause?: string }): Promise<Empty> {
    const { taskToken, error, cause } = this.check('SendTaskFailure', input);
    await activities.sendTaskFailure(this.ctx, taskToken, error, cause);
    return empty();
  }
  async sendTaskHeartbeat(input: { taskToken: string }): Promise<Empty> {
    await activities.sendTaskHeartbeat(this.ctx, this.check('SendTaskHeartbeat', input).taskToken);
    return empty();
  }

  // ---- tags ----

  async tagResource(input: { resourceArn: string; tags: Tag[] }): Promise<Empty> {
    await tags.tagResource(this.ctx, this.check('TagResource', input).resourceArn, input.tags);
    return empty();
  }
  async untagResource(input: { resourceArn: string; tagKeys: string[] }): Promise<Empty> {
    await tags.untagResource(this.ctx, this.check('UntagResource', input).resourceArn, input.tagKeys);
    return empty();
  }
  async listTagsForResource(input: { resourceArn: string }) {
    return tags.listTagsForResource(this.ctx, this.check('ListTagsForResource', input).resourceArn);
  }
}

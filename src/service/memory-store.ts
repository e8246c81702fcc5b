/** The `Store` in plain maps: for tests, the CLI and in-process use. Records are copied in and out, as a database would. */
import type { HistoryEvent } from '../engine/history.js';
import type {
  ActivityRecord,
  AliasRecord,
  ExecutionRecord,
  StateMachineRecord,
  Store,
  TaskTokenRecord,
  VersionRecord,
} from './store.js';
import type { Tag } from './types.js';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements Store {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly versions = new Map<string, VersionRecord>();
  private readonly aliases = new Map<string, AliasRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  private readonly activities = new Map<string, ActivityRecord>();
  private readonly tokens = new Map<string, TaskTokenRecord>();
  private readonly tags = new Map<string, Tag[]>();

  async getMachine(arn: string) {
    return read(this.machines, arn);
  }
  async putMachine(machine: StateMachineRecord) {
    this.machines.set(machine.arn, copy(machine));
  }
  async deleteMachine(arn: string) {
    this.machines.delete(arn);
    this.tags.delete(arn);
    for (const [k, v] of this.versions) if (v.stateMachineArn === arn) this.versions.delete(k);
    for (const [k, a] of this.aliases) if (a.stateMachineArn === arn) this.aliases.delete(k);
  }
  async listMachines() {
    return [...this.machines.values()].map(copy);
  }

  async getVersion(arn: string) {
    return read(this.versions, arn);
  }
  async putVersion(version: VersionRecord) {
    this.versions.set(version.arn, copy(version));
  }
  async deleteVersion(arn: string) {
    this.versions.delete(arn);
  }
  async listVersions(machineArn: string) {
    return [...this.versions.values()].filter((v) => v.stateMachineArn === machineArn).map(copy);
  }

  async getAlias(arn: string) {
    return read(this.aliases, arn);
  }
  async putAlias(alias: AliasRecord) {
    this.aliases.set(alias.arn, copy(alias));
  }
  async deleteAlias(arn: string) {
    this.aliases.delete(arn);
  }
  async listAliases(machineArn: string) {
    return [...this.aliases.values()].filter((a) => a.stateMachineArn === machineArn).map(copy);
  }

  async getExecution(arn: string) {
    return read(this.executions, arn);
  }
  async putExecution(execution: ExecutionRecord) {
    this.executions.set(execution.executionArn, copy(execution));
  }
  async listExecutions(machineArn: string) {
    return [...this.executions.values()].filter((e) => e.stateMachineArn === machineArn).map(copy);
  }
  async appendHistory(executionArn: string, events: HistoryEvent[]) {
    const history = this.histories.get(executionArn) ?? [];
    history.push(...events.map(copy));
    this.histories.set(executionArn, history);
  }
  async getHistory(executionArn: string) {
    return (this.histories.get(executionArn) ?? []).map(copy);
  }

  async getActivity(arn: string) {
    return read(this.activities, arn);
  }
  async putActivity(activity: ActivityRecord) {
    this.activities.set(activity.arn, copy(activity));
  }
  async deleteActivity(arn: string) {
    this.activities.delete(arn);
    this.tags.delete(arn);
  }
  async listActivities() {
    return [...this.activities.values()].map(copy);
  }

  async getTaskToken(token: string) {
    return read(this.tokens, token);
  }
  async putTaskToken(token: TaskTokenRecord) {
    this.tokens.set(token.token, copy(token));
  }

  async getTags(resourceArn: string) {
    return (this.tags.get(resourceArn) ?? []).map(copy);
  }
  async putTags(resourceArn: string, tags: Tag[]) {
    this.tags.set(resourceArn, tags.map(copy));
  }
}

function read<T>(map: Map<string, T>, key: string): T | undefined {
  const value = map.get(key);
  return value === undefined ? undefined : copy(value);
}

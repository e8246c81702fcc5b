/** The `Store` in plain maps: for tests, the CLI and in-process use. Records are copied in and out, as a database would. */
import type { HistoryEvent } from '../engine/history.js';
import {
  foldAsciiCase,
  StaleStateError,
  type ActivityRecord,
  type ChildExecutionCommit,
  type AliasRecord,
  type ClaimOptions,
  type ExecutionFilter,
  type ExecutionPageQuery,
  type ExecutionRecord,
  type ExecutionSearch,
  type ExecutionStateRecord,
  type ExecutionSummary,
  type StateMachineRecord,
  type StepCommit,
  type Store,
  type TaskTokenRecord,
  type VersionRecord,
  type WaitingToken,
  type WorkItem,
  type WorkKind,
} from './store.js';
import type { Tag } from '../service/types.js';

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
  private readonly states = new Map<string, ExecutionStateRecord>();
  private readonly work = new Map<string, WorkItem>();

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
  async listExecutionsPage(machineArn: string, q: ExecutionPageQuery) {
    return this.page((e) => e.stateMachineArn === machineArn, q);
  }
  async listMapRunExecutionsPage(mapRunArn: string, q: ExecutionPageQuery) {
    return this.page((e) => e.mapRunArn === mapRunArn, q);
  }
  private page(of: (e: ExecutionRecord) => boolean, q: ExecutionPageQuery): ExecutionRecord[] {
    const matches = (e: ExecutionRecord): boolean =>
      of(e) &&
      (q.versionArn === undefined || e.stateMachineVersionArn === q.versionArn) &&
      (q.aliasArn === undefined || e.stateMachineAliasArn === q.aliasArn) &&
      (q.statusFilter === undefined || e.status === q.statusFilter) &&
      (q.redriven === undefined || q.redriven === e.redriveCount > 0) &&
      (q.from === undefined || newestFirst(e, q.from) >= 0);
    return [...this.executions.values()].filter(matches).sort(newestFirst).slice(0, Math.max(0, q.limit)).map(copy);
  }
  async appendHistory(executionArn: string, events: HistoryEvent[]) {
    const history = this.histories.get(executionArn) ?? [];
    history.push(...events.map(copy));
    this.histories.set(executionArn, history);
  }
  async getHistory(executionArn: string) {
    return (this.histories.get(executionArn) ?? []).map(copy);
  }

  async getHistoryRange(executionArn: string, first: number, last: number) {
    return (this.histories.get(executionArn) ?? []).slice(Math.max(0, first - 1), Math.max(0, last)).map(copy);
  }

  async searchExecutions(q: ExecutionSearch): Promise<ExecutionSummary[]> {
    const page = this.filtered(q)
      .filter((e) => q.cursor === undefined || newestFirst(e, q.cursor) >= 0)
      .sort(newestFirst)
      .slice(0, Math.max(0, q.limit));
    return page.map(summaryOf);
  }
  async countExecutions(filter: ExecutionFilter) {
    return this.filtered(filter).length;
  }
  async listExecutionTimes(since: number) {
    return [...this.executions.values()]
      .filter((e) => e.startDate.getTime() >= since)
      .map((e) => ({
        stateMachineArn: e.stateMachineArn,
        executionArn: e.executionArn,
        status: e.status,
        startDate: e.startDate.getTime(),
        ...(e.stopDate && { stopDate: e.stopDate.getTime() }),
      }));
  }
  async listWaitingTokens(): Promise<WaitingToken[]> {
    const waiting: WaitingToken[] = [];
    for (const token of this.tokens.values()) {
      const e = this.executions.get(token.executionArn);
      const snapshot = this.states.get(token.executionArn)?.snapshot;
      if (token.status !== 'WAITING' || e?.status !== 'RUNNING' || !snapshot) continue;
      const work = token.taskId === undefined ? undefined : this.work.get(`${token.executionArn}|${token.taskId}`);
      waiting.push({
        token: copy(token),
        execution: { executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name },
        snapshot,
        ...(work && { work: copy(work) }),
      });
    }
    return waiting;
  }

  private filtered(f: ExecutionFilter): ExecutionRecord[] {
    const needle = f.nameContains === undefined ? undefined : foldAsciiCase(f.nameContains);
    return [...this.executions.values()].filter(
      (e) =>
        (f.stateMachineArn === undefined || e.stateMachineArn === f.stateMachineArn) &&
        (f.status === undefined || e.status === f.status) &&
        (f.from === undefined || e.startDate.getTime() >= f.from) &&
        (f.to === undefined || e.startDate.getTime() <= f.to) &&
        (needle === undefined || foldAsciiCase(e.name).includes(needle)),
    );
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

  async commitSteps(commits: StepCommit[]) {
    // Checked in order, as a transaction would: a later step of the same execution follows the earlier one.
    const versions = new Map<string, number>();
    for (const c of commits) {
      const arn = c.execution.executionArn;
      const stored = versions.get(arn) ?? this.states.get(arn)?.version ?? 0;
      if (c.version !== stored + 1) throw new StaleStateError(arn);
      versions.set(arn, c.version);
    }
    for (const c of commits) {
      const arn = c.execution.executionArn;
      if (c.version === 1 || c.executionChanged) this.executions.set(arn, copy(c.execution));
      this.states.set(arn, { executionArn: arn, version: c.version, snapshot: c.snapshot });
      if (c.events.length) await this.appendHistory(arn, c.events);
      for (const id of c.removeWork) this.work.delete(id);
      for (const item of c.addWork) this.work.set(item.id, copy(item));
      for (const t of c.tokens) this.tokens.set(t.token, copy(t));
      for (const child of c.children ?? []) await this.commitChild(child);
    }
  }
  private async commitChild(c: ChildExecutionCommit): Promise<void> {
    if (c.started) this.executions.set(c.executionArn, copy(c.started));
    const row = this.executions.get(c.executionArn);
    if (c.ended && row) this.executions.set(c.executionArn, { ...row, ...copy(c.ended) });
    if (c.events.length) await this.appendHistory(c.executionArn, c.events);
  }
  async getExecutionState(executionArn: string) {
    return read(this.states, executionArn);
  }
  async claimWork(o: ClaimOptions) {
    const due = [...this.work.values()]
      .filter((w) => o.kinds.includes(w.kind) && readyAt(w) <= o.now)
      .sort((a, b) => readyAt(a) - readyAt(b))
      .slice(0, o.limit);
    for (const w of due) lease(w, o.owner, o.now + o.leaseMs);
    return due.map(copy);
  }
  async claimActivityWork(activityArn: string, owner: string, now: number, leaseMs: number) {
    let oldest: WorkItem | undefined;
    for (const w of this.work.values()) {
      if (w.kind !== 'activity' || w.activityArn !== activityArn || readyAt(w) > now) continue;
      if (!oldest || readyAt(w) < readyAt(oldest)) oldest = w;
    }
    if (!oldest) return undefined;
    lease(oldest, owner, now + leaseMs);
    return copy(oldest);
  }
  async nextWorkDue(kinds: WorkKind[]) {
    let next: number | undefined;
    for (const w of this.work.values()) {
      if (!kinds.includes(w.kind)) continue;
      const at = readyAt(w);
      if (next === undefined || at < next) next = at;
    }
    return next;
  }
  async releaseLeases(owner: string) {
    let released = 0;
    for (const w of this.work.values()) {
      if (w.leaseOwner !== owner) continue;
      delete w.leaseOwner;
      delete w.leaseUntil;
      released++;
    }
    return released;
  }
  async listRunningExecutionArns() {
    return [...this.states.values()].filter((s) => s.snapshot !== null).map((s) => s.executionArn);
  }
  async close() {}
}

function summaryOf(e: ExecutionRecord): ExecutionSummary {
  const { executionArn, stateMachineArn, stateMachineVersionArn, stateMachineAliasArn, name, status, startDate, stopDate, redriveCount } = e;
  return copy({
    executionArn,
    stateMachineArn,
    ...(stateMachineVersionArn !== undefined && { stateMachineVersionArn }),
    ...(stateMachineAliasArn !== undefined && { stateMachineAliasArn }),
    name,
    status,
    startDate,
    ...(stopDate !== undefined && { stopDate }),
    redriveCount,
  });
}

type ExecutionKey = Pick<ExecutionRecord, 'startDate' | 'executionArn'>;

/** Newer start first; among executions started in the same millisecond, the greater ARN first. */
function newestFirst(a: ExecutionKey, b: ExecutionKey): number {
  const byDate = b.startDate.getTime() - a.startDate.getTime();
  return byDate !== 0 ? byDate : a.executionArn < b.executionArn ? 1 : a.executionArn > b.executionArn ? -1 : 0;
}

/**
 * When an item may be claimed: when due, or when its lease lapses. Claims go earliest ready
 * first, so a task that keeps losing its worker does not starve the ones that fell due meanwhile.
 */
const readyAt = (w: WorkItem): number => Math.max(w.dueAt, w.leaseUntil ?? w.dueAt);

function lease(w: WorkItem, owner: string, until: number): void {
  w.leaseOwner = owner;
  w.leaseUntil = until;
  w.attempts++;
}

function read<T>(map: Map<string, T>, key: string): T | undefined {
  const value = map.get(key);
  return value === undefined ? undefined : copy(value);
}

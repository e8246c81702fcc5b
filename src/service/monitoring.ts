/**
 * What the console watches: every step the durable runner commits comes here once
 * (`committed`), feeding the metrics and the live feed (execution status changes and history
 * events) that the console's stream sends on. At start, `load` fills the metrics from the store:
 * executions' start and stop dates over the retention window, and the failures and retries in
 * the histories of the latest failed executions (a bounded number of them).
 */
import type { HistoryEvent, HistoryEventType } from '../engine/history.js';
import type { StepCommit, Store } from '../store/store.js';
import { HistoryTracker, type StateIncident } from './monitoring-history.js';
import { MetricsAggregator, type MetricsQuery, type MetricsResult } from './monitoring-metrics.js';
import type { ExecutionStatus } from './types.js';

export interface MonitoringOptions {
  store: Store;
  /** How far back metrics reach (default 30 days). */
  retentionMs?: number;
  /** How many of the latest failed executions' histories `load` reads for hotspots (default 200). */
  failedHistories?: number;
  /** Epoch ms (default the system clock). */
  now?: () => number;
  /** Where faults of listeners and history reads are told (default stderr). */
  log?: (message: string, error: unknown) => void;
}

/** An execution's status as it changed: started, ended, redriven. Dates in epoch ms. */
export interface ExecutionChange {
  executionArn: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
}

export type LiveEvent =
  | { type: 'execution'; data: ExecutionChange }
  | { type: 'history'; data: { executionArn: string; events: HistoryEvent[] } };

export interface LiveListener {
  event(event: LiveEvent): void;
  /** The feed ends (the server is closing). */
  close(): void;
}

const STATUS_CHANGES = new Set<HistoryEventType>(['ExecutionStarted', 'ExecutionRedriven', 'ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const ENDINGS = new Set<HistoryEventType>(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const DAY_MS = 86_400_000;

export class Monitoring {
  private readonly store: Store;
  private readonly metrics: MetricsAggregator;
  private readonly tracker = new HistoryTracker();
  private readonly listeners = new Set<LiveListener>();
  /** Commits that arrive while `load` reads the store, counted after it (their live events go out at once). */
  private queued: StepCommit[] | undefined;
  /** Executions whose earlier history is being read before their new events can be placed. */
  private readonly placing = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private loaded: Promise<void> | undefined;
  private readonly log: (message: string, error: unknown) => void;

  constructor(private readonly options: MonitoringOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message, error) => console.error(`stepwise: ${message}:`, error));
    this.metrics = new MetricsAggregator(this.retentionMs);
  }

  private get retentionMs(): number {
    return this.options.retentionMs ?? 30 * DAY_MS;
  }

  /**
   * Starts `load` without waiting for it (a large store takes a moment): commits meanwhile wait
   * their turn, and `ready` resolves once the metrics are whole.
   */
  start(): void {
    this.loaded ??= this.load().catch((e: unknown) => this.log('the metrics could not be loaded from the store', e));
  }

  /** Resolves once `start`'s load is done (at once if it was never started). */
  async ready(): Promise<void> {
    await this.loaded;
  }

  async load(): Promise<void> {
    const since = this.now() - this.retentionMs;
    this.queued = [];
    try {
      for (const e of await this.store.listExecutionTimes(since)) {
        this.metrics.started(e.stateMachineArn, e.startDate);
        if (e.stopDate !== undefined) this.metrics.ended(e.stateMachineArn, e.status, e.stopDate, e.stopDate - e.startDate);
      }
      const failed = await this.store.searchExecutions({ status: 'FAILED', from: since, limit: this.options.failedHistories ?? 200 });
      for (const e of failed) {
        const history = await this.store.getHistory(e.executionArn);
        this.record(e.stateMachineArn, e.executionArn, new HistoryTracker().observe(e.executionArn, history));
      }
    } finally {
      const queued = this.queued;
      this.queued = undefined;
      for (const commit of queued) this.count(commit);
    }
  }

  /** The durable runner's hook: called once per committed step, after the commit. */
  committed(commit: StepCommit): void {
    this.publish(commit);
    if (this.queued) this.queued.push(commit);
    else this.count(commit);
  }

  private publish({ execution: record, events }: StepCommit): void {
    const arn = record.executionArn;
    if (events.length > 0) this.emit({ type: 'history', data: { executionArn: arn, events } });
    if (events.some((e) => STATUS_CHANGES.has(e.type))) {
      this.emit({
        type: 'execution',
        data: {
          executionArn: arn,
          stateMachineArn: record.stateMachineArn,
          status: record.status,
          startDate: record.startDate.getTime(),
          ...(record.stopDate && { stopDate: record.stopDate.getTime() }),
        },
      });
    }
  }

  private count({ execution: record, events }: StepCommit): void {
    const arn = record.executionArn;
    for (const e of events) {
      if (e.type === 'ExecutionStarted') this.metrics.started(record.stateMachineArn, record.startDate.getTime());
      if (ENDINGS.has(e.type) && record.stopDate) {
        this.metrics.ended(record.stateMachineArn, record.status, record.stopDate.getTime(), record.stopDate.getTime() - record.startDate.getTime());
      }
    }
    if (events.length > 0) this.place(record.stateMachineArn, arn, events, record.status !== 'RUNNING');
  }

  query(q: MetricsQuery): MetricsResult {
    return this.metrics.query(q);
  }

  totals() {
    return this.metrics.allTotals();
  }

  /** Listens to the live feed until the returned function is called. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Resolves once the incidents of every commit so far are counted (some wait for a history read). */
  async settled(): Promise<void> {
    while (this.placing.size) await Promise.all(this.placing.values());
  }

  /** Ends every listener's feed. */
  close(): void {
    for (const listener of [...this.listeners]) {
      this.listeners.delete(listener);
      listener.close();
    }
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener.event(event);
      } catch (e) {
        this.log('a console feed listener failed', e);
      }
    }
  }

  /**
   * Counts the failures and retries among an execution's new events. An execution met mid-way
   * (after a restart, or redriven after it ended) has its earlier history read first; its later
   * commits wait their turn behind that read.
   */
  private place(machineArn: string, arn: string, events: HistoryEvent[], ended: boolean): void {
    const before = this.placing.get(arn);
    if (!before && this.tracker.knows(arn, events)) {
      this.record(machineArn, arn, this.tracker.observe(arn, events));
      if (ended) this.tracker.forget(arn);
      return;
    }
    const placed = (before ?? Promise.resolve())
      .then(async () => {
        if (!this.tracker.knows(arn, events)) {
          const earlier = (await this.store.getHistory(arn)).filter((e) => e.id < events[0].id);
          this.tracker.observe(arn, earlier);
        }
        this.record(machineArn, arn, this.tracker.observe(arn, events));
        if (ended) this.tracker.forget(arn);
      })
      .catch((e: unknown) => this.log(`the metrics of ${arn} could not be counted`, e))
      .finally(() => {
        if (this.placing.get(arn) === placed) this.placing.delete(arn);
      });
    this.placing.set(arn, placed);
  }

  private record(machineArn: string, executionArn: string, incidents: StateIncident[]): void {
    for (const i of incidents) this.metrics.incident(machineArn, i.kind, i.stateName, i.error, i.at, executionArn);
  }
}

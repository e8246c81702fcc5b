/**
 * Group commit: the steps that different executions make in the same turn of the event loop
 * are written in one store transaction (one fsync), and each caller still waits for its own
 * step to be durable. A stale step must not sink the batch, so a rejected batch is retried one
 * commit at a time and only the stale ones fail.
 */
import { StaleStateError, type StepCommit, type Store } from '../store/store.js';

interface Pending {
  commit: StepCommit;
  resolve(): void;
  reject(e: unknown): void;
}

export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly maxBatch = 512,
  ) {}

  commit(commit: StepCommit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ commit, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.store.commitSteps(batch.map((p) => p.commit));
        for (const p of batch) p.resolve();
      } catch (e) {
        if (!(e instanceof StaleStateError) || batch.length === 1) {
          for (const p of batch) p.reject(e);
          continue;
        }
        for (const p of batch) {
          try {
            await this.store.commitSteps([p.commit]);
            p.resolve();
          } catch (inner) {
            p.reject(inner);
          }
        }
      }
    }
  }
}

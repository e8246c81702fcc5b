/**
 * How many execution environments may be starting at once: at most `perGroup` for one function
 * and `total` in all. Starting a runtime is CPU work (a Node process is ~50 ms of CPU before it
 * runs a line of the function), so starting more at once than the machine has cores only makes
 * every one of them slower — after a restart hundreds would start together and each take seconds.
 *
 * Requests are served first come, first served, except that one whose function is at its own
 * limit lets those behind it for other functions go ahead: one function's storm of starts does
 * not hold up another's single start.
 */

export interface StartLimits {
  /** Starts at once across all functions. */
  total: number;
  /** Starts at once for one function. */
  perGroup: number;
}

interface Request {
  group: string;
  grant: (release: () => void) => void;
}

export class StartLimiter {
  private readonly running = new Map<string, number>();
  private runningTotal = 0;
  private readonly queue: Request[] = [];

  constructor(private readonly limits: StartLimits) {
    if (!(limits.total >= 1 && limits.perGroup >= 1)) throw new RangeError(`start limits must be at least 1: ${JSON.stringify(limits)}`);
  }

  /** Resolves, once the group may start one more, to the function that says it is done starting. */
  acquire(group: string): Promise<() => void> {
    return new Promise((grant) => {
      this.queue.push({ group, grant });
      this.grantWhatFits();
    });
  }

  /** Starts under way, for one group or in all. */
  starting(group?: string): number {
    return group === undefined ? this.runningTotal : (this.running.get(group) ?? 0);
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  private grantWhatFits(): void {
    for (let i = 0; i < this.queue.length && this.runningTotal < this.limits.total; ) {
      const { group, grant } = this.queue[i];
      const running = this.running.get(group) ?? 0;
      if (running >= this.limits.perGroup) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.running.set(group, running + 1);
      this.runningTotal++;
      grant(this.releaser(group));
    }
  }

  private releaser(group: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(group) ?? 1) - 1;
      if (left > 0) this.running.set(group, left);
      else this.running.delete(group);
      this.runningTotal--;
      this.grantWhatFits();
    };
  }
}

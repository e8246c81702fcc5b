/**
 * Each function's log, as CloudWatch Logs would hold it: a bounded ring of recent lines in memory,
 * appended to `<logDir>/<function>.log` when a directory is given, and followable.
 *
 * The ring and the followers get each line at once. The file gets them in batches, every
 * FLUSH_MS: an invocation writes at least three lines (START, END, REPORT), so at thousands of
 * invocations a second a write per line (each a trip through libuv's thread pool) is a large
 * part of the server's work, and a batch is one write where there were hundreds.
 * `stepwise logs --follow` polls the file every 200 ms, so it sees no difference.
 */
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from './types.js';

const DEFAULT_CAPACITY = 2000;
const FLUSH_MS = 20;

/** Where function logs live under a Stepwise data directory: pass it as FunctionRuntime's `logDir`. */
export function functionLogDir(dataDir: string): string {
  return join(dataDir, 'logs', 'functions');
}

export function functionLogFile(logDir: string, functionName: string): string {
  return join(logDir, `${functionName}.log`);
}

/** One line of the log file: timestamp, stream, message — the layout of `aws logs tail`. */
export function formatLogLine(entry: LogEntry): string {
  return `${new Date(entry.timestamp).toISOString()} ${entry.logStreamName} ${entry.message.replace(/\r/g, '\n')}\n`;
}

class Ring {
  private readonly items: LogEntry[] = [];
  private start = 0;
  constructor(private readonly capacity: number) {}

  push(entry: LogEntry): void {
    if (this.items.length < this.capacity) this.items.push(entry);
    else {
      this.items[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  toArray(): LogEntry[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

export class LogStore {
  private readonly rings = new Map<string, Ring>();
  private readonly files = new Map<string, WriteStream>();
  private readonly events = new EventEmitter();
  /** Lines not yet written, by function. */
  private readonly pending = new Map<string, string>();
  private flushing?: NodeJS.Timeout;

  constructor(
    private readonly logDir?: string,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    this.events.setMaxListeners(0);
  }

  append(entry: LogEntry): void {
    let ring = this.rings.get(entry.functionName);
    if (!ring) this.rings.set(entry.functionName, (ring = new Ring(this.capacity)));
    ring.push(entry);
    if (this.logDir) {
      this.pending.set(entry.functionName, (this.pending.get(entry.functionName) ?? '') + formatLogLine(entry));
      this.flushing ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
    }
    this.events.emit(entry.functionName, entry);
  }

  recent(functionName: string): LogEntry[] {
    return this.rings.get(functionName)?.toArray() ?? [];
  }

  /** Calls `listener` with every new line of the function's log until the returned function is called. */
  follow(functionName: string, listener: (entry: LogEntry) => void): () => void {
    this.events.on(functionName, listener);
    return () => this.events.off(functionName, listener);
  }

  async close(): Promise<void> {
    this.flush();
    const closing = [...this.files.values()].map((f) => new Promise<void>((resolve) => f.end(resolve)));
    this.files.clear();
    await Promise.all(closing);
  }

  private flush(): void {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    for (const [functionName, text] of this.pending) this.file(functionName)?.write(text);
    this.pending.clear();
  }

  private file(functionName: string): WriteStream | undefined {
    if (!this.logDir) return undefined;
    let file = this.files.get(functionName);
    if (!file) {
      mkdirSync(this.logDir, { recursive: true });
      file = createWriteStream(functionLogFile(this.logDir, functionName), { flags: 'a' });
      // A full disk or a removed directory must not take the server down; the ring still has the lines.
      file.on('error', () => this.files.delete(functionName));
      this.files.set(functionName, file);
    }
    return file;
  }
}

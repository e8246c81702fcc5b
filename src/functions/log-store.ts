/**
 * Each function's log, as CloudWatch Logs would hold it: a bounded ring of recent lines in memory,
 * appended to `<logDir>/<function>.log` when a directory is given, and followable.
 */
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from './types.js';

const DEFAULT_CAPACITY = 2000;

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
    this.file(entry.functionName)?.write(formatLogLine(entry));
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
    const closing = [...this.files.values()].map((f) => new Promise<void>((resolve) => f.end(resolve)));
    this.files.clear();
    await Promise.all(closing);
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

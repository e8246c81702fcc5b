/**
 * Memory of an execution environment's process, read from /proc (Linux). Where /proc is missing
 * the readings are undefined and only the runtime's own limits (V8's heap cap) apply.
 *
 * Every invocation ends with a reading (its REPORT's Max Memory Used), so the status file is
 * opened once per process and re-read in place: one pread instead of open, fstat, read and close.
 * The descriptor stays bound to the process it was opened for, whatever later takes its pid.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface MemoryReading {
  /** Resident set size now, in KB. */
  rssKB: number;
  /** Peak resident set size over the process's life, in KB. */
  peakKB: number;
}

const RSS = /VmRSS:\s+(\d+) kB/;
const HWM = /VmHWM:\s+(\d+) kB/;
/** /proc/<pid>/status is about 1.5 KB. */
const STATUS_BYTES = 4096;

export class MemoryReader {
  private fd: number | undefined;
  private readonly buffer = Buffer.allocUnsafe(STATUS_BYTES);

  constructor(pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  /** The process's memory now; undefined without /proc, or once the process is gone. */
  read(): MemoryReading | undefined {
    if (this.fd === undefined) return undefined;
    let status: string;
    try {
      status = this.buffer.toString('latin1', 0, readSync(this.fd, this.buffer, 0, STATUS_BYTES, 0));
    } catch {
      return undefined;
    }
    const rss = RSS.exec(status);
    const hwm = HWM.exec(status);
    if (!rss || !hwm) return undefined;
    return { rssKB: Number(rss[1]), peakKB: Number(hwm[1]) };
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

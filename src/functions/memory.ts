/**
 * Memory of an execution environment's process, read from /proc (Linux). Where /proc is missing
 * the readings are undefined and only the runtime's own limits (V8's heap cap) apply.
 */
import { readFileSync } from 'node:fs';

export interface MemoryReading {
  /** Resident set size now, in KB. */
  rssKB: number;
  /** Peak resident set size over the process's life, in KB. */
  peakKB: number;
}

const RSS = /VmRSS:\s+(\d+) kB/;
const HWM = /VmHWM:\s+(\d+) kB/;

export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const rss = RSS.exec(status);
  const hwm = HWM.exec(status);
  if (!rss || !hwm) return undefined;
  return { rssKB: Number(rss[1]), peakKB: Number(hwm[1]) };
}

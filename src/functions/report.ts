/**
 * The platform lines Lambda writes around each invocation (START, END, REPORT, INIT_REPORT) and
 * how it bills: duration rounded up to the millisecond, times memory in GB.
 */

export interface InvocationReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  /** 'timeout' or 'error' (with the Lambda error type) when the platform ended the invocation. */
  status?: { kind: 'timeout' } | { kind: 'error'; errorType: string };
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(r: InvocationReport): string {
  const parts = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMB} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMB} MB`,
  ];
  if (r.initDurationMs !== undefined) parts.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.status?.kind === 'timeout') parts.push('Status: timeout');
  if (r.status?.kind === 'error') parts.push('Status: error', `Error Type: ${r.status.errorType}`);
  return `${parts.join('\t')}\t`;
}

export function initReportLine(initDurationMs: number, errorType: string): string {
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`;
}

/**
 * Billed milliseconds. Since August 2025 AWS bills the INIT phase of on-demand functions too, so
 * a cold start's init time is part of the billed duration.
 */
export function billedDuration(durationMs: number, initDurationMs?: number): number {
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}

export function gbSeconds(billedMs: number, memorySizeMB: number): number {
  return (billedMs / 1000) * (memorySizeMB / 1024);
}

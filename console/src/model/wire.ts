/** Reading AWS JSON as the console receives it: dates and payloads in their wire forms. */

/** AWS JSON dates are epoch seconds; the console's own API sends epoch ms; the engine, ISO text. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const n = Number(value);
    return Number.isFinite(n) && value.trim() !== '' ? parseTimestamp(n) : Date.parse(value);
  }
  return NaN;
}

/** A payload sent as JSON text (`input`, `output`) as its value; text that is not JSON stays text. */
export function payloadValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A payload for reading: pretty JSON, or the text itself. */
export function formatPayload(value: unknown): string {
  if (value === undefined) return '';
  const parsed = payloadValue(value);
  return typeof parsed === 'string' && parsed === value ? parsed : JSON.stringify(parsed, null, 2);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The last part of an ARN: a machine's or execution's name, a function's name. */
export function arnName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

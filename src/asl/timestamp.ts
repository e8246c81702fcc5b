/** Timestamps as AWS reads them in Choice rules and Wait states. */

/** A point in time: whole seconds since the epoch plus nanoseconds, so that comparisons are exact. */
export interface Instant {
  readonly seconds: number;
  readonly nanos: number;
}

// AWS parses timestamps as Java's ISO_OFFSET_DATE_TIME (its runtime errors name "ISO-8601 extended
// offset date-time"): case-insensitive 'T'/'Z', optional seconds, up to 9 fraction digits, an offset
// of ±HH:MM[:SS] or Z, and strict calendar fields.
const TIMESTAMP_SYNTAX =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{0,9}))?)?(?:[Zz]|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/;

/** The instant a timestamp string denotes, or undefined when AWS would not accept it as one. */
export function parseTimestamp(text: string): Instant | undefined {
  const m = TIMESTAMP_SYNTAX.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = Number(m[6] ?? 0);
  const [offH, offM, offS] = [m[9], m[10], m[11]].map((s) => Number(s ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (offM > 59 || offS > 59 || offH * 3600 + offM * 60 + offS > 18 * 3600) return undefined;
  const offset = (m[8] === '-' ? -1 : 1) * (offH * 3600 + offM * 60 + offS);
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return { seconds, nanos: Number((m[7] ?? '').padEnd(9, '0')) };
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch milliseconds of an instant. */
export const instantToMillis = (i: Instant): number => i.seconds * 1000 + Math.floor(i.nanos / 1e6);

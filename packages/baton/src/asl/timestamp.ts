/**
 * Timestamps as Step Functions reads and writes them, in pure arithmetic (the core may not use
 * `Date`).
 *
 * Reading: the ASL specification ("Timestamps") asks for RFC 3339 with an uppercase `T` and `Z`.
 * Step Functions' own error text names what it really runs, Java's ISO_OFFSET_DATE_TIME ("cannot
 * be parsed as an ISO-8601 extended offset date-time format string"), so this parser accepts
 * exactly that grammar: `yyyy-MM-ddTHH:mm[:ss[.fffffffff]]` followed by `Z` or a numeric offset
 * (`+HH`, `+HH:MM`, `+HHMM`, `+HH:MM:ss`), letters case-insensitive, fields range-checked strictly
 * (no hour 24, no second 60, no February 30). Years are the four-digit years 0000–9999.
 *
 * Writing: the context object and history carry `2024-01-01T00:00:00.000Z` (UTC, milliseconds).
 */

/**
 * An instant read from a timestamp, exact to the nanosecond the text can carry. Milliseconds
 * alone would make `…00.0001Z` equal to `…00.0002Z`, and a float cannot hold epoch nanoseconds,
 * so the sub-millisecond part is kept apart; {@link compareTimestamps} orders the pair.
 * Fields that only need milliseconds (Wait) use {@link parseTimestamp}.
 */
export interface Timestamp {
  /** Epoch milliseconds, rounded down. */
  readonly epochMillis: number;
  /** Nanoseconds past `epochMillis`, 0–999 999. */
  readonly nanoOfMillis: number;
}

const MS_PER_DAY = 86_400_000;

/** Reads a timestamp as epoch milliseconds (rounded down), or `undefined` when Step Functions would refuse it. */
export function parseTimestamp(text: string): number | undefined {
  return parseExactTimestamp(text)?.epochMillis;
}

/** Reads a timestamp to the nanosecond, for comparisons (Choice rules' Timestamp operators). */
export function parseExactTimestamp(text: string): Timestamp | undefined {
  const r = new Reader(text);
  const year = r.digits(4);
  if (year === undefined || !r.char('-')) return undefined;
  const month = r.digits(2);
  if (month === undefined || !r.char('-')) return undefined;
  const day = r.digits(2);
  if (day === undefined || !r.letter('T')) return undefined;
  const hour = r.digits(2);
  if (hour === undefined || !r.char(':')) return undefined;
  const minute = r.digits(2);
  if (minute === undefined) return undefined;
  let second = 0;
  let nanos = 0;
  if (r.char(':')) {
    const s = r.digits(2);
    if (s === undefined) return undefined;
    second = s;
    if (r.char('.')) {
      const f = r.fraction();
      if (f === undefined) return undefined;
      nanos = f;
    }
  }
  const offsetSeconds = r.offset();
  if (offsetSeconds === undefined || !r.atEnd()) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const epochSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const nanoMillis = Math.floor(nanos / 1_000_000);
  return { epochMillis: epochSeconds * 1000 + nanoMillis, nanoOfMillis: nanos - nanoMillis * 1_000_000 };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.epochMillis - b.epochMillis || a.nanoOfMillis - b.nanoOfMillis;
}

/** Writes epoch milliseconds the way AWS writes them in the context object: `2024-01-01T00:00:00.000Z`. */
export function formatTimestamp(epochMillis: number): string {
  const days = Math.floor(epochMillis / MS_PER_DAY);
  let ms = epochMillis - days * MS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const hour = Math.floor(ms / 3_600_000);
  ms -= hour * 3_600_000;
  const minute = Math.floor(ms / 60_000);
  ms -= minute * 60_000;
  const second = Math.floor(ms / 1000);
  ms -= second * 1000;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
}

/** A cursor over the text: each method consumes what it recognises and reports failure as `undefined`/`false`. */
class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i === this.s.length;
  }

  char(c: string): boolean {
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  /** Java's ISO formatter parses case-insensitively, so `t` and `z` pass too. */
  letter(upper: string): boolean {
    return this.char(upper) || this.char(upper.toLowerCase());
  }

  digits(count: number): number | undefined {
    let n = 0;
    for (let k = 0; k < count; k++) {
      const d = this.s.charCodeAt(this.i + k) - 48;
      if (!(d >= 0 && d <= 9)) return undefined; // NaN past the end fails too
      n = n * 10 + d;
    }
    this.i += count;
    return n;
  }

  /** One to nine fraction digits, as nanoseconds. */
  fraction(): number | undefined {
    let nanos = 0;
    let count = 0;
    for (;;) {
      const d = this.s.charCodeAt(this.i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      if (++count > 9) return undefined;
      nanos = nanos * 10 + d;
      this.i++;
    }
    return count === 0 ? undefined : nanos * 10 ** (9 - count);
  }

  /** `Z`, or `±HH[[:]MM[[:]ss]]` up to ±18:00, as seconds east of UTC. */
  offset(): number | undefined {
    if (this.letter('Z')) return 0;
    const sign = this.char('+') ? 1 : this.char('-') ? -1 : 0;
    if (sign === 0) return undefined;
    const hours = this.digits(2);
    if (hours === undefined) return undefined;
    let minutes = 0;
    let seconds = 0;
    if (!this.atEnd()) {
      const colon = this.char(':');
      const m = this.digits(2);
      if (m === undefined) return undefined;
      minutes = m;
      if (!this.atEnd()) {
        if (colon !== this.char(':')) return undefined;
        const sec = this.digits(2);
        if (sec === undefined) return undefined;
        seconds = sec;
      }
    }
    const total = hours * 3600 + minutes * 60 + seconds;
    if (minutes > 59 || seconds > 59 || total > 18 * 3600) return undefined;
    return sign * total;
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of {@link daysFromCivil}: [year, month, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

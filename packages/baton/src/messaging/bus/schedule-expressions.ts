/**
 * Schedule expressions of scheduled rules (user guide, "Cron expressions reference" and "Rate
 * expressions reference"): `rate(value unit)`, the unit singular exactly when the value is 1; and
 * `cron(minutes hours day-of-month month day-of-week year)` in UTC, one of the two day fields `?`,
 * with `L`, `W` and `#` where AWS allows them. Cron times are computed by croner in its Quartz
 * weekday mode (1 = Sunday) with a seconds field of 0 put in front; what croner would also accept
 * but AWS refuses is refused here first.
 */
import { Cron } from 'croner';

export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly cron: Cron };

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Characters each cron field may use (the guide's "Wildcards" column, names of months and days included). */
const FIELDS: readonly RegExp[] = [
  /^[0-9,\-*/]+$/, // minutes
  /^[0-9,\-*/]+$/, // hours
  /^[0-9,\-*/?LW]+$/, // day-of-month
  /^[0-9A-Za-z,\-*/]+$/, // month
  /^[0-9A-Za-z,\-*?L#]+$/, // day-of-week
  /^[0-9,\-*/]+$/, // year
];
const YEARS = { min: 1970, max: 2199 };

/** The expression, or undefined when AWS would answer "Parameter ScheduleExpression is not valid." */
export function parseScheduleExpression(text: string): ScheduleExpression | undefined {
  const rate = RATE.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    const plural = unit.endsWith('s');
    if (value < 1 || plural !== value > 1) return undefined;
    return { kind: 'rate', periodMs: value * UNIT_MS[plural ? unit.slice(0, -1) : unit]! };
  }
  const cron = /^cron\((.*)\)$/.exec(text);
  return cron ? parseCron(cron[1]!) : undefined;
}

function parseCron(body: string): ScheduleExpression | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6 || fields.some((f, i) => !FIELDS[i]!.test(f))) return undefined;
  const [, , dayOfMonth, , dayOfWeek, year] = fields as [string, string, string, string, string, string];
  // Exactly one of the day fields is '?', and '?' stands alone.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return undefined;
  if ((dayOfMonth.includes('?') && dayOfMonth !== '?') || (dayOfWeek.includes('?') && dayOfWeek !== '?')) {
    return undefined;
  }
  // '#' names one instance only ("3#1,6#3" is two expressions, which AWS refuses).
  if (dayOfWeek.includes('#') && dayOfWeek.includes(',')) return undefined;
  const years = year.match(/\d+/g)?.map(Number) ?? [];
  if (years.some((y) => y < YEARS.min || y > YEARS.max)) return undefined;
  // A lone 'L' among the week days is its last day, Saturday (7 in Quartz numbering).
  const weekDays = dayOfWeek === 'L' ? '7' : dayOfWeek;
  try {
    const pattern = ['0', ...fields.slice(0, 4), weekDays, year].join(' ');
    const compiled = new Cron(pattern, {
      timezone: 'UTC',
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
    });
    return { kind: 'cron', cron: compiled };
  } catch {
    return undefined;
  }
}

/**
 * The first fire time strictly after `after`, or undefined when there is none. A rate runs from
 * `anchor`, the moment its schedule started ("A rate expression starts when you create the
 * scheduled event rule"): its times are anchor + k·period, k ≥ 1.
 */
export function nextFireTime(expression: ScheduleExpression, after: number, anchor: number): number | undefined {
  if (expression.kind === 'rate') {
    const k = after < anchor ? 1 : Math.floor((after - anchor) / expression.periodMs) + 1;
    return anchor + k * expression.periodMs;
  }
  return expression.cron.nextRun(new Date(after))?.getTime();
}

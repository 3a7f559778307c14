/**
 * Calendar dates as integer day numbers (days since 1970-01-01, proleptic Gregorian), so the hot
 * loops compare integers and never build Date objects. Pure: no clock.
 */

/** Stands for "never" in a date column: a missing `repairedAt`, an open `until`, a pending objection. */
export const DAY_NEVER = 2147483647;

/**
 * Day number of a civil date (Howard Hinnant's days_from_civil).
 *
 * @example
 * dayFromCivil(1970, 1, 1) // → 0
 */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number: `[year, month, day]`. */
export function civilFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * Parses `YYYY-MM-DD` to a day number; NaN when the text is not a real calendar date
 * (`2023-02-30`).
 *
 * @example
 * parseDay('2026-10-31') // → 20757
 */
export function parseDay(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  let y = 0;
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return NaN;
    y = y * 10 + c;
  }
  const m1 = text.charCodeAt(5) - 48;
  const m2 = text.charCodeAt(6) - 48;
  const d1 = text.charCodeAt(8) - 48;
  const d2 = text.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return dayFromCivil(y, m, d);
}

/** Like `parseDay` but throws on a bad date (for dates already validated upstream). */
export function dayOrThrow(text: string): number {
  const d = parseDay(text);
  if (Number.isNaN(d)) throw new Error(`invalid date: ${text}`);
  return d;
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDay(dayNumber: number): string {
  const [y, m, d] = civilFromDay(dayNumber);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The date `years` years and `months` months before `at`, clamping the day to the target month
 * (CONTRACTS §1: 29 February minus one year is 28 February; 31 March minus one month is 28/29 Feb).
 *
 * @example
 * formatDay(subtractWindow(parseDay('2024-02-29'), 1, 0)) // → '2023-02-28'
 */
export function subtractWindow(at: number, years: number, months: number): number {
  const [y, m, d] = civilFromDay(at);
  let total = y * 12 + (m - 1) - years * 12 - months;
  const ty = Math.floor(total / 12);
  total -= ty * 12;
  const tm = total + 1;
  return dayFromCivil(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

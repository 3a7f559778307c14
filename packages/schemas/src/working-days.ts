/**
 * Working days in mainland China: Monday–Friday, minus the official public holidays, plus the
 * make-up working days (调休上班) announced each year by the General Office of the State Council.
 */

interface YearCalendar {
  /** Days off (放假), `MM-DD`, ranges inclusive. */
  holidays: string[];
  /** Weekend days that are working days (调休上班), `MM-DD`. */
  workdays: string[];
  /** True when the year's arrangement was not yet published: only the statutory holidays are known. */
  provisional?: boolean;
}

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  const [m, d1] = from.split('-').map(Number) as [number, number];
  const [m2, d2] = to.split('-').map(Number) as [number, number];
  const year = 2001; // any non-leap year: only used to walk month ends (February ranges never cross 02-28 here)
  for (let t = Date.UTC(year, m - 1, d1); t <= Date.UTC(year, m2 - 1, d2); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(5, 10));
  }
  return out;
};

/** The announced arrangements (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号). */
export const CHINA_CALENDAR: Record<number, YearCalendar> = {
  2024: {
    holidays: [
      '01-01',
      ...range('02-10', '02-17'),
      ...range('04-04', '04-06'),
      ...range('05-01', '05-05'),
      '06-10',
      ...range('09-15', '09-17'),
      ...range('10-01', '10-07'),
    ],
    workdays: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  },
  2025: {
    holidays: [
      '01-01',
      ...range('01-28', '02-04'),
      ...range('04-04', '04-06'),
      ...range('05-01', '05-05'),
      ...range('05-31', '06-02'),
      ...range('10-01', '10-08'),
    ],
    workdays: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    holidays: [
      ...range('01-01', '01-03'),
      ...range('02-15', '02-23'),
      ...range('04-04', '04-06'),
      ...range('05-01', '05-05'),
      ...range('06-19', '06-21'),
      ...range('09-25', '09-27'),
      ...range('10-01', '10-07'),
    ],
    workdays: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
  // The 2027 arrangement is announced in late 2026: until then only the statutory holidays
  // (全国年节及纪念日放假办法, 2024 revision) are listed; update when the notice appears.
  2027: {
    holidays: ['01-01', ...range('02-05', '02-08'), '04-05', '05-01', '05-02', '06-09', '09-15', ...range('10-01', '10-03')],
    workdays: [],
    provisional: true,
  },
};

const holidaySet = new Set<string>();
const workdaySet = new Set<string>();
for (const [year, cal] of Object.entries(CHINA_CALENDAR)) {
  for (const d of cal.holidays) holidaySet.add(`${year}-${d}`);
  for (const d of cal.workdays) workdaySet.add(`${year}-${d}`);
}

const DAY = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * True when `date` (YYYY-MM-DD) is a working day: a weekday that is not a public holiday, or a
 * make-up working day. Outside 2024–2027 only weekends count as days off.
 *
 * @example
 * isWorkingDay('2024-10-01') // → false (国庆节)
 * isWorkingDay('2024-10-12') // → true (Saturday, 调休上班)
 */
export function isWorkingDay(date: string): boolean {
  if (workdaySet.has(date)) return true;
  if (holidaySet.has(date)) return false;
  const dow = new Date(toTime(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The date `n` working days after `date` (the start date itself is not counted).
 *
 * @example
 * addWorkingDays('2024-09-27', 10) // → '2024-10-16' (counts Sunday 09-29 and Saturday 10-12, skips 国庆节)
 */
export function addWorkingDays(date: string, n: number): string {
  let t = toTime(date);
  let left = n;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(toDate(t))) left--;
  }
  return toDate(t);
}

/**
 * Number of working days in the interval (from, to]: 0 when `to` is not after `from`.
 *
 * @example
 * workingDaysBetween('2024-09-30', '2024-10-08') // → 1
 */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let t = toTime(from) + DAY, end = toTime(to); t <= end; t += DAY) if (isWorkingDay(toDate(t))) count++;
  return count;
}

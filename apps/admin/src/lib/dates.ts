/** Dates as the admin shows them: today's date for "in force today", and times in the browser's time zone. */
import dayjs from 'dayjs';

/** Today's date in the browser's time zone, YYYY-MM-DD (what "in force today" means to the user). */
export function todayIso(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function format(iso: string | null | undefined, pattern: string, empty: string): string {
  if (!iso) return empty;
  const d = dayjs(iso);
  return d.isValid() ? d.format(pattern) : iso;
}

/** `2026-11-21T14:02:03.000Z` → `2026-11-21 22:02` (local time); '' when there is none. */
export const formatDateTime = (iso: string | null | undefined): string => format(iso, 'YYYY-MM-DD HH:mm', '');

/** An ISO time as local `YYYY-MM-DD HH:mm:ss` (logs, reviews, imports); '—' when there is none. */
export const formatTimestamp = (iso: string | null | undefined): string =>
  format(iso, 'YYYY-MM-DD HH:mm:ss', '—');

/** Where a calendar date lies from `today` (both YYYY-MM-DD): before, on or after it. */
export type DayPlace = 'past' | 'today' | 'future';

export function dayPlace(date: string, today = todayIso()): DayPlace {
  return date < today ? 'past' : date === today ? 'today' : 'future';
}

/** Whole days from `today` to `date` (negative in the past), in calendar days whatever the time zone. */
export function daysFrom(date: string, today = todayIso()): number {
  const ms = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** Day of the week of a YYYY-MM-DD date, 0 = Sunday (the calendar's, not the browser's time zone). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** `date` plus `days` calendar days, YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

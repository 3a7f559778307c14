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
export const formatTimestamp = (iso: string | null | undefined): string => format(iso, 'YYYY-MM-DD HH:mm:ss', '—');

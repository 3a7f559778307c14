/**
 * The calendar day of the credit office. Every "today" on the server (the publish day, the day a
 * retroactive date is measured against, deadlines, the documents in force for a read without a date)
 * is the day in China's time zone, whatever the server's own clock zone is: a server running on UTC
 * must not call 00:30 Beijing time on 27 November "26 November".
 */
export const OFFICE_TIME_ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The office's calendar day (YYYY-MM-DD) at an instant (default now); an ISO timestamp or a Date. */
export function officeDay(instant: Date | string | number = Date.now()): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  let y = '';
  let m = '';
  let d = '';
  for (const p of parts.formatToParts(date)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return `${y}-${m}-${d}`;
}

/** China has kept UTC+8 all year since 1991 (no daylight saving time). */
const OFFICE_UTC_OFFSET = '+08:00';

/** The last instant of an office day as a UTC ISO timestamp (for "published on or before that day"). */
export function officeDayEnd(date: string): string {
  const time = Date.parse(`${date}T23:59:59.999${OFFICE_UTC_OFFSET}`);
  if (Number.isNaN(time)) throw new RangeError(`not a date: ${date}`);
  return new Date(time).toISOString();
}

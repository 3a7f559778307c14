import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';

describe('working days', () => {
  it('weekends are off, weekdays are on', () => {
    expect(isWorkingDay('2024-03-09')).toBe(false); // Saturday
    expect(isWorkingDay('2024-03-11')).toBe(true); // Monday
  });

  it('public holidays on weekdays are off (国庆节, 春节, 2025 除夕)', () => {
    expect(isWorkingDay('2024-10-01')).toBe(false);
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday, 正月初七
    expect(isWorkingDay('2025-01-28')).toBe(false);
  });

  it('make-up working days (调休) on weekends are on', () => {
    expect(isWorkingDay('2024-10-12')).toBe(true); // Saturday
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday
  });

  it('addWorkingDays skips a holiday week and counts make-up days', () => {
    expect(addWorkingDays('2024-09-27', 10)).toBe('2024-10-16');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14'); // Saturday make-up day
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkingDays('2024-03-08', 10)).toBe('2024-03-22'); // no holiday: two plain weeks
  });

  it('workingDaysBetween counts (from, to]', () => {
    expect(workingDaysBetween('2024-09-30', '2024-10-08')).toBe(1);
    expect(workingDaysBetween('2024-10-08', '2024-09-30')).toBe(0);
  });
});

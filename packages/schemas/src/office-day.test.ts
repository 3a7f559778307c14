import { describe, expect, it } from 'vitest';
import { officeDay, officeDayEnd } from './office-day.ts';

describe('officeDay', () => {
  it('is the day in Beijing, not the day of the UTC timestamp', () => {
    // 16:20 UTC on 26 November is 00:20 on 27 November in Beijing.
    expect(officeDay('2026-11-26T16:20:00.000Z')).toBe('2026-11-27');
    expect(officeDay('2026-11-26T15:59:59.999Z')).toBe('2026-11-26');
    expect(officeDay(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(officeDay('2025-12-31T16:00:00Z')).toBe('2026-01-01');
  });

  it('refuses what is not an instant', () => {
    expect(() => officeDay('gestern')).toThrow(RangeError);
  });
});

describe('officeDayEnd', () => {
  it('is 23:59:59.999 in Beijing, 15:59:59.999 UTC', () => {
    expect(officeDayEnd('2026-11-26')).toBe('2026-11-26T15:59:59.999Z');
    expect(officeDay(officeDayEnd('2024-02-29'))).toBe('2024-02-29');
    expect(officeDay(new Date(Date.parse(officeDayEnd('2024-02-29')) + 1))).toBe('2024-03-01');
  });
});

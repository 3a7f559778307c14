/** Identifier validators: 统一社会信用代码 (GB 32100-2015) and GB/T 4754-2017 industry codes. */
import { z } from 'zod';
import classesData from './data/gbt4754-2017-classes.json' with { type: 'json' };
import divisionsData from './data/gbt4754-2017-divisions.json' with { type: 'json' };

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character the first 17 characters call for, or null when a character is not allowed. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type UsccCheck = { ok: true } | { ok: false; code: 'uscc.invalid' | 'uscc.check-digit'; expected?: string };

/**
 * Checks a 统一社会信用代码. A wrong check character is reported separately (`uscc.check-digit`):
 * callers treat it as a warning, since some early codes were issued that way.
 *
 * @example
 * checkUscc('91350100M000100Y43') // → { ok: true }
 */
export function checkUscc(code: string): UsccCheck {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(code)) return { ok: false, code: 'uscc.invalid' };
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { ok: false, code: 'uscc.check-digit', expected: expected ?? undefined };
  return { ok: true };
}

export interface IndustrySection {
  code: string;
  name: string;
  divisions: { code: string; name: string }[];
}
export const INDUSTRY_SECTIONS: IndustrySection[] = (divisionsData as { sections: IndustrySection[] }).sections;

const divisionToSection = new Map<string, string>();
const divisionNames = new Map<string, string>();
for (const s of INDUSTRY_SECTIONS) for (const d of s.divisions) {
  divisionToSection.set(d.code, s.code);
  divisionNames.set(d.code, d.name);
}

/** Section letter of a 2-digit division (e.g. '13' → 'C'), or undefined for an unknown division. */
export function sectionOfDivision(division: string): string | undefined {
  return divisionToSection.get(division);
}
export function divisionName(division: string): string | undefined {
  return divisionNames.get(division);
}

export type IndustryCodeResult =
  | { ok: true; normalized: string; section: string; division: string }
  | { ok: false; code: 'industry.invalid' | 'industry.section-mismatch' | 'industry.unknown-division'; expectedSection?: string };

/**
 * Parses a GB/T 4754-2017 code written with or without its section letter and returns it normalised
 * with the letter (`1391` → `C1391`). A letter that does not match the division is an error.
 *
 * @example
 * parseIndustryCode('1391') // → { ok: true, normalized: 'C1391', section: 'C', division: '13' }
 */
export function parseIndustryCode(raw: string): IndustryCodeResult {
  const m = /^([A-T])?(\d{2})(\d{1,2})?$/.exec(raw);
  if (!m) return { ok: false, code: 'industry.invalid' };
  const [, letter, division, rest] = m;
  const section = divisionToSection.get(division!);
  if (!section) return { ok: false, code: 'industry.unknown-division' };
  if (letter && letter !== section) return { ok: false, code: 'industry.section-mismatch', expectedSection: section };
  return { ok: true, normalized: `${section}${division}${rest ?? ''}`, section, division: division! };
}

export interface IndustryClass {
  /** Normalised 4-digit class with its section letter, e.g. `C1391`. */
  code: string;
  name: string;
}
/** Every 小类 (4-digit class) of GB/T 4754-2017, in code order (1,381 classes). */
export const INDUSTRY_CLASSES: readonly IndustryClass[] = (classesData as { classes: IndustryClass[] }).classes;

const classNames = new Map<string, string>();
for (const c of INDUSTRY_CLASSES) {
  classNames.set(c.code, c.name);
  classNames.set(c.code.slice(1), c.name);
}

/**
 * Whether `code` is a 4-digit class (小类) of GB/T 4754-2017, written with or without its section
 * letter. A letter that does not match the division makes it unknown.
 *
 * @example
 * isKnownIndustryClass('C1391') // → true
 * isKnownIndustryClass('5156')  // → false (no such class)
 */
export function isKnownIndustryClass(code: string): boolean {
  return industryClassName(code) !== undefined;
}

/**
 * The Chinese name of a 4-digit class (小类), with or without its section letter, or undefined.
 *
 * @example
 * industryClassName('1391') // → '淀粉及淀粉制品制造'
 */
export function industryClassName(code: string): string | undefined {
  return code.length === 4 || code.length === 5 ? classNames.get(code) : undefined;
}

// ---------------------------------------------------------------- calendar dates

/** `YYYY-MM-DD` with a month 01–12 and a day 01–31; `calendarDateProblem` checks the rest. */
export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Years a date of this platform may fall in (a typo such as `0226` or `20260` is refused). */
export const DATE_YEARS = { min: 1900, max: 2199 } as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month of the Gregorian calendar (`month` 1–12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Why a text is not a calendar date, in Chinese and English; `field` names it (e.g. `决定日期`). */
export interface DateProblem {
  message: string;
  messageEn: string;
}

/**
 * What is wrong with `text` as a calendar date `YYYY-MM-DD` (Gregorian, 29 February only in leap
 * years, years 1900–2199), or undefined when it is one. The messages name the field.
 *
 * @example
 * calendarDateProblem('2026-02-29', { zh: '决定日期', en: 'decision date' })
 * // → { message: '决定日期 2026-02-29 不是有效日期：2026 年 2 月只有 28 天', messageEn: 'decision date 2026-02-29 is not a real date: February 2026 has 28 days' }
 */
export function calendarDateProblem(text: unknown, field: { zh: string; en: string } = { zh: '日期', en: 'date' }): DateProblem | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const shown = typeof text === 'string' ? JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text) : (JSON.stringify(text) ?? String(text));
    return {
      message: `${field.zh}应为 YYYY-MM-DD 格式的日期，实为 ${shown}`,
      messageEn: `${field.en} must be a date written YYYY-MM-DD, got ${shown}`,
    };
  }
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (year < DATE_YEARS.min || year > DATE_YEARS.max) {
    return {
      message: `${field.zh} ${text} 不是有效日期：年份应在 ${DATE_YEARS.min}–${DATE_YEARS.max} 之间`,
      messageEn: `${field.en} ${text} is not a valid date: the year must be within ${DATE_YEARS.min}–${DATE_YEARS.max}`,
    };
  }
  if (month < 1 || month > 12) {
    return {
      message: `${field.zh} ${text} 不是有效日期：月份应为 01–12`,
      messageEn: `${field.en} ${text} is not a valid date: the month must be 01–12`,
    };
  }
  const last = daysInMonth(year, month);
  if (day < 1) {
    return {
      message: `${field.zh} ${text} 不是有效日期：日应为 01–${last}`,
      messageEn: `${field.en} ${text} is not a valid date: the day must be 01–${last}`,
    };
  }
  if (day > last) {
    const monthEn = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return {
      message: `${field.zh} ${text} 不是有效日期：${year} 年 ${month} 月只有 ${last} 天`,
      messageEn: `${field.en} ${text} is not a real date: ${monthEn} ${year} has ${last} days`,
    };
  }
  return undefined;
}

/** Whether `text` is a calendar date `YYYY-MM-DD` (see `calendarDateProblem`). */
export const isCalendarDate = (text: unknown): text is string => calendarDateProblem(text) === undefined;

/**
 * The one calendar-date type of the platform: `YYYY-MM-DD`, checked against the real calendar
 * (`2026-02-29` and `2026-04-31` are refused, `2024-02-29` is fine), years 1900–2199. Used by the
 * document and enterprise schemas, every import format, the API inputs and the CLI. The error
 * message names the field, Chinese first, then English (`决定日期 2026-02-30 不是有效日期：… / …`),
 * because a zod message is one text for both languages.
 *
 * @example
 * const effectiveFrom = calendarDate('生效日期', 'effective date');
 * effectiveFrom.safeParse('2026-02-30').success // → false
 */
export function calendarDate(field = '日期', fieldEn = 'date') {
  const names = { zh: field, en: fieldEn };
  return z
    .string({ error: (iss) => (iss.input === undefined ? undefined : bilingual(calendarDateProblem(iss.input, names)!)) })
    .regex(DATE_RE, { error: (iss) => bilingual(calendarDateProblem(iss.input, names)!) })
    .check((ctx) => {
      if (!DATE_RE.test(ctx.value)) return; // reported by the pattern
      const problem = calendarDateProblem(ctx.value, names);
      if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: bilingual(problem), params: { reason: 'date.invalid' }, continue: true });
    })
    .meta({ title: '日期', description: 'A calendar date, YYYY-MM-DD.' });
}

const bilingual = (p: DateProblem): string => `${p.message} / ${p.messageEn}`;

/** Identifier validators: 统一社会信用代码 (GB 32100-2015) and GB/T 4754-2017 industry codes. */
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

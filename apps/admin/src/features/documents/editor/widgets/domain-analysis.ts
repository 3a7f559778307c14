/** Domain assignment checks shown in the table: domains without a department, codes claimed twice, bad codes. */
import { INDUSTRY_SECTIONS, parseIndustryCode } from '@policy/schemas';

export interface ClaimConflict {
  code: string;
  domain: number;
  other: number;
  otherCode: string;
}

/** True when `code` is a valid prefix: a section letter alone, or a letter with a matching 2–4 digit code. */
export function validPrefix(code: string): boolean {
  if (/^[A-T]$/.test(code)) return INDUSTRY_SECTIONS.some((s) => s.code === code);
  if (!/^[A-T]\d{2}(\d{1,2})?$/.test(code)) return false;
  const r = parseIndustryCode(code);
  return r.ok && r.normalized === code;
}

/**
 * A code is claimed twice when two domains list the same prefix or one prefix contains the other (C13 and C1391):
 * enterprises of that code would fall into both domains.
 */
export function claimConflicts(
  domains: readonly { match?: { industryPrefixes?: readonly string[] | undefined } }[],
): ClaimConflict[] {
  const out: ClaimConflict[] = [];
  const all = domains.flatMap((d, i) => (d.match?.industryPrefixes ?? []).map((code) => ({ code, i })));
  for (const a of all)
    for (const b of all)
      if (a.i !== b.i && (a.code.startsWith(b.code) || b.code.startsWith(a.code)))
        out.push({ code: a.code, domain: a.i, other: b.i, otherCode: b.code });
  return out;
}

export function domainsWithoutDepartment(domains: readonly { departments: readonly string[] }[]): number[] {
  return domains.flatMap((d, i) => (d.departments.length === 0 ? [i] : []));
}

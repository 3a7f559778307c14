/**
 * The two seed gradings (DOMAIN.md: 000 classes A–D, 004 score bands with the joint-punishment
 * override) hand-written as a plain JavaScript loop over the enterprise record objects. It is the
 * benchmark's baseline and the property tests' reference implementation: the compiled engine must
 * agree with it on every enterprise.
 */
import type { EnterpriseRecord } from '@policy/schemas';

export const SERIOUS_KINDS = new Set([
  'penalty.permit-suspension',
  'penalty.qualification-downgrade',
  'penalty.permit-revocation',
  'penalty.business-restriction',
  'penalty.production-suspension',
  'penalty.closure',
  'penalty.practice-restriction',
]);
export const CLASS_CODES = ['A', 'B', 'C', 'D'] as const;
export const SCORE_CODES = ['excellent', 'good', 'fair', 'poor', 'unrated'] as const;

/** `YYYY-MM-DD` one year before (29 Feb → 28 Feb), as text: dates compare correctly as strings. */
export function oneYearBefore(at: string): string {
  const y = Number(at.slice(0, 4)) - 1;
  const md = at.slice(5) === '02-29' ? '02-28' : at.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

/**
 * Grades every enterprise: `cls[i]` indexes CLASS_CODES, `band[i]` indexes SCORE_CODES.
 */
export function referenceGradings(records: readonly EnterpriseRecord[], at: string, cls: Uint8Array, band: Uint8Array): void {
  const lo = oneYearBefore(at);
  for (let i = 0; i < records.length; i++) {
    const e = records[i]!;
    let general = 0;
    let serious = 0;
    const recs = e.records;
    if (recs !== undefined) {
      for (let k = 0; k < recs.length; k++) {
        const r = recs[k]!;
        if (r.date > at || r.date <= lo) continue;
        if (r.repairedAt != null && r.repairedAt <= at) continue;
        const o = r.objection;
        if (o !== undefined && o.filed <= at && (o.resolved == null || o.resolved > at)) continue;
        if (SERIOUS_KINDS.has(r.kind)) serious++;
        else general++;
      }
    }
    let seriousList = false;
    let joint = false;
    const lists = e.lists;
    if (lists !== undefined) {
      for (let k = 0; k < lists.length; k++) {
        const l = lists[k]!;
        if (l.from <= at && (l.until == null || l.until > at)) {
          if (l.list === 'serious-dishonesty') seriousList = true;
          else if (l.list === 'joint-punishment') joint = true;
        }
      }
    }
    cls[i] = e.status === 'licence-revoked' ? 3 : seriousList || serious > 0 || general > 5 ? 2 : general >= 1 ? 1 : 0;
    const s = e.publicCreditScore;
    band[i] = joint ? 3 : s == null ? 4 : s > 85 ? 0 : s > 70 ? 1 : s > 50 ? 2 : 3;
  }
}

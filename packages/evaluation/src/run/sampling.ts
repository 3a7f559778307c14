/** Sampling rows per (domain set, grade): ratio and frequency of the grade's row, raised by the domain's exceptions; then one row per enterprise. */
import type { Evaluator } from '../evaluator.ts';
import type { Population, RegisterAt } from '../population.ts';
import { STATUS_LICENCE_REVOKED } from '../population.ts';
import type { DocumentResult, SamplingResult, SamplingRowResult } from '../result.ts';
import { NO_GRADE, NO_SAMPLING } from '../result.ts';
import type { DomainTables } from './domains.ts';

export function samplingTables(ev: Evaluator, dt: DomainTables, results: ReadonlyMap<string, DocumentResult>, pop: Population, reg: RegisterAt): SamplingResult | null {
  const s = ev.sampling;
  if (!s) return null;
  const g = results.get(s.content.grading)!;
  const G = g.grades.length;
  const S = dt.domainSets.length;
  const tableRow = new Uint16Array(S * (G + 1)).fill(NO_SAMPLING);
  const rows: SamplingRowResult[] = [];
  const rowKeys = new Map<string, number>();
  const domains = ev.domainAssignment?.content.domains ?? [];
  const normalRow = s.content.rows.find((r) => r.onSite === 'normal');
  for (let set = 0; set < S; set++) {
    for (let gi = 0; gi <= G; gi++) {
      const code = gi < G ? g.grades[gi] : undefined;
      const row = code === undefined ? undefined : s.content.rows.find((r) => r.grade === code);
      const rated = row !== undefined && gi < g.ordered;
      const base = row ?? normalRow;
      if (!base) continue;
      let ratio = base.ratioPercent;
      let freq = base.frequencyPerYear;
      if (rated) {
        let best = -1;
        for (const e of s.content.exceptions) {
          const di = domains.findIndex((d) => d.id === e.domain);
          if (e.grade === code && di >= 0 && dt.inDomain(set, di) && e.ratioPercent > best) {
            best = e.ratioPercent;
            ratio = e.ratioPercent;
            freq = e.frequencyPerYear;
          }
        }
      }
      const key = `${ratio}|${freq}|${base.onSite}|${rated}`;
      let r = rowKeys.get(key);
      if (r === undefined) {
        r = rows.length;
        rows.push({ ratioPercent: ratio, frequencyPerYear: freq, onSite: base.onSite, differentiated: rated });
        rowKeys.set(key, r);
      }
      tableRow[set * (G + 1) + gi] = r;
    }
  }
  const row = fillSamplingRows(pop.n, g.grade, dt.domainSet, tableRow, G);
  // outside the register: no row; licence revoked: no row unless the document inspects them (default)
  for (let k = 0; k < reg.outside.length; k++) row[reg.outside[k]!] = NO_SAMPLING;
  if (s.content.inspectLicenceRevoked === false) clearStatus(row, pop.status, STATUS_LICENCE_REVOKED);
  return { documentId: s.id, grading: s.content.grading, row, rows, differentiatedShareMinPercent: s.content.differentiatedShareMinPercent };
}

function fillSamplingRows(n: number, grade: Uint8Array, ds: Uint32Array, tableRow: Uint16Array, G: number): Uint16Array {
  const row = new Uint16Array(n);
  const W = G + 1;
  for (let i = 0; i < n; i++) {
    const gi = grade[i]!;
    row[i] = tableRow[ds[i]! * W + (gi === NO_GRADE ? G : gi)]!;
  }
  return row;
}

function clearStatus(row: Uint16Array, status: Uint8Array, code: number): void {
  for (let i = 0; i < row.length; i++) if (status[i] === code) row[i] = NO_SAMPLING;
}

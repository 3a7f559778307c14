/**
 * Sampling rows per (domain set, deciding document, grade): ratio and frequency of the grade's row,
 * raised by the domain's exceptions; then one row per enterprise. The deciding document of an
 * enterprise is the first entry of the sampling document's `domainBasis` (按领域的抽查依据) of a domain it
 * belongs to whose document grades it (an industry model grades only its own domain); otherwise the
 * document's `grading` (000 四(三): 根据公共信用评价或行业信用风险分级分类结果).
 */
import type { Evaluator } from '../evaluator.ts';
import type { Population, RegisterAt } from '../population.ts';
import { STATUS_LICENCE_REVOKED } from '../population.ts';
import type { DocumentResult, SamplingResult, SamplingRowResult } from '../result.ts';
import { NO_GRADE, NO_SAMPLING } from '../result.ts';
import { resultColumn } from './columns.ts';
import type { DomainTables } from './domains.ts';

/**
 * Ids of the documents a sampling result depends on: the grading first, then each basis document
 * once, in the order of their first entry (`SamplingResult.deciding` has this order).
 */
export function samplingDocuments(ev: Evaluator): string[] {
  const s = ev.sampling;
  if (!s) return [];
  const ids = [s.content.grading];
  for (const b of s.content.domainBasis ?? []) if (!ids.includes(b.document)) ids.push(b.document);
  return ids;
}

export function samplingTables(ev: Evaluator, dt: DomainTables, results: ReadonlyMap<string, DocumentResult>, pop: Population, reg: RegisterAt): SamplingResult | null {
  const s = ev.sampling;
  if (!s) return null;
  const deciding = samplingDocuments(ev);
  const docs = deciding.map((id) => results.get(id)!);
  const domains = ev.domainAssignment?.content.domains ?? [];
  // per basis entry: its domain's index and its document's index in `deciding` (entries of unknown domains never apply)
  const basis = (s.content.domainBasis ?? [])
    .map((b) => ({ domain: domains.findIndex((d) => d.id === b.domain), doc: deciding.indexOf(b.document) }))
    .filter((b) => b.domain >= 0);
  // a block of rows per deciding document: its grades, then "no grade"
  const offset: number[] = [];
  let W = 0;
  for (const d of docs) {
    offset.push(W);
    W += d.grades.length + 1;
  }
  const S = dt.domainSets.length;
  const tableRow = new Uint16Array(S * W).fill(NO_SAMPLING);
  const rows: SamplingRowResult[] = [];
  const rowKeys = new Map<string, number>();
  const normalRow = s.content.rows.find((r) => r.onSite === 'normal');
  /** Per domain set: the document indexes of the basis entries that apply to it, in entry order. */
  const candidates: number[][] = [];
  for (let set = 0; set < S; set++) {
    candidates.push(basis.filter((b) => dt.inDomain(set, b.domain)).map((b) => b.doc));
    for (let k = 0; k < docs.length; k++) {
      if (k > 0 && !candidates[set]!.includes(k)) continue;
      const g = docs[k]!;
      const G = g.grades.length;
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
        tableRow[set * W + offset[k]! + gi] = r;
      }
    }
  }
  const by = resultColumn(pop, Uint8Array, pop.n);
  const row = resultColumn(pop, Uint16Array, pop.n);
  if (basis.length === 0) fillSamplingRows(pop.n, docs[0]!.grade, dt.domainSet, tableRow, W, row);
  else fillDecidedRows(pop.n, docs.map((d) => d.grade), offset, dt.domainSet, candidates, tableRow, W, by, row);
  // outside the register: no row; licence revoked: no row unless the document inspects them (default)
  for (let k = 0; k < reg.outside.length; k++) row[reg.outside[k]!] = NO_SAMPLING;
  if (s.content.inspectLicenceRevoked === false) clearStatus(row, pop.status, STATUS_LICENCE_REVOKED);
  const reportsBasis = (s.content.domainBasis?.length ?? 0) > 0;
  return { documentId: s.id, grading: s.content.grading, deciding, by, reportsBasis, row, rows, differentiatedShareMinPercent: s.content.differentiatedShareMinPercent };
}

/** The grade index of enterprise `i` in the document that decided its sampling (NO_GRADE when none). */
export function samplingGradeIndex(s: SamplingResult, byId: ReadonlyMap<string, DocumentResult>, i: number): { doc: DocumentResult; grade: number } {
  const doc = byId.get(s.deciding[s.by[i]!]!)!;
  return { doc, grade: doc.grade[i]! };
}

function fillSamplingRows(n: number, grade: Uint8Array, ds: Uint32Array, tableRow: Uint16Array, W: number, row: Uint16Array): void {
  const G = W - 1;
  for (let i = 0; i < n; i++) {
    const gi = grade[i]!;
    row[i] = tableRow[ds[i]! * W + (gi === NO_GRADE ? G : gi)]!;
  }
}

/** Rows when some domains follow their own document: the first candidate that grades the enterprise decides. */
function fillDecidedRows(
  n: number, grades: Uint8Array[], offset: number[], ds: Uint32Array, candidates: number[][], tableRow: Uint16Array, W: number, by: Uint8Array, row: Uint16Array,
): void {
  const G0 = offset[1] ?? W; // grades of the default document + 1
  for (let i = 0; i < n; i++) {
    const set = ds[i]!;
    const cands = candidates[set]!;
    let k = 0;
    for (let c = 0; c < cands.length; c++) {
      if (grades[cands[c]!]![i] !== NO_GRADE) {
        k = cands[c]!;
        break;
      }
    }
    const gi = grades[k]![i]!;
    const width = k === 0 ? G0 : (offset[k + 1] ?? W) - offset[k]!;
    by[i] = k;
    row[i] = tableRow[set * W + offset[k]! + (gi === NO_GRADE ? width - 1 : gi)]!;
  }
}

function clearStatus(row: Uint16Array, status: Uint8Array, code: number): void {
  for (let i = 0; i < row.length; i++) if (status[i] === code) row[i] = NO_SAMPLING;
}

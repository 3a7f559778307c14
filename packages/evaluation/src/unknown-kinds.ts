/**
 * Record kinds nobody knows (issue 13 finding 8): kinds of `pop`'s records that are neither kinds of
 * the enterprise contract (CONTRACTS §1) nor listed in the `severities` of a grading. They still count
 * (as general dishonesty records: 000 三(一) names the serious kinds, every other dishonesty record
 * is general — `severityOf` in counting.ts), but are reported with their number of records instead
 * of counting silently: `policy evaluate` prints them on stderr, an import warns.
 */
import { RECORD_KINDS } from '@policy/schemas';
import type { Evaluator } from './evaluator.ts';
import type { Population } from './population.ts';

const KNOWN: ReadonlySet<string> = new Set(RECORD_KINDS);

/** The unknown record kinds of `pop` under `ev`'s gradings with their number of records, most records first. */
export function unknownRecordKinds(pop: Population, ev: Pick<Evaluator, 'gradings'>): { kind: string; records: number }[] {
  const listed = new Set(ev.gradings.flatMap((g) => Object.keys(g.doc.content.severities)));
  const counts = new Float64Array(pop.kinds.length);
  for (let q = 0, e = pop.recOffsets[pop.n]!; q < e; q++) counts[pop.recKind[q]!]!++;
  return pop.kinds
    .map((kind, k) => ({ kind, records: counts[k]! }))
    .filter((x) => x.records > 0 && !KNOWN.has(x.kind) && !listed.has(x.kind))
    .sort((a, b) => b.records - a.records || a.kind.localeCompare(b.kind));
}

/** The stderr line of `policy evaluate` for `unknown` (empty when none). */
export function unknownKindsLine(unknown: readonly { kind: string; records: number }[]): string {
  if (unknown.length === 0) return '';
  const zh = unknown.map((u) => `${u.kind} ${u.records} 条`).join('，');
  const en = unknown.map((u) => `${u.kind} ${u.records}`).join(', ');
  return `未知记录类型（按一般失信记录计入）：${zh} / unknown record kinds (counted as general dishonesty records): ${en}`;
}

/**
 * Record domains (`records[].domain`) no document names — neither a domain of the domain assignment
 * nor a domain of a grading's publication period — with their number of records, most first. Such a
 * record is treated as a record without a domain (no period with domains applies to it); a typo in a
 * code would silently give it the general period, so `policy evaluate` says so.
 */
export function unknownRecordDomains(pop: Population, ev: Pick<Evaluator, 'gradings' | 'domainAssignment'>): { domain: string; records: number }[] {
  if (!pop.recDomain || !pop.recDomains) return [];
  const named = new Set<string>([
    ...(ev.domainAssignment?.content.domains.map((d) => d.id) ?? []),
    ...ev.gradings.flatMap((g) => (g.doc.content.publicationPeriods ?? []).flatMap((p) => p.domains ?? [])),
  ]);
  const counts = new Float64Array(pop.recDomains.length);
  for (let q = 0, e = pop.recOffsets[pop.n]!; q < e; q++) counts[pop.recDomain[q]!]!++;
  return pop.recDomains
    .map((domain, k) => ({ domain, records: counts[k]! }))
    .filter((x) => x.domain !== '' && x.records > 0 && !named.has(x.domain))
    .sort((a, b) => b.records - a.records || a.domain.localeCompare(b.domain));
}

/** The stderr line of `policy evaluate` for `unknown` record domains (empty when none). */
export function unknownDomainsLine(unknown: readonly { domain: string; records: number }[]): string {
  if (unknown.length === 0) return '';
  const zh = unknown.map((u) => `${u.domain} ${u.records} 条`).join('，');
  const en = unknown.map((u) => `${u.domain} ${u.records}`).join(', ');
  return `未知记录所属领域（领域分工和公示期均未列出，按无领域处理）：${zh} / unknown record domains (named by no domain assignment or publication period; treated as none): ${en}`;
}

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

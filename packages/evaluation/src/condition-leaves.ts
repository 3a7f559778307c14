/**
 * The leaves of a compiled condition (trigger points of supervision items, early-warning rules) as
 * the columns their generated kernels read: a comparison leaf is a one-measure grading (every
 * counting rule of the gradings), graded on the register of the day and cached like the bundle's own
 * gradings; a grade leaf reads the grade column of a named document of the evaluation. For leaf k,
 * `C[k][i]` is enterprise i's grade code and `M[k][code]` is 1 when that code makes the leaf hold.
 */
import type { GradingDocument, LocalizedText, MeasureDef, TriggerCondition } from '@policy/schemas';
import { dayOrThrow } from './dates.ts';
import type { CompiledGrading } from './evaluator.ts';
import type { Population } from './population.ts';
import type { DocumentResult, EvaluationResult } from './result.ts';
import { gradeCached } from './run/gradings.ts';

/** A leaf: the grade under a named document is one of `grades`, or a comparison graded as a one-measure grading (grade code 0 = holds). */
export type ConditionLeaf = { kind: 'grade'; document: string; grades: string[] } | { kind: 'measure'; grading: CompiledGrading };

/**
 * Grades the comparison leaves of `leaves` not yet cached for `pop` on day `atText` (one fused pass)
 * and caches them: they depend on the population and the day only, not on an evaluation's result —
 * so another thread can grade them while the evaluation runs. The leaves' results by grading.
 */
export function gradeMeasureLeaves(leaves: readonly ConditionLeaf[], pop: Population, atText: string): Map<CompiledGrading, DocumentResult> {
  const gradings = leaves.flatMap((l) => (l.kind === 'measure' ? [l.grading] : []));
  const results = gradeCached(gradings, pop, dayOrThrow(atText));
  return new Map(gradings.map((g, k) => [g, results[k]!]));
}

/** The kernel columns of `leaves` over `pop` evaluated as `res` (same population and date). */
export function leafColumns(leaves: readonly ConditionLeaf[], pop: Population, res: EvaluationResult): { C: Uint8Array[]; M: Uint8Array[] } {
  const graded = gradeMeasureLeaves(leaves, pop, res.at);
  const C: Uint8Array[] = [];
  const M: Uint8Array[] = [];
  for (const l of leaves) {
    const mask = new Uint8Array(256);
    if (l.kind === 'measure') {
      C.push(graded.get(l.grading)!.grade);
      mask[0] = 1;
    } else {
      const d = res.byId.get(l.document)!;
      C.push(d.grade);
      for (const g of l.grades) if (d.grades.includes(g)) mask[d.grades.indexOf(g)] = 1;
    }
    M.push(mask);
  }
  return { C, M };
}

const HIT: LocalizedText = { zh: '成立', en: 'holds' };
const MISS: LocalizedText = { zh: '不成立', en: 'does not hold' };

/**
 * The one-measure grading that grades a comparison leaf of a warning or trigger condition: grade 0
 * (hit) when it holds — so a leaf counts records, lists and values exactly as a grading does, in
 * memory (warnings.ts, triggers.ts) and in SQL (sql/signals-sql.ts).
 */
export function leafGrading(envelope: { id: string; owner: string; title: string; effectiveFrom: string }, m: MeasureDef, when: TriggerCondition): GradingDocument {
  return {
    ...envelope,
    version: 1,
    kind: 'grading',
    content: {
      grades: [
        { code: 'hit', label: HIT },
        { code: 'miss', label: MISS },
      ],
      window: { years: 1, months: 0 },
      severities: {},
      measures: [m],
      decision: {
        type: 'rules',
        rules: [
          { id: 'hit', grade: 'hit', when: when as { measure: string; op: '>'; value: number } },
          { id: 'miss', grade: 'miss', when: { always: true } },
        ],
      },
      overrides: [],
    },
  } as GradingDocument;
}

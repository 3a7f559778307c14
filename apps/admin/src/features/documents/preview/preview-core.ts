/**
 * The live preview's computation, shared by the Web Worker and the tests: the sample population is
 * built once and the published set evaluated once; each draft is then evaluated in place of its
 * document in that set and compared with it, with the same `@policy/evaluation` the server uses.
 */
import { buildPopulation, compareResults, compile } from '@policy/evaluation';
import type { EvaluationResult, Population } from '@policy/evaluation';
import { validateDocument } from '@policy/schemas';
import type { EnterpriseRecord, Issue, LocalizedText, PolicyDocument } from '@policy/schemas';

export interface PreviewDocument {
  id: string;
  title: string;
  kind: 'grading' | 'industry-model';
  /** Grade codes, then '' for "no grade". */
  grades: string[];
  gradeLabels: LocalizedText[];
  before: number[];
  after: number[];
  moved: number;
}

export type PreviewOutcome =
  | {
      ok: true;
      n: number;
      /** The document being edited changed something (its id). */
      documentId: string;
      documents: PreviewDocument[];
      movedTotal: number;
      /** A few moved enterprises with the reason, for the table. */
      examples: {
        uscc: string;
        name: string;
        document: string;
        before: string | null;
        after: string | null;
        reason: LocalizedText;
      }[];
      workload: { before: number; after: number };
      ms: number;
    }
  | { ok: false; reason: 'invalid' | 'compile'; issues: Issue[]; ms: number };

export interface PreviewEngine {
  n: number;
  /** Documents of the published set that could be parsed (ids). */
  baseIds: string[];
  evaluate(draft: unknown): PreviewOutcome;
}

const now = () => globalThis.performance?.now() ?? 0;

/**
 * @example
 * const engine = createPreviewEngine(records, publishedDocs, '2026-11-21');
 * engine.evaluate(draftDocument) // → { ok: true, documents: [{ id: 'public-credit-score', before: [...], after: [...] }], movedTotal: 12 }
 */
export function createPreviewEngine(
  records: readonly EnterpriseRecord[],
  published: readonly unknown[],
  at: string,
): PreviewEngine {
  const pop: Population = buildPopulation(records);
  const base: PolicyDocument[] = [];
  for (const d of published) {
    const r = validateDocument(d);
    if (r.success) base.push(r.data);
  }
  const compiled = compile({ documents: base });
  const baseResult: EvaluationResult | null = compiled.success ? compiled.evaluator.evaluate(pop, at) : null;

  return {
    n: pop.n,
    baseIds: base.map((d) => d.id),
    evaluate(draft) {
      const t0 = now();
      const v = validateDocument(draft);
      if (!v.success) return { ok: false, reason: 'invalid', issues: v.issues, ms: now() - t0 };
      const bundle = [...base.filter((d) => d.id !== v.data.id), v.data];
      const c = compile({ documents: bundle });
      if (!c.success || !baseResult)
        return {
          ok: false,
          reason: 'compile',
          issues: c.success ? (compiled.success ? [] : compiled.issues) : c.issues,
          ms: now() - t0,
        };
      const result = c.evaluator.evaluate(pop, at);
      const cmp = compareResults(baseResult, result, pop, { limit: 8 });
      return {
        ok: true,
        n: pop.n,
        documentId: v.data.id,
        documents: cmp.documents.map((d) => ({
          id: d.id,
          title: d.title,
          kind: d.kind,
          grades: d.grades,
          gradeLabels: d.gradeLabels,
          before: d.distribution.map((x) => x.before),
          after: d.distribution.map((x) => x.after),
          moved: d.moved,
        })),
        movedTotal: cmp.moved.total,
        examples: cmp.moved.items.map((m) => ({
          uscc: m.uscc,
          name: m.name,
          document: m.document,
          before: m.before.grade,
          after: m.after.grade,
          reason: m.reason,
        })),
        workload: { before: cmp.workload.total.before, after: cmp.workload.total.after },
        ms: now() - t0,
      };
    },
  };
}

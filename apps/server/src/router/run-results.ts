/**
 * A stored run's results, firm by firm, a page at a time (issue 12: a department's inbox, the result
 * rows objections are filed from): the enterprises the reader may read — a viewer is refused, a
 * department editor reads those of its department's domains (the departments stored with each result:
 * the domain assignment of the run's published set), the credit office and reviewers every one —
 * optionally one department's and a search (USCC prefix or name). Grades and deciding rules come with
 * their labels from the run's stored legend. Every read is a security event (`read.search`, procedure
 * `runs.results`); a refusal `read.refused`.
 */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { forEachRunChunk, getRunDetail, listUsers, parseRunPayload } from '@policy/db';
import { canReadEnterprise } from '@policy/schemas';
import { principalOf, recordRead, requireFirmReader } from '../firm-access.ts';
import type { Reader } from '../firm-access.ts';
import { authedProcedure } from '../trpc.ts';

export const RUN_RESULTS_MAX_PAGE = 200;

interface Text {
  zh: string;
  en?: string;
}

/** The per-enterprise JSON a run stores (the shape `policy evaluate` writes). */
interface StoredResult {
  uscc: string;
  name: string;
  results: Record<string, { grade: string | null; rule: string | null; score?: number }>;
  departments: string[];
  sampling: { grade: string | null; ratioPercent: number; frequencyPerYear: number; onSite?: unknown } | null;
}

/** What a run's aggregates say of its documents: titles, grade and rule labels. */
interface StoredLegend {
  documents?: { id: string; kind: string; title: string; grades: string[]; gradeLabels?: Text[] }[];
  legend?: { id: string; kind: string; title: string; rules: string[]; ruleLabels: Text[] }[];
}

export interface RunResultDecision {
  document: string;
  title: string;
  grade: string | null;
  gradeLabel: Text | null;
  rule: string | null;
  ruleLabel: Text | null;
  score: number | null;
}

export interface RunResultRow {
  /** Dataset row of the enterprise. */
  row: number;
  uscc: string;
  name: string;
  departments: string[];
  decisions: RunResultDecision[];
  sampling: { ratioPercent: number; frequencyPerYear: number } | null;
}

export const runResultsInput = z.object({
  runId: z.number().int().positive(),
  department: z.string().min(1).max(64).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(RUN_RESULTS_MAX_PAGE).default(50),
  search: z.string().trim().max(100).optional(),
});

/** The labelled decisions of a stored result, in the legend's document order (grading documents and industry models). */
function labeller(agg: StoredLegend) {
  const docs = (agg.legend ?? []).filter((d) => d.kind === 'grading' || d.kind === 'industry-model');
  const grades = new Map((agg.documents ?? []).map((d) => [d.id, d]));
  return (r: StoredResult): RunResultDecision[] =>
    docs.flatMap((d) => {
      const res = r.results[d.id];
      if (!res) return [];
      const g = grades.get(d.id);
      const gk = res.grade === null || !g ? -1 : g.grades.indexOf(res.grade);
      const rk = res.rule === null ? -1 : d.rules.indexOf(res.rule);
      return [
        {
          document: d.id,
          title: d.title,
          grade: res.grade,
          gradeLabel: gk >= 0 ? (g?.gradeLabels?.[gk] ?? null) : null,
          rule: res.rule,
          ruleLabel: rk >= 0 ? (d.ruleLabels[rk] ?? null) : null,
          score: res.score ?? null,
        },
      ];
    });
}

export async function runResults(ctx: Reader, input: z.infer<typeof runResultsInput>) {
  const run = await getRunDetail(ctx.db, input.runId);
  const detail = { procedure: 'runs.results', datasetId: run.datasetId, at: run.at, query: `run=${run.id}; department=${input.department ?? '*'}; search=${input.search ?? ''}` };
  await requireFirmReader(ctx, detail);
  if (run.status !== 'completed' && run.status !== 'signed-off') {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `评价批次 ${run.id} 尚无结果（${run.status}） / run ${run.id} has no results yet (${run.status})` });
  }
  const principal = principalOf(ctx.user);
  const label = labeller((run.aggregates ?? {}) as StoredLegend);
  const q = input.search?.trim() ?? '';
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const rows: RunResultRow[] = [];
  let total = 0;
  await forEachRunChunk(ctx.db, run.id, (chunk) => {
    for (const line of parseRunPayload(chunk.payload)) {
      // cheap test on the raw line before parsing it: a match must appear in it somewhere
      if (q && !line.json.toLowerCase().includes(lower)) continue;
      const r = JSON.parse(line.json) as StoredResult;
      if (!canReadEnterprise(principal, r)) continue;
      if (input.department && !r.departments.includes(input.department)) continue;
      if (q && !r.uscc.startsWith(upper) && !r.name.toLowerCase().includes(lower)) continue;
      if (total >= input.offset && rows.length < input.limit) {
        rows.push({
          row: line.row,
          uscc: r.uscc,
          name: r.name,
          departments: r.departments,
          decisions: label(r),
          sampling: r.sampling ? { ratioPercent: r.sampling.ratioPercent, frequencyPerYear: r.sampling.frequencyPerYear } : null,
        });
      }
      total++;
    }
  });
  await recordRead(ctx, 'read.search', { ...detail, count: rows.length });
  return { runId: run.id, total, offset: input.offset, limit: input.limit, rows };
}

/** `runs.results`: a page of a run's results among the reader's enterprises. */
export const runResultsProcedure = authedProcedure.input(runResultsInput).query(({ ctx, input }) => runResults(ctx, input));

/**
 * `runs.people`: the display names of the users who started or signed off runs, so that every reader
 * sees 信用办管理员 / 审核人 rather than login names (the user list itself is the credit office's).
 */
export const runPeopleProcedure = authedProcedure.query(async ({ ctx }) => {
  const rows = await ctx.db.selectFrom('runs').select(['created_by', 'signed_off_by']).execute();
  const names = new Set(rows.flatMap((r) => [r.created_by, r.signed_off_by]).filter((u): u is string => u !== null));
  return (await listUsers(ctx.db)).filter((u) => names.has(u.username)).map((u) => ({ username: u.username, displayName: u.displayName }));
});

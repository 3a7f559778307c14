/**
 * The results of an evaluation run as stored (evaluated in the evaluation worker, heavy.worker.ts):
 * the rows of a jurisdiction, the chunks of `<row>\t<JSON>` lines and the kept aggregates. The same
 * encoding as `policy runs` (apps/cli/src/commands/runs.ts): a run made by one verifies with the other.
 */
import { RUN_CHUNK_ROWS, runLine } from '@policy/db';
import type { RunChunk } from '@policy/db';
import { aggregate } from '@policy/evaluation';
import type { EvaluationResult, Population } from '@policy/evaluation';

/** The dataset rows a run covers: null for all, else those whose region code starts with `jurisdiction`. */
export function runRows(pop: Population, jurisdiction: string | null): number[] | null {
  if (jurisdiction === null) return null;
  const rows: number[] = [];
  for (let i = 0; i < pop.n; i++) if (pop.regions[pop.region[i]!]!.startsWith(jurisdiction)) rows.push(i);
  return rows;
}

/** The stored chunks of an evaluation (`rows`: dataset row of each evaluated enterprise, null = all). */
export function* runChunks(result: EvaluationResult, rows: number[] | null): Generator<RunChunk> {
  for (let start = 0, chunkNo = 0; start < result.n; start += RUN_CHUNK_ROWS, chunkNo++) {
    const end = Math.min(result.n, start + RUN_CHUNK_ROWS);
    let payload = '';
    for (let k = start; k < end; k++) payload += runLine(rows ? rows[k]! : k, JSON.stringify(result.toJSON(k)));
    yield { chunkNo, firstRow: rows ? rows[start]! : start, rowCount: end - start, payload };
  }
}

/** What is kept of an aggregate: distributions and workload, and the documents' legend for exports. */
export function runAggregates(result: EvaluationResult, pop: Population): unknown {
  const a = aggregate(result, pop, { sampleSize: 0 });
  return {
    n: a.n,
    at: a.at,
    documents: a.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, grades: d.grades, overall: d.overall, byDepartment: d.byDepartment, byDomain: d.byDomain, bySection: d.bySection, byRegion: d.byRegion })),
    workload: a.workload,
    totalInspectionsPerYear: a.totalInspectionsPerYear,
    differentiatedSharePercent: a.differentiatedSharePercent,
    noDomain: a.noDomain.count,
    multiDepartment: a.multiDepartment.count,
    legend: result.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, rules: d.rules, ruleLabels: d.ruleLabels })),
  };
}

/**
 * `runs.compare` (issue 12): two stored runs side by side — e.g. October against the month before —
 * as the impact preview shows a policy change: migration matrix of one grading or industry-model
 * document (enterprises present in both runs), distributions overall and per department, the
 * enterprises that entered or left, and the moved enterprises with their rule sentences and the
 * data-level reasons (the records and values that differ between the two runs' inputs).
 *
 * Works from the stored results: the main thread reads the chunks and streams them to a worker
 * thread (run-compare-ops.ts), which keeps a few numbers per enterprise, never the results' JSON
 * objects; the reasons of a page come from the moved enterprises' records only (the dataset chunks
 * holding them), explained in the worker under each run's versions at its date.
 *
 * Confidentiality (firm-access.ts): a viewer gets the matrix and distributions (moved rows empty,
 * the total kept); a department editor the moved rows and department distributions of its own
 * domains (an enterprise is its department's when it falls in its domains in either run); the
 * credit office and reviewers everything. A read naming enterprises is a `read.moved` security event.
 *
 * The early warnings and triggers that appear or disappear between the runs (issue 13) come from
 * their stored signals (run-signals.ts, `signals`), under the same rule: counts for every reader,
 * the enterprises for those who may read them.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { forEachRunChunk, getRunDetail, getVersionByNumber, listDatasetChunks, toActor } from '@policy/db';
import type { Actor, Database, Run, RunDetail, RunVersion } from '@policy/db';
import { documentSchemas, firmReadScope } from '@policy/schemas';
import type { LocalizedText, PolicyDocument } from '@policy/schemas';
import type { Kysely } from 'kysely';
import { badRequest } from './errors.ts';
import { principalOf, recordRead } from './firm-access.ts';
import type { Reader } from './firm-access.ts';
import type { CompareSummary, CompareView, MovedRow, ReasonsSide } from './run-compare-ops.ts';
import { compareRunSignals } from './run-signals.ts';
import type { SignalComparison } from './run-signals.ts';
import { lanes } from './worker-pool.ts';

export const MAX_MOVED_PAGE = 200;

export const compareInput = z.object({
  baseRunId: z.number().int().positive(),
  candidateRunId: z.number().int().positive(),
  /** A grading or industry-model document of the runs (default the four classes A–D). */
  document: z.string().min(1).max(128).default('public-credit-class'),
  movedPage: z
    .object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(MAX_MOVED_PAGE).default(50) })
    .default({ offset: 0, limit: 50 }),
});
export type CompareInput = z.infer<typeof compareInput>;

export interface GradeColumn {
  /** '' = no grade (e.g. outside an industry model's domain). */
  code: string;
  label: LocalizedText;
}

export interface RunCompareMoved {
  uscc: string;
  name: string;
  from: string | null;
  to: string | null;
  ruleBefore: string | null;
  ruleAfter: string | null;
  /** The deciding rule in words, e.g. "由规则「c-serious」判为 C（…） / C by rule "c-serious" (…)". */
  sentenceBefore: string;
  sentenceAfter: string;
  /** Data-level reasons (`中文 / English`), or the rule sentences when the data is the same and the policy changed. */
  reasons: string[];
  departments: string[];
}

export interface RunComparison {
  base: Run;
  candidate: Run;
  document: { id: string; title: string; kind: 'grading' | 'industry-model' };
  matrix: { grades: GradeColumn[]; counts: number[][] };
  distributions: {
    base: Record<string, number>;
    candidate: Record<string, number>;
    byDepartment: { department: string; label: LocalizedText | null; base: Record<string, number>; candidate: Record<string, number> }[];
  };
  /** Inspections per year per department from the runs' stored aggregates. */
  workload: { departments: { department: string; label: LocalizedText | null; before: number; after: number; delta: number }[]; total: { before: number; after: number; delta: number } };
  /** Enterprises in the candidate run only, in the base run only, in both. */
  entered: number;
  left: number;
  both: number;
  /**
   * `total`: the moved enterprises the reader may list (a viewer: every moved enterprise, rows
   * empty; a department editor: those of its domains); `all`: every moved enterprise.
   */
  moved: { total: number; all: number; offset: number; limit: number; rows: RunCompareMoved[] };
  /** Early warnings and triggers appearing or disappearing between the runs (run-signals.ts). */
  signals: SignalComparison;
}

/** What the evaluator stored with a run (aggregates.ts / run/store.ts), as far as read here. */
interface StoredAggregates {
  documents?: { id: string; kind: 'grading' | 'industry-model'; title: string; grades: string[]; gradeLabels?: LocalizedText[]; byDepartment?: { key: string; label?: LocalizedText }[] }[];
  workload?: { department: string; label?: LocalizedText; inspectionsPerYear: number }[];
  totalInspectionsPerYear?: number;
  legend?: { id: string; kind: 'grading' | 'industry-model'; title: string; rules: string[]; ruleLabels: LocalizedText[] }[];
}

const aggregatesOf = (r: RunDetail) => (r.aggregates ?? {}) as StoredAggregates;

function requireComparable(run: Run, which: string): void {
  if (run.status === 'completed' || run.status === 'signed-off') return;
  throw new TRPCError({
    code: 'PRECONDITION_FAILED',
    message: `${which}评价批次 ${run.id} 尚未完成（${run.status}），只能对比已完成或已签发的批次 / the ${which === '基准' ? 'base' : 'candidate'} run ${run.id} is ${run.status}: only completed or signed-off runs can be compared`,
  });
}

/** The documents of a run's versions (content hashes checked), and a key of the set. */
async function runSet(db: Kysely<Database>, actor: Actor, versions: RunVersion[]): Promise<{ documents: PolicyDocument[]; setKey: string }> {
  const documents: PolicyDocument[] = [];
  for (const v of [...versions].sort((a, b) => a.documentId.localeCompare(b.documentId))) {
    const d = await getVersionByNumber(db, actor, v.documentId, v.versionNumber);
    if (d.contentHash !== v.contentHash) {
      throw new TRPCError({ code: 'CONFLICT', message: `${v.documentId} v${v.versionNumber} 的内容哈希已变 / content hash of ${v.documentId} v${v.versionNumber} differs` });
    }
    documents.push(documentSchemas[d.kind].parse(d.content) as PolicyDocument);
  }
  return { documents, setKey: versions.map((v) => `${v.documentId}@${v.contentHash}`).sort().join(',') };
}

/** Raw chunk payloads of a dataset (JSON arrays of records, parsed in the worker), by chunk number. */
async function chunkPayloads(db: Kysely<Database>, datasetId: number, chunkNos: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  // one chunk per read, the event loop served between reads (a page's rows may lie in a hundred chunks)
  for (const no of new Set(chunkNos)) {
    const r = await db.selectFrom('dataset_chunks').select('payload').where('dataset_id', '=', datasetId).where('chunk_no', '=', no).executeTakeFirst();
    if (r) out.set(no, r.payload);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Where the records of dataset rows (0-based, as a run stores them) are: chunk payloads and picks. */
async function recordsAt(db: Kysely<Database>, datasetId: number, rows: readonly number[]): Promise<Pick<ReasonsSide, 'payloads' | 'picks'>> {
  const chunks = await listDatasetChunks(db, datasetId);
  const chunkOf = (row: number) => {
    const rowNumber = row + 1;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.firstRow <= rowNumber) lo = mid;
      else hi = mid - 1;
    }
    const c = chunks[lo];
    if (!c || rowNumber < c.firstRow || rowNumber >= c.firstRow + c.rowCount) throw new TRPCError({ code: 'NOT_FOUND', message: `数据集 ${datasetId} 没有第 ${rowNumber} 行 / dataset ${datasetId} has no row ${rowNumber}` });
    return c;
  };
  const located = rows.map((r) => ({ c: chunkOf(r), r }));
  const nos = [...new Set(located.map((x) => x.c.chunkNo))];
  const payloads = await chunkPayloads(db, datasetId, nos);
  const slot = new Map(nos.map((no, k) => [no, k]));
  return {
    payloads: nos.map((no) => {
      const p = payloads.get(no);
      if (p === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: `数据集 ${datasetId} 已被删除或不完整 / dataset ${datasetId} was deleted or is incomplete` });
      return p;
    }),
    picks: located.map(({ c, r }) => [slot.get(c.chunkNo)!, r + 1 - c.firstRow]),
  };
}

/** Counts the comparison in the worker (or takes the one counted before) and returns the reader's view of it. */
async function summarise(db: Kysely<Database>, base: Run, candidate: Run, document: string, gradeOrder: string[], view: CompareView): Promise<CompareSummary> {
  const lane = lanes.jobs;
  const key = `${base.id}:${base.runHash}|${candidate.id}:${candidate.runHash}|${document}`;
  const session = randomUUID();
  const keyBy = base.datasetId === candidate.datasetId && base.datasetHash === candidate.datasetHash ? 'row' : 'uscc';
  const cached = await lane.call<CompareSummary | null>('runCompare.begin', { session, key, document, keyBy, gradeOrder, view });
  if (cached) return cached;
  try {
    for (const [side, run] of [['base', base], ['candidate', candidate]] as const) {
      await forEachRunChunk(db, run.id, async (c) => {
        await lane.call('runCompare.add', { session, side, payloads: [c.payload] });
      });
    }
    return await lane.call<CompareSummary>('runCompare.finish', { session, key, view });
  } catch (e) {
    await lane.call('runCompare.drop', { session }).catch(() => undefined);
    throw e;
  }
}

const both = (zh: string, en: string) => `${zh} / ${en}`;

/** The deciding rule of one side in words. */
function sentence(grade: string | null, rule: string | null, ruleLabel: LocalizedText | undefined): [string, string] {
  if (grade === null) return ['无等级', 'no grade'];
  if (rule === null) return [`判为 ${grade}`, `graded ${grade}`];
  return [`由规则「${rule}」判为 ${grade}${ruleLabel ? `（${ruleLabel.zh}）` : ''}`, `${grade} by rule "${rule}"${ruleLabel?.en ? ` (${ruleLabel.en})` : ''}`];
}

const record = (grades: string[], counts: number[]): Record<string, number> => Object.fromEntries(grades.map((g, k) => [g, counts[k] ?? 0]));

/**
 * Compares two completed (or signed-off) runs for the reader.
 *
 * @example
 * const c = await compareRuns(ctx, { baseRunId: 4, candidateRunId: 7, document: 'public-credit-class', movedPage: { offset: 0, limit: 50 } });
 * c.matrix.counts[0][1] // enterprises A in run 4 and B in run 7
 */
export async function compareRuns(ctx: Reader, input: CompareInput): Promise<RunComparison> {
  const baseDetail = await getRunDetail(ctx.db, input.baseRunId);
  const candDetail = await getRunDetail(ctx.db, input.candidateRunId);
  requireComparable(baseDetail, '基准');
  requireComparable(candDetail, '对比');
  const { aggregates: _ab, ...base } = baseDetail;
  const { aggregates: _ac, ...candidate } = candDetail;
  const ab = aggregatesOf(baseDetail);
  const ac = aggregatesOf(candDetail);
  const docB = ab.documents?.find((d) => d.id === input.document);
  const docC = ac.documents?.find((d) => d.id === input.document);
  const doc = docC ?? docB;
  if (!doc) {
    const ids = [...new Set([...(ab.documents ?? []), ...(ac.documents ?? [])].map((d) => d.id))];
    throw badRequest(`两个评价批次中都没有等级文档 ${input.document}（可选：${ids.join('、') || '无'}） / neither run has the grading document ${input.document} (available: ${ids.join(', ') || 'none'})`);
  }

  // grade columns: the documents' grades best first (base, then the candidate's new ones), no grade last
  const labels = new Map<string, LocalizedText>();
  const gradeOrder: string[] = [];
  for (const d of [docB, docC]) {
    d?.grades.forEach((g, k) => {
      if (!gradeOrder.includes(g)) gradeOrder.push(g);
      if (d.gradeLabels?.[k] && !labels.has(g)) labels.set(g, d.gradeLabels[k]);
    });
  }

  const principal = principalOf(ctx.user);
  const scope = firmReadScope(principal);
  const view: CompareView = {
    departments: scope.kind === 'departments' ? [...scope.departments] : null,
    rows: scope.kind !== 'none',
    offset: input.movedPage.offset,
    limit: input.movedPage.limit,
  };
  const s = await summarise(ctx.db, base, candidate, input.document, gradeOrder, view);

  const ruleLabels = (a: StoredAggregates) => {
    const l = a.legend?.find((d) => d.id === input.document);
    return new Map((l?.rules ?? []).map((r, k) => [r, l!.ruleLabels[k]!]));
  };
  const rlB = ruleLabels(ab);
  const rlC = ruleLabels(ac);
  const rows = s.moved.rows.length > 0 ? await withReasons(ctx, base, candidate, input.document, s.moved.rows, rlB, rlC) : [];
  if (scope.kind !== 'none') {
    await recordRead(ctx, 'read.moved', { procedure: 'runs.compare', datasetId: candidate.datasetId, at: candidate.at, runIds: [base.id, candidate.id], count: rows.length });
  }

  const deptLabels = new Map<string, LocalizedText>();
  for (const a of [ac, ab]) {
    for (const d of a.documents ?? []) for (const b of d.byDepartment ?? []) if (b.label && !deptLabels.has(b.key)) deptLabels.set(b.key, b.label);
    for (const w of a.workload ?? []) if (w.label && !deptLabels.has(w.department)) deptLabels.set(w.department, w.label);
  }
  const work = new Map<string, { before: number; after: number }>();
  for (const [which, a] of [['before', ab], ['after', ac]] as const) {
    for (const w of a.workload ?? []) {
      const e = work.get(w.department) ?? { before: 0, after: 0 };
      e[which] = w.inspectionsPerYear;
      work.set(w.department, e);
    }
  }
  const totalBefore = ab.totalInspectionsPerYear ?? 0;
  const totalAfter = ac.totalInspectionsPerYear ?? 0;

  return {
    base,
    candidate,
    document: { id: doc.id, title: doc.title, kind: doc.kind },
    matrix: {
      grades: s.grades.map((code) => ({ code, label: code === '' ? { zh: '无等级', en: 'no grade' } : (labels.get(code) ?? { zh: code, en: code }) })),
      counts: s.matrix,
    },
    distributions: {
      base: record(s.grades, s.base),
      candidate: record(s.grades, s.candidate),
      byDepartment: s.byDepartment.map((d) => ({
        department: d.department,
        label: d.department === '' ? { zh: '不属于任何部门的监管领域', en: 'in no department’s domain' } : (deptLabels.get(d.department) ?? null),
        base: record(s.grades, d.base),
        candidate: record(s.grades, d.candidate),
      })),
    },
    workload: {
      departments: [...work.entries()].map(([department, w]) => ({ department, label: deptLabels.get(department) ?? null, ...w, delta: w.after - w.before })),
      total: { before: totalBefore, after: totalAfter, delta: totalAfter - totalBefore },
    },
    entered: s.entered,
    left: s.left,
    both: s.both,
    moved: { total: s.moved.total, all: s.moved.all, offset: input.movedPage.offset, limit: input.movedPage.limit, rows },
    signals: await compareRunSignals(ctx, base, candidate),
  };
}

/** The page's moved enterprises with their rule sentences and data-level reasons. */
async function withReasons(
  ctx: Reader,
  base: Run,
  candidate: Run,
  document: string,
  moved: MovedRow[],
  rlB: Map<string, LocalizedText>,
  rlC: Map<string, LocalizedText>,
): Promise<RunCompareMoved[]> {
  const actor = toActor(ctx.user);
  const [setB, setC] = [await runSet(ctx.db, actor, base.versions), await runSet(ctx.db, actor, candidate.versions)];
  const [recB, recC] = [await recordsAt(ctx.db, base.datasetId, moved.map((m) => m.baseRow)), await recordsAt(ctx.db, candidate.datasetId, moved.map((m) => m.candidateRow))];
  const reasons = await lanes.jobs.call<string[][]>('runCompare.reasons', {
    document,
    base: { ...setB, at: base.at, ...recB },
    candidate: { ...setC, at: candidate.at, ...recC },
  });
  const vB = base.versions.find((v) => v.documentId === document);
  const vC = candidate.versions.find((v) => v.documentId === document);
  const versionNote =
    vB && vC && vB.contentHash !== vC.contentHash ? [`（${document} v${vB.versionNumber} → v${vC.versionNumber}）`, ` (${document} v${vB.versionNumber} → v${vC.versionNumber})`] : ['', ''];
  return moved.map((m, k) => {
    const before = sentence(m.from, m.ruleBefore, m.ruleBefore === null ? undefined : rlB.get(m.ruleBefore));
    const after = sentence(m.to, m.ruleAfter, m.ruleAfter === null ? undefined : rlC.get(m.ruleAfter));
    const data = reasons[k] ?? [];
    return {
      uscc: m.uscc,
      name: m.name,
      from: m.from,
      to: m.to,
      ruleBefore: m.ruleBefore,
      ruleAfter: m.ruleAfter,
      sentenceBefore: both(before[0], before[1]),
      sentenceAfter: both(after[0], after[1]),
      reasons:
        data.length > 0
          ? data
          : [both(`数据未变，规则变更${versionNote[0]}：原${before[0]}，现${after[0]}`, `same data, the policy changed${versionNote[1]}: was ${before[1]}, now ${after[1]}`)],
      departments: m.departments,
    };
  });
}

/**
 * Computing a department's round draw (issue 14) on the server: its population from a signed-off
 * run's stored results or from the policies in force on a dataset at a date, the directory of
 * inspectors, the previous round, and the seed derived from the recorded inputs
 * (`deriveDrawSeed`); verification recomputes all of it from what was recorded.
 */
import { TRPCError } from '@trpc/server';
import {
  contentHash,
  datasetContentHash,
  deriveDrawSeed,
  forEachRunChunk,
  getDraw,
  getRound,
  getRun,
  getVersionByNumber,
  listInspectors,
  parseRunPayload,
  previousRoundDraw,
  toActor,
} from '@policy/db';
import type { DrawDetail, DrawVersion, SeedInputs } from '@policy/db';
import type { DirectoryInspector, DrawPopulation, RoundDrawRecord, StoredResultLine } from '@policy/evaluation';
import { departmentItems, drawRecord, drawRound, evaluationDrawPopulation, inspectsLicenceRevoked, PairingError, parseDay, registerAt, roundIndexOf, storedDrawPopulation, yearlyPlan } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { Context } from './context.ts';
import { badRequest } from './errors.ts';
import type { Reader } from './firm-access.ts';
import { publishedSet } from './published-set.ts';
import { versionSet } from './services.ts';
import type { SetMember } from './services.ts';

/** An inspector as a draw's roster keeps it (the directory at the time of the draw). */
export interface RosterEntry extends DirectoryInspector {
  department: string;
  active: boolean;
}

export interface DrawRequest {
  department: string;
  round: string;
  /** A signed-off run (its dataset and date), or: */
  runId?: number | null;
  datasetId?: number | null;
  at?: string | null;
  cap?: number | null;
}

export interface ComputedDraw {
  datasetId: number;
  at: string;
  runId: number | null;
  versions: DrawVersion[];
  seedInputs: SeedInputs;
  seed: string;
  roster: RosterEntry[];
  record: RoundDrawRecord;
}

const precondition = (message: string) => new TRPCError({ code: 'PRECONDITION_FAILED', message });

interface Source {
  datasetId: number;
  at: string;
  versions: DrawVersion[];
  documents: PolicyDocument[];
  source: SeedInputs['source'];
  population(items: (domains: readonly string[]) => string[], domains: readonly string[]): Promise<DrawPopulation>;
}

/** The documents of stored versions, content hashes checked. */
async function documentsOf(ctx: Reader, versions: DrawVersion[]): Promise<SetMember[]> {
  const actor = toActor(ctx.user);
  const members: SetMember[] = [];
  for (const v of versions) {
    const d = await getVersionByNumber(ctx.db, actor, v.documentId, v.versionNumber);
    if (d.contentHash !== v.contentHash) throw precondition(`${v.documentId} v${v.versionNumber} 的内容哈希已变 / content hash of ${v.documentId} v${v.versionNumber} differs`);
    members.push({ documentId: d.documentId, kind: d.kind, versionNumber: d.versionNumber, status: d.status, contentHash: d.contentHash, document: documentSchemas[d.kind].parse(d.content) as PolicyDocument });
  }
  return members;
}

/** A signed-off run as a draw's population: its stored lines, statuses on its day from the dataset. */
async function runSource(ctx: Reader, department: string, runId: number): Promise<Source> {
  const run = await getRun(ctx.db, runId);
  if (run.status !== 'signed-off') throw precondition(`评价批次 ${runId} 尚未签发（${run.status}），只能从已签发的批次抽取 / run ${runId} is ${run.status}: draws use signed-off runs only`);
  const members = await documentsOf(ctx, run.versions);
  return {
    datasetId: run.datasetId,
    at: run.at,
    versions: run.versions,
    documents: members.map((m) => m.document),
    source: { kind: 'run', runId: run.id, runHash: run.runHash! },
    population: async (itemsOf, domains) => {
      const lines: StoredResultLine[] = [];
      const rows: number[] = [];
      await forEachRunChunk(ctx.db, runId, (c) => {
        for (const x of parseRunPayload(c.payload)) {
          const j = JSON.parse(x.json) as StoredResultLine;
          if (!j.departments.includes(department)) continue;
          lines.push(j);
          rows.push(x.row);
        }
      });
      const pop = await ctx.services.population(run.datasetId);
      const status = registerAt(pop, parseDay(run.at)).status;
      return storedDrawPopulation(lines, rows, (row) => status[row]!, department, domains, itemsOf);
    },
  };
}

/** The policies in force on a dataset at a date as a draw's population (evaluated in the worker). */
async function datasetSource(ctx: Reader, department: string, datasetId: number, at: string, versions?: DrawVersion[]): Promise<Source> {
  const set = versions ? versionSet(await documentsOf(ctx, versions)) : await publishedSet(ctx.db, at, ctx.services);
  if (set.members.length === 0) throw badRequest(`${at} 没有生效的策略 / no policy in force at ${at}`);
  const compiled = ctx.services.evaluator(set);
  if (!compiled.success) throw badRequest('策略无法编译 / the policy set does not compile', compiled.issues);
  const used: DrawVersion[] = set.members.map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber!, contentHash: m.contentHash }));
  return {
    datasetId,
    at,
    versions: used,
    documents: set.members.map((m) => m.document),
    source: { kind: 'dataset', datasetId, datasetHash: await datasetContentHash(ctx.db, datasetId), at, versions: used },
    population: async (itemsOf) => {
      const { result } = await ctx.services.evaluate(set, compiled.evaluator, datasetId, at);
      const pop = await ctx.services.population(datasetId);
      return evaluationDrawPopulation(result, pop, department, itemsOf);
    },
  };
}

/** The previous round's pairs by USCC. */
const previousPairs = (d: DrawDetail | undefined): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const x of (d?.result as RoundDrawRecord | undefined)?.inspections ?? []) out.set(x.uscc, x.inspectors);
  return out;
};

/** Draws one round (nothing stored). `fixed` replays a stored draw: its roster, previous draw and seed inputs. */
export async function computeDraw(ctx: Reader, req: DrawRequest, attempt: number, fixed?: { roster: RosterEntry[]; previousDrawId: number | null; seedInputs: SeedInputs }): Promise<ComputedDraw> {
  const registered = await getRound(ctx.db, req.department, req.round);
  if (!registered) throw precondition(`${req.department} 的 ${req.round} 轮尚未登记，请先登记轮次和公开值 / round ${req.round} of ${req.department} is not registered: register it with its public value first`);
  const fs = fixed?.seedInputs.source;
  let src: Source;
  if (fs?.kind === 'run' || (!fs && req.runId)) src = await runSource(ctx, req.department, fs?.kind === 'run' ? fs.runId : req.runId!);
  else if (fs?.kind === 'dataset') src = await datasetSource(ctx, req.department, fs.datasetId, fs.at, fs.versions);
  else {
    if (!req.datasetId || !req.at) throw badRequest('请指定已签发的评价批次，或数据集和日期 / give a signed-off run, or a dataset and a date');
    src = await datasetSource(ctx, req.department, req.datasetId, req.at);
  }
  const seedInputs: SeedInputs = { department: req.department, round: req.round, publicValue: registered.publicValue, attempt, source: src.source };
  if (fixed && contentHash(fixed.seedInputs) !== contentHash(seedInputs)) throw precondition('记录的种子输入与重算的不同（批次、数据集、版本或公开值已变） / the recorded seed inputs differ from the recomputed ones (run, dataset, versions or public value changed)');
  const items = departmentItems(src.documents, req.department);
  const roster: RosterEntry[] =
    fixed?.roster ??
    (await listInspectors(ctx.db, req.department)).map((x) => ({ id: x.id, name: x.name, department: req.department, items: x.items, conflicts: x.conflicts, active: x.active }));
  const previous = fixed ? (fixed.previousDrawId ? await getDraw(ctx.db, fixed.previousDrawId) : undefined) : await previousRoundDraw(ctx.db, req.department, req.round);
  const seed = deriveDrawSeed(seedInputs);
  const population = await src.population(items.itemsOf, items.domains);
  let result;
  try {
    result = drawRound({
      department: req.department,
      population,
      seed,
      inspectors: roster,
      inspectLicenceRevoked: inspectsLicenceRevoked(src.documents),
      cap: req.cap ?? null,
      previous: previousPairs(previous),
      roundIndex: roundIndexOf(req.round),
    });
  } catch (e) {
    if (e instanceof PairingError) throw precondition(e.message);
    throw e;
  }
  return { datasetId: src.datasetId, at: src.at, runId: src.source.kind === 'run' ? src.source.runId : null, versions: src.versions, seedInputs, seed, roster, record: drawRecord(result, req.round, previous?.id ?? null, items.labels) };
}

/** Recomputes a stored round draw from its recorded inputs; null when identical, else the first difference. */
export async function verifyDraw(ctx: Reader, id: number): Promise<{ draw: DrawDetail; problem: string | null; recomputedHash: string | null }> {
  const draw = await getDraw(ctx.db, id);
  if (!draw.seedInputs || !draw.roundLabel || !draw.department) return { draw, problem: '此抽取早于按轮次抽取，无法按记录的输入重算 / this draw predates round draws: no recorded inputs to recompute', recomputedHash: null };
  if (deriveDrawSeed(draw.seedInputs) !== draw.seed) return { draw, problem: '记录的种子不是其输入的 SHA-256 / the recorded seed is not the SHA-256 of its inputs', recomputedHash: null };
  const si = draw.seedInputs;
  if (si.source.kind === 'run') {
    const run = await getRun(ctx.db, si.source.runId);
    if (run.runHash !== si.source.runHash) return { draw, problem: `评价批次 ${run.id} 的哈希已变 / the hash of run ${run.id} differs`, recomputedHash: null };
  } else if ((await datasetContentHash(ctx.db, si.source.datasetId)) !== si.source.datasetHash) {
    return { draw, problem: `数据集 ${si.source.datasetId} 的内容已变 / dataset ${si.source.datasetId} content differs`, recomputedHash: null };
  }
  const stored = draw.result as RoundDrawRecord;
  try {
    const again = await computeDraw(ctx, { department: draw.department, round: draw.roundLabel, cap: draw.cap }, draw.attempt ?? 1, { roster: draw.roster as RosterEntry[], previousDrawId: stored.previousDrawId, seedInputs: si });
    const hash = contentHash(again.record);
    if (hash !== draw.resultHash) return { draw, problem: '重算的抽取结果与记录的不同 / the recomputed draw differs from the stored one', recomputedHash: hash };
    if (contentHash(draw.result) !== draw.resultHash) return { draw, problem: '存储的抽取结果与记录的哈希不同 / the stored result does not match its recorded hash', recomputedHash: hash };
    return { draw, problem: null, recomputedHash: hash };
  } catch (e) {
    if (e instanceof TRPCError) return { draw, problem: e.message, recomputedHash: null };
    throw e;
  }
}

export type { Context };

/** The department's yearly plan (counts only) from a signed-off run or the policies in force on a dataset at a date. */
export async function planFor(ctx: Reader, req: { department: string; runId?: number | null; datasetId?: number | null; at?: string | null }) {
  let src: Source;
  if (req.runId) src = await runSource(ctx, req.department, req.runId);
  else {
    if (!req.datasetId || !req.at) throw badRequest('请指定已签发的评价批次，或数据集和日期 / give a signed-off run, or a dataset and a date');
    src = await datasetSource(ctx, req.department, req.datasetId, req.at);
  }
  const items = departmentItems(src.documents, req.department);
  const population = await src.population(items.itemsOf, items.domains);
  return { datasetId: src.datasetId, at: src.at, runId: src.source.kind === 'run' ? src.source.runId : null, ...yearlyPlan(req.department, population, { inspectLicenceRevoked: inspectsLicenceRevoked(src.documents) }) };
}

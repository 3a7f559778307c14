/**
 * `policy draws create | verify | list` (issue 14), against `DATABASE_URL` like `policy runs`.
 *
 * A draw is for a department and a round; its population comes from a signed-off run (`--run`) or
 * from the policies in force on a dataset at a date (`--dataset`, `--at`). The seed is never given:
 * it is the SHA-256 of the recorded inputs (run hash, or dataset hash and versions; department;
 * round; the round's public value; attempt), exactly as the server derives it.
 *
 * Rounds: a draw needs its round registered with a public value first (`draws.rounds.register` on the
 * server). `--public-value V` registers an unregistered round here with V (audit-logged), or must
 * equal the registered value; without it an unregistered round is refused. A second draw of a round
 * is refused (exit 1) unless a redraw was approved on the server.
 */
import {
  createDraw,
  datasetContentHash,
  deriveDrawSeed,
  forEachRunChunk,
  getDraw,
  getRound,
  getRun,
  getVersionByNumber,
  inForceAt,
  listDatasets,
  listDraws,
  listInspectors,
  loadDataset,
  nextAttempt,
  parseRunPayload,
  previousRoundDraw,
  recordAudit,
  registerRound,
  contentHash,
} from '@policy/db';
import type { Actor, DrawDetail, DrawVersion, SeedInputs } from '@policy/db';
import type { DbHandle } from '@policy/db/client';
import type { DirectoryInspector, DrawPopulation, RoundDrawRecord, StoredResultLine } from '@policy/evaluation';
import {
  buildPopulation,
  compile,
  departmentItems,
  drawRecord,
  drawRound,
  evaluationDrawPopulation,
  inspectsLicenceRevoked,
  PairingError,
  parseDay,
  registerAt,
  roundIndexOf,
  storedDrawPopulation,
} from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { cliActor, openDatabase } from './db.ts';
import { checkDate, requireString } from './evaluate.ts';

type Db = DbHandle['db'];

const USAGE = [
  '用法 / usage:',
  '  policy draws create (--run ID | --dataset NAME|ID --at YYYY-MM-DD) --department DEPT --round LABEL [--public-value V] [--cap N] [--json]',
  '  policy draws verify --id N',
  '  policy draws list [--department DEPT] [--json]',
].join('\n');

class Refusal extends Error {}

interface RosterEntry extends DirectoryInspector {
  department: string;
  active: boolean;
}

interface Source {
  datasetId: number;
  at: string;
  versions: DrawVersion[];
  documents: PolicyDocument[];
  source: SeedInputs['source'];
  population(itemsOf: (d: readonly string[]) => string[], domains: readonly string[]): Promise<DrawPopulation>;
}

async function documentsOf(db: Db, actor: Actor, versions: DrawVersion[]): Promise<PolicyDocument[]> {
  const out: PolicyDocument[] = [];
  for (const v of [...versions].sort((a, b) => a.documentId.localeCompare(b.documentId))) {
    const d = await getVersionByNumber(db, actor, v.documentId, v.versionNumber);
    if (d.contentHash !== v.contentHash) throw new Refusal(`${v.documentId} v${v.versionNumber} 的内容哈希已变 / content hash of ${v.documentId} v${v.versionNumber} differs`);
    out.push(documentSchemas[d.kind].parse(d.content) as PolicyDocument);
  }
  return out;
}

async function runSource(db: Db, actor: Actor, department: string, runId: number): Promise<Source> {
  const run = await getRun(db, runId);
  if (run.status !== 'signed-off') throw new Refusal(`评价批次 ${runId} 尚未签发（${run.status}），只能从已签发的批次抽取 / run ${runId} is ${run.status}: draws use signed-off runs only`);
  return {
    datasetId: run.datasetId,
    at: run.at,
    versions: run.versions,
    documents: await documentsOf(db, actor, run.versions),
    source: { kind: 'run', runId: run.id, runHash: run.runHash! },
    population: async (itemsOf, domains) => {
      const lines: StoredResultLine[] = [];
      const rows: number[] = [];
      await forEachRunChunk(db, runId, (c) => {
        for (const x of parseRunPayload(c.payload)) {
          const j = JSON.parse(x.json) as StoredResultLine;
          if (!j.departments.includes(department)) continue;
          lines.push(j);
          rows.push(x.row);
        }
      });
      const status = registerAt(buildPopulation(await loadDataset(db, run.datasetId)), parseDay(run.at)).status;
      return storedDrawPopulation(lines, rows, (row) => status[row]!, department, domains, itemsOf);
    },
  };
}

async function datasetSource(db: Db, actor: Actor, department: string, datasetId: number, at: string, fixed?: DrawVersion[]): Promise<Source> {
  const versions: DrawVersion[] = fixed ?? (await inForceAt(db, at)).map((v) => ({ documentId: v.documentId, versionNumber: v.versionNumber, contentHash: v.contentHash }));
  versions.sort((a, b) => a.documentId.localeCompare(b.documentId));
  if (versions.length === 0) throw new Refusal(`${at} 时没有生效的策略 / no policy in force at ${at}`);
  const documents = await documentsOf(db, actor, versions);
  return {
    datasetId,
    at,
    versions,
    documents,
    source: { kind: 'dataset', datasetId, datasetHash: await datasetContentHash(db, datasetId), at, versions },
    population: async (itemsOf) => {
      const compiled = compile({ documents });
      if (!compiled.success) throw new Refusal(`策略无法编译 / the policy set does not compile: ${compiled.issues.map((i) => i.messageEn).join('; ')}`);
      const pop = buildPopulation(await loadDataset(db, datasetId));
      return evaluationDrawPopulation(compiled.evaluator.evaluate(pop, at), pop, department, itemsOf);
    },
  };
}

/** Draws a round (nothing stored); `fixed` replays a stored draw. Same computation as the server's draw-service. */
async function compute(db: Db, actor: Actor, req: { department: string; round: string; runId: number | null; datasetId: number | null; at: string | null; cap: number | null }, attempt: number, fixed?: { roster: RosterEntry[]; previousDrawId: number | null; seedInputs: SeedInputs }) {
  const registered = await getRound(db, req.department, req.round);
  if (!registered) throw new Refusal(`${req.department} 的 ${req.round} 轮尚未登记 / round ${req.round} of ${req.department} is not registered`);
  const fs = fixed?.seedInputs.source;
  const src =
    fs?.kind === 'run' || (!fs && req.runId)
      ? await runSource(db, actor, req.department, fs?.kind === 'run' ? fs.runId : req.runId!)
      : fs?.kind === 'dataset'
        ? await datasetSource(db, actor, req.department, fs.datasetId, fs.at, fs.versions)
        : await datasetSource(db, actor, req.department, req.datasetId!, req.at!);
  const seedInputs: SeedInputs = { department: req.department, round: req.round, publicValue: registered.publicValue, attempt, source: src.source };
  if (fixed && contentHash(fixed.seedInputs) !== contentHash(seedInputs)) throw new Refusal('记录的种子输入与重算的不同 / the recorded seed inputs differ from the recomputed ones');
  const items = departmentItems(src.documents, req.department);
  const roster: RosterEntry[] = fixed?.roster ?? (await listInspectors(db, req.department)).map((x) => ({ id: x.id, name: x.name, department: req.department, items: x.items, conflicts: x.conflicts, active: x.active }));
  const previous: DrawDetail | undefined = fixed ? (fixed.previousDrawId ? await getDraw(db, fixed.previousDrawId) : undefined) : await previousRoundDraw(db, req.department, req.round);
  const prevPairs = new Map(((previous?.result as RoundDrawRecord | undefined)?.inspections ?? []).map((x) => [x.uscc, x.inspectors]));
  const seed = deriveDrawSeed(seedInputs);
  const population = await src.population(items.itemsOf, items.domains);
  try {
    const r = drawRound({ department: req.department, population, seed, inspectors: roster, inspectLicenceRevoked: inspectsLicenceRevoked(src.documents), cap: req.cap, previous: prevPairs, roundIndex: roundIndexOf(req.round) });
    return { src, seedInputs, seed, roster, record: drawRecord(r, req.round, previous?.id ?? null, items.labels) };
  } catch (e) {
    if (e instanceof PairingError) throw new Refusal(e.message);
    throw e;
  }
}

async function findDataset(db: Db, ref: string) {
  const all = await listDatasets(db);
  return all.find((d) => d.name === ref) ?? (/^\d+$/.test(ref) ? all.find((d) => d.id === Number(ref)) : undefined);
}

async function create(db: Db, actor: Actor, args: Record<string, unknown>, io: CommandIo): Promise<number> {
  const department = requireString(args, 'department', io);
  const round = requireString(args, 'round', io);
  if (!department || !round) return 2;
  const runId = typeof args.run === 'string' ? Number(args.run) : null;
  let datasetId: number | null = null;
  let at: string | null = null;
  if (runId === null) {
    const ref = requireString(args, 'dataset', io);
    at = checkDate(args.at, 'at', io);
    if (!ref || !at) return 2;
    const ds = await findDataset(db, ref);
    if (!ds) {
      io.err(`数据集不存在 / no such dataset: ${ref}`);
      return 1;
    }
    datasetId = ds.id;
  }
  const cap = typeof args.cap === 'string' ? Number(args.cap) : null;
  if (cap !== null && !(Number.isInteger(cap) && cap > 0)) {
    io.err('--cap 须为正整数 / --cap must be a positive integer');
    return 2;
  }
  const publicValue = typeof args['public-value'] === 'string' ? args['public-value'] : null;
  const registered = await getRound(db, department, round);
  if (!registered) {
    if (publicValue === null) {
      io.err(`${department} 的 ${round} 轮尚未登记：请先在系统中登记，或加 --public-value V 在此登记 / round ${round} of ${department} is not registered: register it first, or pass --public-value V`);
      return 1;
    }
    await registerRound(db, actor, { department, round, publicValue });
  } else if (publicValue !== null && publicValue !== registered.publicValue) {
    io.err(`${round} 轮已登记的公开值为「${registered.publicValue}」，不可更改 / round ${round} is registered with public value "${registered.publicValue}": it cannot change`);
    return 1;
  }
  const { attempt, redrawId } = await nextAttempt(db, department, round).catch(async (e: unknown) => {
    await recordAudit(db, actor, { action: 'draw.refused', target: `draws:${department}:${round}`, reason: '每轮只能抽取一次 / one draw per round (CLI)' });
    throw e;
  });
  const c = await compute(db, actor, { department, round, runId, datasetId, at, cap }, attempt);
  const d = await createDraw(db, actor, {
    name: `${round} ${department}`,
    datasetId: c.src.datasetId,
    at: c.src.at,
    department,
    round,
    attempt,
    redrawId,
    seedInputs: c.seedInputs,
    runId: c.src.source.kind === 'run' ? c.src.source.runId : null,
    cap,
    roster: c.roster,
    versions: c.src.versions,
    result: c.record,
  });
  if (args.json === true) {
    io.out(JSON.stringify({ id: d.id, seed: d.seed, department, round, attempt, status: d.status, resultHash: d.resultHash, seedInputs: c.seedInputs, groups: c.record.groups, load: c.record.load, inspections: c.record.inspections }));
  } else {
    io.out(`抽取 ${d.id}：${department} ${round} 轮，${c.record.inspections.length} 家，种子 ${d.seed} / draw ${d.id}: ${department} round ${round}, ${c.record.inspections.length} enterprises, seed ${d.seed}`);
  }
  return 0;
}

/** Recomputes a stored draw from its recorded inputs: null when identical, else why not. */
export async function verifyStoredDraw(db: Db, actor: Actor, id: number): Promise<{ draw: DrawDetail; problem: string | null }> {
  const draw = await getDraw(db, id);
  const si = draw.seedInputs;
  if (!si || !draw.roundLabel || !draw.department) return { draw, problem: '此抽取早于按轮次抽取，无法重算 / this draw predates round draws' };
  if (deriveDrawSeed(si) !== draw.seed) return { draw, problem: '记录的种子不是其输入的 SHA-256 / the recorded seed is not the SHA-256 of its inputs' };
  if (si.source.kind === 'run') {
    if ((await getRun(db, si.source.runId)).runHash !== si.source.runHash) return { draw, problem: `评价批次 ${si.source.runId} 的哈希已变 / the hash of run ${si.source.runId} differs` };
  } else if ((await datasetContentHash(db, si.source.datasetId)) !== si.source.datasetHash) {
    return { draw, problem: `数据集 ${si.source.datasetId} 的内容已变 / dataset ${si.source.datasetId} content differs` };
  }
  try {
    const stored = draw.result as RoundDrawRecord;
    const c = await compute(db, actor, { department: draw.department, round: draw.roundLabel, runId: null, datasetId: null, at: null, cap: draw.cap }, draw.attempt ?? 1, { roster: draw.roster as RosterEntry[], previousDrawId: stored.previousDrawId, seedInputs: si });
    if (contentHash(c.record) !== draw.resultHash) return { draw, problem: '重算的抽取结果与记录的不同 / the recomputed draw differs from the recorded one' };
    if (contentHash(draw.result) !== draw.resultHash) return { draw, problem: '存储的抽取结果与记录的哈希不同 / the stored result does not match its recorded hash' };
    return { draw, problem: null };
  } catch (e) {
    if (e instanceof Refusal) return { draw, problem: e.message };
    throw e;
  }
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ['json']);
  if (!sub || !['create', 'verify', 'list'].includes(sub)) {
    io.err(USAGE);
    return 2;
  }
  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  const actor = cliActor();
  try {
    if (sub === 'create') return await create(handle.db, actor, args, io);
    if (sub === 'verify') {
      const id = requireString(args, 'id', io);
      if (!id) return 2;
      const { draw, problem } = await verifyStoredDraw(handle.db, actor, Number(id));
      if (problem) {
        io.err(`抽取 ${draw.id} 校验失败 / draw ${draw.id} does not verify: ${problem}`);
        return 1;
      }
      io.out(`抽取 ${draw.id} 重算一致，种子 ${draw.seed}，结果哈希 ${draw.resultHash} / draw ${draw.id} recomputes identically (seed ${draw.seed}, result hash ${draw.resultHash})`);
      return 0;
    }
    const list = await listDraws(handle.db, { department: typeof args.department === 'string' ? args.department : undefined });
    if (args.json === true) io.out(JSON.stringify(list));
    else for (const d of list) io.out(`${d.id}\t${d.department ?? ''}\t${d.roundLabel ?? ''}\t${d.attempt ?? ''}\t${d.status}\t${d.seed}`);
    return 0;
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  } finally {
    await handle.destroy();
  }
}

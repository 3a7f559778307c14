/**
 * `policy runs create | list | export | verify` (CONTRACTS §3), against `DATABASE_URL` like
 * `policy db`. A run evaluates a stored dataset at a date with the versions in force then and stores
 * every enterprise's result (the lines of `policy evaluate`) with the run's hash; `verify` recomputes
 * it from the stored dataset and versions.
 */
import { resolve } from 'node:path';
import {
  completeRun,
  datasetContentHash,
  dialectOf,
  exportRun,
  failRun,
  forEachRunChunk,
  getRun,
  getVersionByNumber,
  inForceAt,
  inputsOf,
  listDatasets,
  listRuns,
  loadDataset,
  parseRunPayload,
  parseSqlSlices,
  configureSqlSlices,
  RUN_EXPORT_FORMATS,
  RunHasher,
  startRun,
  storedRunHash,
  verifySqlEngineRun,
  writeRunChunk,
} from '@policy/db';
import type { Actor, Run, RunExportFormat, RunVersion } from '@policy/db';
import type { DbHandle } from '@policy/db/client';
import { buildPopulation, compile, slicePopulation, runAggregates, runChunks, runRows, runSignals, sqlRunPlanOf } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { cliActor, openDatabase } from './db.ts';
import { createSqlRun } from './runs-sql.ts';
import { checkDate, requireString } from './evaluate.ts';

type Db = DbHandle['db'];

const USAGE = [
  '用法 / usage:',
  '  policy runs create --dataset NAME|ID --at YYYY-MM-DD [--jurisdiction REGION_PREFIX] [--engine memory|sql] [--json]',
  '    --engine sql: 在 PostgreSQL 内评价（INSERT … SELECT），进程不载入全部企业 / evaluate inside PostgreSQL, the process never loads the population',
  '  policy runs list [--json]',
  '  policy runs export --run ID [--department DEPT] --format jsonl|csv|xlsx --out FILE',
  '  policy runs verify --run ID',
].join('\n');

const parseDoc = (kind: PolicyDocument['kind'], content: unknown): PolicyDocument => documentSchemas[kind].parse(content) as PolicyDocument;

/** Evaluates a run's inputs: the population (of the jurisdiction) and its result. */
function evaluateRun(documents: PolicyDocument[], records: Awaited<ReturnType<typeof loadDataset>>, at: string, jurisdiction: string | null) {
  const compiled = compile({ documents });
  if (!compiled.success) throw new Error(`策略无法编译 / the policy set does not compile: ${compiled.issues.map((i) => i.messageEn).join('; ')}`);
  const all = buildPopulation(records);
  const rows = runRows(all, jurisdiction);
  const pop = rows ? slicePopulation(all, rows) : all;
  return { ev: compiled.evaluator, pop, rows, n: all.n, result: compiled.evaluator.evaluate(pop, at) };
}

async function findDataset(db: Db, ref: string) {
  const all = await listDatasets(db);
  return all.find((d) => d.name === ref) ?? (/^\d+$/.test(ref) ? all.find((d) => d.id === Number(ref)) : undefined);
}

async function create(db: Db, actor: Actor, args: Record<string, unknown>, io: CommandIo): Promise<number> {
  const ref = requireString(args, 'dataset', io);
  const at = checkDate(args.at, 'at', io);
  if (!ref || !at) return 2;
  const jurisdiction = typeof args.jurisdiction === 'string' && args.jurisdiction !== '' ? args.jurisdiction : null;
  const engine = args.engine === undefined ? 'memory' : args.engine;
  if (engine !== 'memory' && engine !== 'sql') {
    io.err(`--engine 须为 memory 或 sql / --engine must be memory or sql: ${String(engine)}`);
    return 2;
  }
  const ds = await findDataset(db, ref);
  if (!ds) {
    io.err(`数据集不存在 / no such dataset: ${ref}`);
    return 1;
  }
  // in document-id order, as the server's version sets: the order of each line's `results`
  const inForce = (await inForceAt(db, at)).sort((a, b) => a.documentId.localeCompare(b.documentId));
  if (inForce.length === 0) {
    io.err(`${at} 时没有生效的策略 / no policy in force at ${at}`);
    return 1;
  }
  const versions: RunVersion[] = inForce.map((v) => ({ documentId: v.documentId, versionNumber: v.versionNumber, contentHash: v.contentHash }));
  const documents = inForce.map((v) => parseDoc(v.kind, v.content));
  if (engine === 'sql') return createSqlRun(db, actor, { dataset: ds, at, jurisdiction, documents, versions, json: args.json === true }, io);
  const datasetHash = await datasetContentHash(db, ds.id);
  const run = await startRun(db, actor, { datasetId: ds.id, datasetHash, at, jurisdiction, versions, total: ds.rowCount });
  try {
    const { ev, pop, rows, n, result } = evaluateRun(documents, await loadDataset(db, ds.id), at, jurisdiction);
    const hasher = new RunHasher(inputsOf(run));
    let done = 0;
    for (const chunk of runChunks(result, rows)) {
      hasher.update(chunk.payload);
      done += chunk.covered;
      await writeRunChunk(db, run.id, chunk, done);
    }
    const completed = await completeRun(db, actor, run.id, { runHash: hasher.digest(), counts: { dataset: n, evaluated: result.n, outside: result.outside.length }, aggregates: runAggregates(result, pop),
      // the early warnings and triggers, as the server keeps them (issue 13)
      signals: runSignals(ev, pop, result, rows),
    });
    if (args.json === true) io.out(JSON.stringify(completed));
    else io.out(`评价批次 ${completed.id} 已完成：${result.n} 家，哈希 ${completed.runHash} / run ${completed.id} completed: ${result.n} enterprises, hash ${completed.runHash}`);
    return 0;
  } catch (e) {
    const message = (e as Error).message;
    await failRun(db, run.id, { zh: `评价失败：${message}`, en: `evaluation failed: ${message}` });
    io.err(`评价批次 ${run.id} 失败 / run ${run.id} failed: ${message}`);
    return 1;
  }
}

/**
 * Recomputes a stored run and compares it with what is stored: null when identical, else the first
 * difference (the first differing enterprise when the results differ). A run the SQL engine computed
 * is recomputed inside PostgreSQL (`inSql`), without loading the population, when its bundle compiles to SQL.
 */
export async function verifyRun(db: Db, actor: Actor, runId: number): Promise<{ run: Run; problem: string | null; inSql?: boolean }> {
  const run = await getRun(db, runId);
  if (run.status !== 'completed' && run.status !== 'signed-off') return { run, problem: `评价批次未完成（${run.status}） / the run is not completed (${run.status})` };
  const documents: PolicyDocument[] = [];
  for (const v of [...run.versions].sort((a, b) => a.documentId.localeCompare(b.documentId))) {
    const d = await getVersionByNumber(db, actor, v.documentId, v.versionNumber);
    if (d.contentHash !== v.contentHash) return { run, problem: `${v.documentId} v${v.versionNumber} 的内容哈希已变 / content hash of ${v.documentId} v${v.versionNumber} differs` };
    documents.push(parseDoc(d.kind, d.content));
  }
  const plan = run.engine === 'sql' && dialectOf(db) === 'postgres' ? sqlRunPlanOf(documents, run.at, run.datasetId) : null;
  // the dataset's content is checked there against the run's (the relational copy made current)
  if (plan) return { run, problem: await verifySqlEngineRun(db, run, plan), inSql: true };
  if ((await datasetContentHash(db, run.datasetId)) !== run.datasetHash) return { run, problem: `数据集 ${run.datasetId} 的内容已变 / dataset ${run.datasetId} content differs` };
  const { rows, result } = evaluateRun(documents, await loadDataset(db, run.datasetId), run.at, run.jurisdiction);
  const fresh = runChunks(result, rows);
  const hasher = new RunHasher(inputsOf(run));
  let problem: string | null = null;
  let chunks = 0;
  await forEachRunChunk(db, runId, (stored) => {
    chunks++;
    if (problem) return;
    const next = fresh.next();
    if (next.done) {
      problem = `多出结果块 ${stored.chunkNo} / extra stored chunk ${stored.chunkNo}`;
      return;
    }
    hasher.update(next.value.payload);
    if (next.value.payload === stored.payload) return;
    const a = parseRunPayload(stored.payload);
    const b = parseRunPayload(next.value.payload);
    for (let k = 0; k < Math.max(a.length, b.length); k++) {
      if (a[k]?.row === b[k]?.row && a[k]?.json === b[k]?.json) continue;
      const uscc = (b[k] ?? a[k]) ? (JSON.parse((b[k] ?? a[k])!.json) as { uscc: string }).uscc : '?';
      problem = `第 ${b[k]?.row ?? a[k]?.row} 行 ${uscc} 的结果不同 / row ${b[k]?.row ?? a[k]?.row} (${uscc}): stored result differs from the recomputed one`;
      return;
    }
    problem = `结果块 ${stored.chunkNo} 不同 / chunk ${stored.chunkNo} differs`;
  });
  if (problem) return { run, problem };
  const rest = fresh.next();
  if (!rest.done) return { run, problem: `缺少结果块 ${chunks} / stored results end at chunk ${chunks}` };
  const recomputed = hasher.digest();
  if (recomputed !== run.runHash) return { run, problem: `重算的哈希 ${recomputed} 与记录的 ${run.runHash} 不同 / recomputed hash differs from the recorded one` };
  const stored = await storedRunHash(db, run);
  if (stored !== run.runHash) return { run, problem: `存储结果的哈希与记录的不同 / the stored results' hash differs from the recorded one` };
  return { run, problem: null };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ['json']);
  if (!sub || !['create', 'list', 'export', 'verify'].includes(sub)) {
    io.err(USAGE);
    return 2;
  }
  try {
    // the slices of the rows a SQL run (create --engine sql, verify of a SQL run) evaluates at once
    configureSqlSlices(parseSqlSlices(io.env?.sqlSlices));
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  const db = handle.db;
  const actor = cliActor();
  try {
    switch (sub) {
      case 'create':
        return await create(db, actor, args, io);
      case 'list': {
        const runs = await listRuns(db);
        if (args.json === true) io.out(JSON.stringify(runs));
        else for (const r of runs) io.out(`${r.id}\t${r.status}\t${r.datasetName}\t${r.at}\t${r.progress.done}/${r.progress.total}\t${r.runHash ?? ''}`);
        return 0;
      }
      case 'export': {
        const id = requireString(args, 'run', io);
        const format = requireString(args, 'format', io);
        const out = requireString(args, 'out', io);
        if (!id || !format || !out) return 2;
        if (!(RUN_EXPORT_FORMATS as readonly string[]).includes(format)) {
          io.err(`--format 须为 jsonl、csv 或 xlsx / --format must be jsonl, csv or xlsx`);
          return 2;
        }
        const department = typeof args.department === 'string' ? args.department : null;
        const r = await exportRun(db, actor, Number(id), { format: format as RunExportFormat, department, file: resolve(io.cwd, out) });
        io.err(`已导出 ${r.count} 家到 ${out} / exported ${r.count} enterprises to ${out}`);
        return 0;
      }
      case 'verify': {
        const id = requireString(args, 'run', io);
        if (!id) return 2;
        const { run: r, problem, inSql } = await verifyRun(db, actor, Number(id));
        if (problem) {
          io.err(`评价批次 ${r.id} 校验失败 / run ${r.id} does not verify: ${problem}`);
          return 1;
        }
        if (inSql) io.out(`评价批次 ${r.id} 在数据库内重算一致，哈希 ${r.runHash} / run ${r.id} recomputes identically inside PostgreSQL (hash ${r.runHash})`);
        else io.out(`评价批次 ${r.id} 重算一致，哈希 ${r.runHash} / run ${r.id} recomputes identically (hash ${r.runHash})`);
        return 0;
      }
      default:
        return 2;
    }
  } catch (e) {
    io.err(`${(e as Error).message}`);
    return 1;
  } finally {
    await handle.destroy();
  }
}


/**
 * `policy db update --dataset NAME|ID --file DELTA.json`: applies a delta (docs/DELTA.md) to a stored
 * dataset — new and changed enterprises by USCC, records, list changes, deregistrations — all or
 * nothing in one transaction (`applyDatasetDelta` of @policy/db): a bad item refuses the whole delta,
 * every problem printed with its place, and nothing changes. On success the dataset's version
 * advances by one and its new content hash is printed; the change is audit-logged (`dataset.update`).
 * Then the new version's population columns are built from its chunks and stored (issue 16).
 * Registered by db.ts (`policy db update`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyDatasetDelta, isDbError, listDatasets, readDeltaText, rebuildDatasetColumns } from '@policy/db';
import { populationColumnsCollector } from '@policy/evaluation';
import type { Actor } from '@policy/db';
import type { DbHandle } from '@policy/db/client';
import type { CommandIo } from '../io.ts';

export const UPDATE_USAGE = `  policy db update --dataset NAME|ID --file DELTA.json
                                            增量更新数据集（全部成功或全部不变） / apply a delta to a dataset (all or nothing)`;

/** Errors printed before the count (the delta is refused either way). */
const SHOWN_ERRORS = 200;

export async function runUpdate(handle: DbHandle, args: Record<string, unknown>, io: CommandIo, actor: Actor): Promise<number> {
  if (typeof args.dataset !== 'string' || typeof args.file !== 'string') {
    io.err(`需要 --dataset 与 --file / --dataset and --file are required\n\n用法 / usage:\n${UPDATE_USAGE}`);
    return 2;
  }
  const file = resolve(io.cwd, args.file);
  if (!existsSync(file)) {
    io.err(`--file: 文件不存在 / no such file: ${args.file}`);
    return 2;
  }
  const datasets = await listDatasets(handle.db);
  const ds = datasets.find((d) => d.name === args.dataset) ?? (/^\d+$/.test(args.dataset) ? datasets.find((d) => d.id === Number(args.dataset)) : undefined);
  if (!ds) {
    io.err(`没有名为“${args.dataset}”的数据集（policy db datasets 列出全部） / no dataset named "${args.dataset}" (policy db datasets lists them)`);
    return 1;
  }
  const started = Date.now();
  let r;
  try {
    const delta = readDeltaText(readFileSync(file, 'utf8'));
    r = await applyDatasetDelta(handle.db, actor, ds.id, delta, { maxErrors: SHOWN_ERRORS });
  } catch (e) {
    if (isDbError(e)) {
      io.err(`增量未应用 / delta not applied: ${e.message}`);
      return 1;
    }
    throw e;
  }
  for (const w of r.warnings.slice(0, 50)) io.err(`警告 warning ${args.file} ${w.path} ${w.message} / ${w.messageEn}`);
  if (r.warnings.length > 50) io.err(`……另有 ${r.warnings.length - 50} 条警告 / … ${r.warnings.length - 50} more warnings`);
  if (!r.success) {
    for (const e of r.errors) io.err(`${args.file} ${e.path || '/'} ${e.message} / ${e.messageEn}`);
    if (r.errorCount > r.errors.length) io.err(`……共 ${r.errorCount} 处错误 / ${r.errorCount} errors in all`);
    io.err(`增量被拒绝，数据集“${ds.name}”未改变（${r.errorCount} 处错误） / delta refused, dataset "${ds.name}" unchanged (${r.errorCount} errors)`);
    return 1;
  }
  const c = r.counts;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(
    `已更新数据集 #${r.dataset.id}「${r.dataset.name}」：第 ${r.previousVersion} 版 → 第 ${r.dataset.version} 版，` +
      `新增 ${c.added} 家、变更 ${c.changed} 家（失信记录 ${c.records} 条、名单变动 ${c.lists} 条、注销 ${c.deregister} 家），共 ${r.dataset.rowCount} 家，用时 ${seconds} 秒 / ` +
      `updated dataset to version ${r.dataset.version}: ${c.added} added, ${c.changed} changed (${c.records} records, ${c.lists} list changes, ${c.deregister} deregistrations), ${r.dataset.rowCount} enterprises, ${seconds} s`,
  );
  io.out(`内容哈希 / content hash: ${r.dataset.contentHash}`);
  // the new version's population columns, right after (the delta stands without them: the server's first load builds them)
  try {
    await rebuildDatasetColumns(handle.db, r.dataset.id, populationColumnsCollector(r.dataset.rowCount));
  } catch (e) {
    io.err(`列式数据未更新，首次加载时生成 / population columns not rebuilt (built at the first load): ${e instanceof Error ? e.message : String(e)}`);
  }
  return 0;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatasetVersion, listAudit, loadDataset } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const A = '91350100M000100Y43';
const B = '91350100M000200Y05';
const C = '91350100M000300Y77';
const row = (uscc: string, name: string) => ({ uscc, name, industryCode: 'C1391', status: 'active' });

describe('policy db update (SQLite file)', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-update-'));
    file = join(dir, 'policy.sqlite');
    writeFileSync(join(dir, 'base.jsonl'), [row(A, '甲公司'), row(B, '乙公司')].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await db(['import', '--database', file, '--name', '全市', '--file', 'base.jsonl'], capture(dir))).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const version = async () => {
    const h = createDb(file);
    try {
      const v = await getDatasetVersion(h.db, 1);
      return { ...v, records: await loadDataset(h.db, 1), audit: (await listAudit(h.db, { limit: 100 })).filter((a) => a.action === 'dataset.update') };
    } finally {
      await h.destroy();
    }
  };

  it('applies a delta by dataset name: version and content hash advance, audited', async () => {
    const before = await version();
    writeFileSync(
      join(dir, 'delta.json'),
      JSON.stringify({ upsert: [row(C, '丙公司')], records: [{ uscc: A, record: { id: 'r1', kind: 'penalty.fine', date: '2026-03-01' } }], deregister: [{ uscc: B, date: '2026-05-01' }] }),
    );
    const io = capture(dir);
    expect(await db(['update', '--database', file, '--dataset', '全市', '--file', 'delta.json'], io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toContain('第 1 版 → 第 2 版，新增 1 家、变更 2 家');
    const after = await version();
    expect(out).toContain(after.contentHash);
    expect(after).toMatchObject({ version: 2, rowCount: 3 });
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.records.map((r) => [r.uscc, r.status, r.records?.length ?? 0])).toEqual([
      [A, 'active', 1],
      [B, 'deregistered', 0],
      [C, 'active', 0],
    ]);
    expect(after.audit).toHaveLength(1);
    expect(after.audit[0]!.actor).toMatch(/^cli:/);
  });

  it('refuses a bad delta whole, printing each problem in Chinese; nothing changes', async () => {
    const before = await version();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ upsert: [row(A, '不应写入')], lists: [{ uscc: C, list: 'serious-dishonesty', from: '2026-02-30' }] }));
    const io = capture(dir);
    expect(await db(['update', '--database', file, '--dataset', '1', '--file', 'bad.json'], io)).toBe(1);
    const err = io.stderr.join('\n');
    expect(err).toContain(`bad.json /lists/0/from 名单变动 第 1 项（统一社会信用代码 ${C}）：列入日期 2026-02-30 不是有效日期`);
    expect(err).toContain('增量被拒绝，数据集“全市”未改变（1 处错误）');
    expect(await version()).toEqual(before);
  });

  it('says what is missing: options, the dataset, the file, valid JSON', async () => {
    const io = capture(dir);
    expect(await db(['update', '--database', file, '--file', 'delta.json'], io)).toBe(2);
    expect(await db(['update', '--database', file, '--dataset', '没有', '--file', 'delta.json'], io)).toBe(1);
    expect(await db(['update', '--database', file, '--dataset', '全市', '--file', 'nope.json'], io)).toBe(2);
    writeFileSync(join(dir, 'broken.json'), '{"upsert": [');
    expect(await db(['update', '--database', file, '--dataset', '全市', '--file', 'broken.json'], io)).toBe(1);
    const err = io.stderr.join('\n');
    expect(err).toContain('需要 --dataset 与 --file');
    expect(err).toContain('没有名为“没有”的数据集');
    expect(err).toContain('文件不存在');
    expect(err).toContain('增量文件不是有效的 JSON');
  });
});

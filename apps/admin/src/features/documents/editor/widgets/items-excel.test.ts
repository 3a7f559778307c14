// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SupervisionItemsDocument } from '@policy/schemas';
import { COLUMNS, planImport, readSheet, rowsToItems, writeWorkbook } from './items-excel.ts';

const doc = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL('../../../../../../../policies/supervision-items-market-regulation/v1.json', import.meta.url),
    ),
    'utf8',
  ),
) as SupervisionItemsDocument;
const items = doc.content.items;

describe('supervision items ⇄ Excel', () => {
  it('exports every item to an .xlsx and imports it back unchanged (risk levels, triggers, measures, change history)', async () => {
    const blob = await writeWorkbook(items, '监管事项清单');
    const sheet = await readSheet(await blob.arrayBuffer());
    expect(sheet![0]).toEqual([...COLUMNS]);
    expect(sheet!.length).toBe(items.length + 1);
    const back = rowsToItems(sheet!, items, 'zh');
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.items.map((i) => i.code)).toEqual(items.map((i) => i.code));
    for (const [k, item] of items.entries()) {
      const got = back.items[k]!;
      expect([got.name, got.domain, got.legalBasis, got.method, got.target]).toEqual([
        item.name,
        item.domain,
        item.legalBasis,
        item.method,
        item.target,
      ]);
      expect(got.riskPoints!.map((r) => [r.level, r.description])).toEqual(
        item.riskPoints.map((r) => [r.level, r.description]),
      );
      expect(got.triggers!.map((r) => r.description)).toEqual(item.triggers.map((r) => r.description));
      expect(got.measures!.map((r) => r.description)).toEqual(item.measures.map((r) => r.description));
      // the change history is not in the sheet: an item that already exists keeps its own
      expect(got.changes).toEqual(item.changes);
    }
  });

  it('refuses a sheet with bad rows, naming every row and what is wrong, and imports none of it', () => {
    const header = [...COLUMNS];
    const good = [
      'SC-X-01',
      '食品经营许可检查',
      'food',
      '《中华人民共和国食品安全法》',
      '双随机抽查',
      '',
      '[高] 无证经营',
      '',
      '',
    ];
    const noName = ['SC-X-02', '', 'food', '《中华人民共和国食品安全法》', '双随机抽查', '', '', '', ''];
    const badMethod = ['SC-X-03', '广告检查', 'food', '《中华人民共和国广告法》', '随便查查', '', '', '', ''];
    const duplicate = [
      'SC-X-01',
      '重复的编码',
      'food',
      '《中华人民共和国食品安全法》',
      '重点检查',
      '',
      '',
      '',
      '',
    ];
    const r = rowsToItems([header, good, noName, badMethod, duplicate], [], 'zh');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(r.errors[0]!.message).toContain('事项名称');
    expect(r.errors[1]!.message).toContain('随便查查');
    expect(r.errors[2]!.message).toContain('SC-X-01');
  });

  it('names a missing required column in the header row', () => {
    const r = rowsToItems([['事项编码', '事项名称']], [], 'zh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toContain('第 1 行缺少列“监管领域”');
  });

  it('writes 监管领域 as the name the editor shows and reads it back to the id (round trip)', async () => {
    const names: Record<string, string> = { 'market-entities': '市场主体(一般行业)', food: '食品', drugs: '药品' };
    const domains = [...new Set(items.map((i) => i.domain))].map((id) => ({ id, names: [names[id] ?? `领域 ${id}`] }));
    const name = (id: string) => domains.find((d) => d.id === id)!.names[0]!;
    const blob = await writeWorkbook(items, '监管事项清单', name);
    const sheet = await readSheet(await blob.arrayBuffer());
    const domainCol = COLUMNS.indexOf('监管领域');
    expect(sheet!.slice(1).map((r) => r[domainCol])).toEqual(items.map((i) => name(i.domain)));
    expect(sheet!.slice(1).some((r) => items.some((i) => r[domainCol] === i.domain))).toBe(false);
    const back = rowsToItems(sheet!, items, 'zh', domains);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.items.map((i) => i.domain)).toEqual(items.map((i) => i.domain));
    // importing its own export changes nothing in any mode
    for (const mode of ['append', 'merge', 'replace'] as const) {
      const plan = planImport(items, back.items, mode);
      expect([plan.added, plan.updated, plan.removed], mode).toEqual([[], [], []]);
    }
  });
});

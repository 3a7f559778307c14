/**
 * A department's XLSX export of a stored run: exactly the enterprises whose `departments` hold it
 * (not those that only mention it elsewhere), in row order across chunks, with the same cells as
 * the CSV export; everything without a department; on SQLite and PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { importDataset } from './dataset-import.repository.ts';
import { exportRun } from './run-export.ts';
import {
  completeRun,
  datasetContentHash,
  inputsOf,
  RunHasher,
  runLine,
  startRun,
  writeRunChunk,
} from './run.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const versions = [{ documentId: 'credit', versionNumber: 1, contentHash: 'a'.repeat(64) }];
const legend = [
  {
    id: 'credit',
    kind: 'grading',
    title: '信用评价',
    rules: ['r1', 'r2'],
    ruleLabels: [
      { zh: '无失信记录', en: 'clean' },
      { zh: '有行政处罚 & "严重"', en: 'penalty' },
    ],
  },
];

interface Line {
  name: string;
  departments: string[];
  domains: string[];
  grade: string;
}
// the enterprises, in two chunks; "transport" appears in names and domains of enterprises outside the department
const LINES: Line[][] = [
  [
    { name: '甲运输公司', departments: ['transport'], domains: ['road'], grade: 'A' },
    { name: '乙 <商贸> & "transport"', departments: ['market'], domains: ['trade'], grade: 'B' },
    { name: '丙公司', departments: ['market', 'transport'], domains: ['trade', 'road'], grade: 'C' },
    { name: '丁公司', departments: [], domains: ['transport'], grade: 'D' },
    { name: '戊物流 transport', departments: ['transport'], domains: ['road'], grade: 'A' },
  ],
  [
    { name: '己公司', departments: ['transport-port'], domains: ['port'], grade: 'B' },
    { name: '庚运输', departments: ['transport'], domains: ['road'], grade: 'B' },
  ],
];
const uscc = (i: number) => `91350100M0001${String(i).padStart(4, '0')}X`;
const json = (i: number, l: Line) =>
  JSON.stringify({
    uscc: uscc(i),
    name: l.name,
    results: { credit: { grade: l.grade, rule: l.grade === 'A' ? 'r1' : 'r2' } },
    domains: l.domains,
    departments: l.departments,
    sampling: { grade: l.grade, ratioPercent: l.grade === 'A' ? 3 : 10, frequencyPerYear: 1, onSite: false },
  });

describe.each(DIALECTS)('run exports on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let runId: number;
  const dir = mkdtempSync(join(tmpdir(), 'policy-run-export-'));

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    const all = LINES.flat();
    const input = Buffer.from(
      all
        .map((l, i) =>
          JSON.stringify({ uscc: uscc(i), name: l.name, industryCode: '5211', status: 'active' }),
        )
        .join('\n'),
    );
    const r = await importDataset(t.db, office, { name: `run-export-${dialect}`, format: 'jsonl', input });
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    const datasetHash = await datasetContentHash(t.db, r.dataset.id);
    const run = await startRun(t.db, office, {
      datasetId: r.dataset.id,
      datasetHash,
      at: '2026-10-31',
      jurisdiction: null,
      versions,
      total: all.length,
    });
    const hasher = new RunHasher(inputsOf(run));
    let row = 0;
    for (const [k, chunk] of LINES.entries()) {
      const first = row;
      const payload = chunk.map((l) => runLine(row, json(row++, l))).join('');
      hasher.update(payload);
      await writeRunChunk(
        t.db,
        run.id,
        { chunkNo: k, firstRow: first, rowCount: chunk.length, payload },
        row,
      );
    }
    runId = (
      await completeRun(t.db, office, run.id, {
        runHash: hasher.digest(),
        counts: { dataset: row, evaluated: row },
        aggregates: { legend },
      })
    ).id;
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sheetRows(file: string): Promise<unknown[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('评价结果');
    const rows: unknown[][] = [];
    for (let n = 1; n <= ws.rowCount; n++)
      rows.push((ws.getRow(n).values as unknown[]).slice(1).map((v) => v ?? ''));
    return rows;
  }

  it("exports exactly the department's enterprises as XLSX, cell for cell as the CSV", async () => {
    const file = join(dir, `transport-${dialect}.xlsx`);
    const { count } = await exportRun(t.db, office, runId, { format: 'xlsx', department: 'transport', file });
    expect(count).toBe(4);
    const rows = await sheetRows(file);
    expect(rows[0]).toEqual([
      '统一社会信用代码',
      '名称',
      '信用评价（等级）',
      '决定规则',
      '抽查比例',
      '抽查频次',
    ]);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['甲运输公司', '丙公司', '戊物流 transport', '庚运输']);
    expect(rows[2]).toEqual([
      uscc(2),
      '丙公司',
      'C',
      '信用评价：有行政处罚 & "严重"，评为 C',
      '10%',
      '1 次/年',
    ]);

    const csvFile = join(dir, `transport-${dialect}.csv`);
    expect(
      (await exportRun(t.db, office, runId, { format: 'csv', department: 'transport', file: csvFile })).count,
    ).toBe(4);
    const csv = readFileSync(csvFile, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    const csvCell = (v: unknown) =>
      /[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    expect(rows.map((r) => r.map(csvCell).join(','))).toEqual(csv);
  });

  it('exports every enterprise without a department, and none of a department nobody has', async () => {
    const file = join(dir, `all-${dialect}.xlsx`);
    expect((await exportRun(t.db, office, runId, { format: 'xlsx', file })).count).toBe(7);
    const rows = await sheetRows(file);
    expect(rows.slice(1).map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 6].map(uscc));
    expect(rows[2]![1]).toBe('乙 <商贸> & "transport"');

    const none = join(dir, `none-${dialect}.xlsx`);
    expect(
      (await exportRun(t.db, office, runId, { format: 'xlsx', department: 'port', file: none })).count,
    ).toBe(0);
    expect(await sheetRows(none)).toHaveLength(1);
  });
});

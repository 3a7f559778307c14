/**
 * Export of the impact report's moved list (issue 15): every moved enterprise (all pages) as a CSV
 * with Chinese headers, document titles and grade labels; a department editor's export holds only
 * its domains' enterprises; a viewer is refused; each export is audit-logged. SQLite and PostgreSQL.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, listAudit, SYSTEM_ACTOR } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { generatedJsonl } from '../imports.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { csvField, movedFileName } from '../moved-csv.ts';

const AT = '2026-10-31';

/** Rows of a CSV text as written by `movedCsv` (quoted fields with "" escapes, CRLF lines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
      i++;
    } else f += c;
  }
  return rows;
}

describe('csvField', () => {
  it('quotes commas, quotes and line ends, and neutralises formulas', () => {
    expect(csvField('甲,乙')).toBe('"甲,乙"');
    expect(csvField('说"明"')).toBe('"说""明"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('优')).toBe('优');
  });
  it('names the file by the documents’ titles and the date, without characters a file name cannot hold', () => {
    expect(movedFileName(['公共信用综合评价', '食品/药品'], '2026-10-31')).toBe('等级变动名单_公共信用综合评价、食品_药品_2026-10-31.csv');
    expect(movedFileName([], '2026-10-31')).toBe('等级变动名单_全部_2026-10-31.csv');
  });
});

describe.each(DIALECTS)('moved list export on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId = 0;
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_moved_export');
    f = await createFixture(scratch?.url ?? ':memory:');
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: generatedJsonl(600, 7), fileName: 'd.jsonl' });
    if (!r.success) throw new Error(r.errors.map((e) => e.message).join('; '));
    datasetId = r.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
    await scratch?.drop();
  });

  /** A candidate that moves enterprises: fines count as serious in the public credit class. */
  async function candidate() {
    const cls = (await f.as('credit-office').documents.inForce({ at: AT })).find((v) => v.documentId === 'public-credit-class')!;
    const doc = structuredClone(cls.content) as { title: string; content: { severities: Record<string, string> } };
    doc.content.severities['penalty.fine'] = 'serious';
    return { doc, candidate: { documents: [doc] } };
  }

  it('holds every moved enterprise (more than one page) with Chinese headers, titles and grade labels; a department editor only its domains’; audit-logged', async () => {
    const { doc, candidate: cand } = await candidate();
    const office = f.as('credit-office');
    const preview = await office.evaluation.preview({ datasetId, at: AT, candidate: cand });
    const whole = await office.evaluation.moved({ datasetId, at: AT, candidate: cand, moved: { offset: 0, limit: 500 } });
    expect(whole.total).toBeGreaterThan(50); // more than the first page the report shows
    expect(whole.items).toHaveLength(whole.total);

    const out = await office.evaluation.movedExport({ datasetId, at: AT, candidate: cand });
    expect(out.csv.startsWith('\uFEFF统一社会信用代码,名称,评价/文档,原等级,新等级,原因\r\n')).toBe(true);
    expect(out.fileName).toBe(`等级变动名单_${doc.title}_${AT}.csv`);
    const [header, ...rows] = parseCsv(out.csv.slice(1));
    expect(header).toEqual(['统一社会信用代码', '名称', '评价/文档', '原等级', '新等级', '原因']);
    expect(out.count).toBe(whole.total);
    expect(rows).toHaveLength(whole.total);
    const docs = new Map(preview.comparison.documents.map((d) => [d.id, d]));
    const label = (d: string, g: string | null) => (g === null ? '无等级' : docs.get(d)!.gradeLabels[docs.get(d)!.grades.indexOf(g)]!.zh);
    whole.items.forEach((m, k) => {
      const r = rows[k]!;
      expect(r.slice(0, 5)).toEqual([m.uscc, m.name, docs.get(m.document)!.title, label(m.document, m.before.grade), label(m.document, m.after.grade)]);
      expect(r[5]!.length).toBeGreaterThan(0);
    });
    // labels, never the grade codes
    const codes = new Set(preview.comparison.documents.flatMap((d) => d.grades.filter((g, k) => g !== '' && d.gradeLabels[k]?.zh !== g)));
    for (const r of rows) for (const g of [r[3]!, r[4]!]) expect(codes.has(g)).toBe(false);

    // a department editor: exactly the enterprises of its own moved list, a strict subset
    const t = f.as('transport');
    const mine = await t.evaluation.moved({ datasetId, at: AT, candidate: cand, moved: { offset: 0, limit: 500 } });
    const mineOut = await t.evaluation.movedExport({ datasetId, at: AT, candidate: cand });
    const mineRows = parseCsv(mineOut.csv.slice(1)).slice(1);
    expect(mineRows.length).toBeGreaterThan(0);
    expect(mineRows.length).toBeLessThan(rows.length);
    expect(mineRows.map((r) => `${r[0]}|${r[2]}`)).toEqual(mine.items.map((m) => `${m.uscc}|${docs.get(m.document)!.title}`));
    const wholeKeys = new Set(rows.map((r) => r.join('\u0001')));
    for (const r of mineRows) expect(wholeKeys.has(r.join('\u0001'))).toBe(true);
    for (const r of mineRows.slice(0, 5)) {
      const e = await office.evaluation.explain({ datasetId, at: AT, uscc: r[0]! });
      expect(e.explanation.departments.map((d) => d.id)).toContain('transport');
    }

    // a viewer is refused
    const no = await f
      .as('viewer')
      .evaluation.movedExport({ datasetId, at: AT, candidate: cand })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(no).toBeInstanceOf(TRPCError);
    expect((no as TRPCError).code).toBe('FORBIDDEN');

    // each export is in the audit log, with its scope and count
    const audit = (await listAudit(f.handle.db, { limit: 1000 })).filter((a) => a.action === 'moved.export');
    const reasons = audit.map((a) => a.reason ?? '');
    expect(reasons).toContain(`format=csv; at=${AT}; documents=public-credit-class; department=*; enterprises=${whole.total}`);
    expect(reasons).toContain(`format=csv; at=${AT}; documents=public-credit-class; department=transport; enterprises=${mine.total}`);
    expect(audit.map((a) => a.actor).sort()).toEqual(['credit-office', 'transport']);
  }, 120_000);
});

/**
 * runs.compare through the API: two runs of one dataset at two dates (records entering and leaving
 * the one-year window, a licence revoked in between), checked against the evaluator run directly on
 * the same records (what `policy evaluate` does), with the confidentiality of firm-access.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, startRun, toActor } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { buildPopulation, compile, generatePopulation } from '@policy/evaluation';
import type { EnterpriseResultJson } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { elementText } from '../run-compare-ops.ts';
import { runSettled } from './runs.ts';

const BASE_AT = '2026-09-30';
const CAND_AT = '2026-10-31';
const COUNT = 3000;
const DOC = 'public-credit-class';

/** The generated population with three enterprises made to move for a known reason. */
function population(): EnterpriseRecord[] {
  const records = generatePopulation({ count: COUNT, seed: 'runs-compare', at: CAND_AT });
  const plain = (r: EnterpriseRecord, industryCode: string): EnterpriseRecord => {
    const { statusSince: _s, statusHistory: _h, records: _r, lists: _l, ...rest } = r;
    return { ...rest, industryCode, status: 'active' };
  };
  // a serious penalty between the two dates: A → C
  records[10] = { ...plain(records[10]!, 'G5411'), records: [{ id: 'R-NEW-1', kind: 'penalty.permit-suspension', date: '2026-10-15' }] };
  // the business licence revoked between the two dates: A → D
  records[20] = { ...plain(records[20]!, 'G5411'), status: 'licence-revoked', statusSince: '2026-10-10' };
  // a general record leaving the one-year window: B → A
  records[30] = { ...plain(records[30]!, 'K7020'), records: [{ id: 'R-OLD-1', kind: 'penalty.fine', date: '2025-10-15' }] };
  return records;
}

/** Results as `policy evaluate` gives them: the policies in force at the date, over the same records. */
function evaluateDirectly(records: EnterpriseRecord[], at: string): (EnterpriseResultJson | null)[] {
  const r = compile(policyBundleAt(at));
  if (!r.success) throw new Error('policies do not compile');
  const res = r.evaluator.evaluate(buildPopulation(records), at);
  return records.map((_, i) => (res.isOutside(i) ? null : res.toJSON(i)));
}

describe.each(DIALECTS)('runs.compare on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId: number;
  let records: EnterpriseRecord[];
  let baseRunId: number;
  let candRunId: number;
  let before: (EnterpriseResultJson | null)[];
  let after: (EnterpriseResultJson | null)[];

  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_runs_compare');
    f = await createFixture(scratch?.url ?? ':memory:');
    records = population();
    const input = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: 'runs-compare', format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    datasetId = r.dataset.id;
    for (const at of [BASE_AT, CAND_AT]) {
      const run = await f.as('credit-office').runs.create({ datasetId, at });
      await runSettled(run.id);
      expect((await f.as('viewer').runs.get({ runId: run.id })).status).toBe('completed');
      if (at === BASE_AT) baseRunId = run.id;
      else candRunId = run.id;
    }
    before = evaluateDirectly(records, BASE_AT);
    after = evaluateDirectly(records, CAND_AT);
  }, 180_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  /** The independent figures: matrix over the grade codes, entered / left, moved (optionally among a department's enterprises). */
  function expected(department?: string) {
    const cells = new Map<string, number>();
    let entered = 0;
    let left = 0;
    const moved: string[] = [];
    for (let i = 0; i < records.length; i++) {
      const b = before[i];
      const c = after[i];
      if (!b && c) entered++;
      if (b && !c) left++;
      if (!b || !c) continue;
      const gb = b.results[DOC]!.grade ?? '';
      const gc = c.results[DOC]!.grade ?? '';
      cells.set(`${gb}>${gc}`, (cells.get(`${gb}>${gc}`) ?? 0) + 1);
      if (gb !== gc && (!department || b.departments.includes(department) || c.departments.includes(department))) moved.push(c.uscc);
    }
    return { cells, entered, left, moved };
  }

  it('gives the migration matrix, distributions, entered and left of the two runs as the evaluator gives them', async () => {
    const c = await f.as('credit-office').runs.compare({ baseRunId, candidateRunId: candRunId });
    const want = expected();
    expect(c.base.id).toBe(baseRunId);
    expect(c.candidate.id).toBe(candRunId);
    expect(c.document).toMatchObject({ id: DOC, kind: 'grading' });
    const codes = c.matrix.grades.map((g) => g.code);
    expect(codes.slice(0, 4)).toEqual(['A', 'B', 'C', 'D']);
    expect(c.matrix.grades[0]!.label.zh).toBe('守信');
    expect(codes[codes.length - 1]).toBe('');
    let sum = 0;
    codes.forEach((gb, r) =>
      codes.forEach((gc, k) => {
        expect(c.matrix.counts[r]![k], `${gb} → ${gc}`).toBe(want.cells.get(`${gb}>${gc}`) ?? 0);
        sum += c.matrix.counts[r]![k]!;
      }),
    );
    expect(sum).toBe(c.both);
    expect(c.entered).toBe(want.entered);
    expect(c.left).toBe(want.left);
    expect(c.moved.total).toBe(want.moved.length);
    expect(c.moved.all).toBe(want.moved.length);
    expect(want.moved.length).toBeGreaterThan(3);
    // distributions of each run over all its enterprises
    for (const [side, results] of [['base', before], ['candidate', after]] as const) {
      const counts: Record<string, number> = Object.fromEntries(codes.map((g) => [g, 0]));
      for (const r of results) if (r) counts[r.results[DOC]!.grade ?? '']!++;
      expect(c.distributions[side]).toEqual(counts);
      const transport: Record<string, number> = Object.fromEntries(codes.map((g) => [g, 0]));
      for (const r of results) if (r?.departments.includes('transport')) transport[r.results[DOC]!.grade ?? '']!++;
      expect(c.distributions.byDepartment.find((d) => d.department === 'transport')?.[side]).toEqual(transport);
    }
    expect(c.distributions.byDepartment.find((d) => d.department === 'transport')?.label?.zh).toMatch(/交通/);
  }, 60_000);

  it('names the records and values behind each move', async () => {
    const c = await f.as('reviewer').runs.compare({ baseRunId, candidateRunId: candRunId, movedPage: { offset: 0, limit: 200 } });
    expect(c.moved.rows.map((r) => r.uscc)).toEqual(expected().moved.slice(0, 200));
    const row = (i: number) => c.moved.rows.find((r) => r.uscc === records[i]!.uscc)!;
    expect(row(10)).toMatchObject({ from: 'A', to: 'C', name: records[10]!.name });
    expect(row(10).reasons.join('\n')).toContain('新增记录 R-NEW-1（暂扣许可证件，严重失信，2026-10-15）');
    expect(row(10).sentenceAfter).toMatch(/^由规则「.+」判为 C/);
    expect(row(20)).toMatchObject({ from: 'A', to: 'D' });
    expect(row(20).reasons.join('\n')).toContain('状态 正常（存续） → 吊销营业执照');
    expect(row(30)).toMatchObject({ from: 'B', to: 'A' });
    expect(row(30).reasons.join('\n')).toContain('记录 R-OLD-1（罚款、没收违法所得，一般失信，2025-10-15） 超出统计期间');
    // same policies at both dates: every move has a data-level reason, never the rule fall-back
    for (const r of c.moved.rows) {
      expect(r.reasons.length, r.uscc).toBeGreaterThan(0);
      expect(r.reasons.join('\n'), r.uscc).not.toContain('数据未变');
    }
    // paging
    const second = await f.as('reviewer').runs.compare({ baseRunId, candidateRunId: candRunId, movedPage: { offset: 2, limit: 2 } });
    expect(second.moved.rows.map((r) => r.uscc)).toEqual(c.moved.rows.slice(2, 4).map((r) => r.uscc));
    const events = await f.handle.db.selectFrom('security_events').select(['kind', 'detail', 'username']).where('username', '=', 'reviewer').execute();
    expect(events.some((e) => e.kind === 'read.moved' && (JSON.parse(e.detail!) as { procedure: string; runIds: number[] }).procedure === 'runs.compare')).toBe(true);
  }, 60_000);

  it('gives a viewer the matrix and distributions but no enterprise', async () => {
    const c = await f.as('viewer').runs.compare({ baseRunId, candidateRunId: candRunId });
    expect(c.moved.rows).toEqual([]);
    expect(c.moved.total).toBe(expected().moved.length);
    expect(c.matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(c.both);
    expect(JSON.stringify(c)).not.toContain(records[10]!.uscc);
  }, 60_000);

  it('limits a department editor to its own domains', async () => {
    const c = await f.as('transport').runs.compare({ baseRunId, candidateRunId: candRunId, movedPage: { offset: 0, limit: 200 } });
    const want = expected('transport');
    expect(c.moved.total).toBe(want.moved.length);
    expect(c.moved.rows.map((r) => r.uscc)).toEqual(want.moved.slice(0, 200));
    expect(c.moved.rows.map((r) => r.uscc)).toContain(records[10]!.uscc);
    expect(c.moved.rows.map((r) => r.uscc)).not.toContain(records[30]!.uscc);
    for (const r of c.moved.rows) expect(r.departments).toContain('transport');
    expect(c.distributions.byDepartment.map((d) => d.department)).toEqual(['transport']);
    // the matrix stays whole: it is an aggregate
    expect(c.matrix.counts).toEqual((await f.as('credit-office').runs.compare({ baseRunId, candidateRunId: candRunId })).matrix.counts);
  }, 60_000);

  it('compares only completed or signed-off runs, and only documents the runs have', async () => {
    const running = await startRun(f.handle.db, toActor(f.users['credit-office']!), { datasetId, datasetHash: 'x', at: CAND_AT, jurisdiction: null, versions: [], total: 1 });
    await expect(f.as('credit-office').runs.compare({ baseRunId, candidateRunId: running.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^对比评价批次 \d+ 尚未完成/) });
    await expect(f.as('credit-office').runs.compare({ baseRunId, candidateRunId: candRunId, document: 'no-such-doc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(f.as('credit-office').runs.compare({ baseRunId: 999_999, candidateRunId: candRunId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);
});

describe('elementText (a record picked from a dataset chunk without parsing the chunk)', () => {
  it('follows strings, escapes and nesting', () => {
    const records = [{ a: '],}' }, { b: [1, { c: '\\"' }] }, { d: 'x"y' }];
    const json = JSON.stringify(records);
    records.forEach((r, k) => expect(JSON.parse(elementText(json, k)!)).toEqual(r));
    expect(elementText(json, 3)).toBeUndefined();
  });
});

/**
 * The impact report of a draft computed inside PostgreSQL (issue 16), the size threshold set low:
 * for a dataset at or above it the preview names the engine `sql` and gives, field by field, the
 * report the in-memory engine gives — distributions and breakdowns, near-threshold counts and
 * samples, migration matrices, the moved count and first page with reasons, workload per department
 * and the differentiated share — and a department editor sees only its domains' moved enterprises
 * and samples, as in memory.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@policy/schemas';
import { useSqlImpactDataset } from './impact-sql-fixture.ts';

const AT = '2026-10-31';
const COUNT = 600;

/** Floats (workload sums) to 9 digits: the two engines add them in another order. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * 1e9) / 1e9;
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

describe('impact report with the SQL engine on PostgreSQL', () => {
  const sq = useSqlImpactDataset('sql-impact', AT, COUNT);

  /** The preview of `drafts` by `user` with the engine chosen by the threshold. */
  async function preview(user: string, drafts: PolicyDocument[], engine: 'sql' | 'memory', moved?: { offset?: number; limit?: number; search?: string }) {
    sq.f.deps.services.limits.sqlEngineMinEnterprises = engine === 'sql' ? 50 : COUNT + 1;
    return sq.f.as(user).evaluation.preview({ datasetId: sq.datasetId, at: AT, candidate: { versionIds: [], documents: drafts }, moved: { offset: 0, limit: 50, ...moved } });
  }

  function expectSameReport(sql: Awaited<ReturnType<typeof preview>>, mem: Awaited<ReturnType<typeof preview>>) {
    expect(sql.engine).toBe('sql');
    expect(mem.engine).toBe('memory');
    expect(sql.n).toBe(mem.n);
    for (const side of ['base', 'candidate'] as const) {
      const { documents, ...rest } = sql[side].aggregate;
      const m = mem[side].aggregate;
      expect(rounded(rest)).toEqual(rounded({ ...m, documents: undefined }));
      expect(documents.map((d) => d.id)).toEqual(m.documents.map((d) => d.id));
      documents.forEach((d, k) => {
        const md = m.documents[k]!;
        expect(d.overall).toEqual(md.overall);
        expect(d.byDepartment).toEqual(md.byDepartment);
        expect(d.byDomain).toEqual(md.byDomain);
        expect(d.bySection).toEqual(md.bySection);
        expect(d.byRegion).toEqual(md.byRegion);
        expect(d.nearThreshold).toEqual(md.nearThreshold);
      });
    }
    expect(sql.comparison.documents).toEqual(mem.comparison.documents);
    expect(sql.comparison.moved).toEqual(mem.comparison.moved);
    expect(rounded(sql.comparison.workload)).toEqual(rounded(mem.comparison.workload));
    expect(rounded(sql.comparison.differentiatedShare)).toEqual(rounded(mem.comparison.differentiatedShare));
    expect(sql.planShares).toEqual(mem.planShares);
  }

  it('computes the report of a threshold edit in the public credit score as the in-memory engine does', async () => {
    const score = sq.doc<Extract<PolicyDocument, { kind: 'grading' }>>('public-credit-score');
    const bands = (score.content.decision as { bands: { min?: { value: number }; max?: { value: number } }[] }).bands;
    bands[1]!.min!.value = 75;
    bands[2]!.max!.value = 75;
    const sql = await preview('credit-office', [score], 'sql');
    const mem = await preview('credit-office', [score], 'memory');
    expectSameReport(sql, mem);
    const moved = sql.comparison.documents.find((d) => d.id === 'public-credit-score')!.moved;
    expect(moved).toBeGreaterThan(0);
    expect(sql.comparison.moved.items.length).toBeGreaterThan(0);
    expect(sql.comparison.moved.items[0]!.reason.zh).toMatch(/^原由规则/);
    // another page and a search are the in-memory engine's too
    expectSameReport(await preview('credit-office', [score], 'sql', { offset: 3, limit: 5 }), await preview('credit-office', [score], 'memory', { offset: 3, limit: 5 }));
    // the moved procedure (another page, a search) computes its page in SQL too
    const page = async (user: string, engine: 'sql' | 'memory', moved: { offset: number; limit: number; search?: string }) => {
      sq.f.deps.services.limits.sqlEngineMinEnterprises = engine === 'sql' ? 50 : COUNT + 1;
      return sq.f.as(user).evaluation.moved({ datasetId: sq.datasetId, at: AT, candidate: { versionIds: [], documents: [score] }, moved });
    };
    expect(await page('credit-office', 'sql', { offset: 7, limit: 9 })).toEqual(await page('credit-office', 'memory', { offset: 7, limit: 9 }));
    expect(await page('market-regulation', 'sql', { offset: 2, limit: 9 })).toEqual(await page('market-regulation', 'memory', { offset: 2, limit: 9 }));
    await expect(page('viewer', 'sql', { offset: 0, limit: 9 })).rejects.toThrow(/只读用户/);
    const q = sql.comparison.moved.items[0]!.uscc.slice(-6).toLowerCase();
    expectSameReport(await preview('credit-office', [score], 'sql', { search: q }), await preview('credit-office', [score], 'memory', { search: q }));
  }, 120_000);

  it('computes the report of a sampling ratio edit (workload per department) as the in-memory engine does', async () => {
    const sampling = sq.doc<Extract<PolicyDocument, { kind: 'sampling' }>>('sampling');
    sampling.content.rows = sampling.content.rows.map((r) => ({ ...r, ratioPercent: r.range ? r.range.max : r.ratioPercent }));
    const sql = await preview('credit-office', [sampling], 'sql');
    const mem = await preview('credit-office', [sampling], 'memory');
    expectSameReport(sql, mem);
    expect(sql.comparison.workload.total.after).toBeGreaterThan(sql.comparison.workload.total.before);
  }, 120_000);

  it('computes the report of a domain-assignment edit as the in-memory engine does', async () => {
    const da = sq.doc<Extract<PolicyDocument, { kind: 'domain-assignment' }>>('domain-assignment');
    const food = da.content.domains.find((d) => d.id === 'food')!;
    food.departments = ['market-regulation', 'housing-construction'];
    const sql = await preview('credit-office', [da], 'sql');
    const mem = await preview('credit-office', [da], 'memory');
    expectSameReport(sql, mem);
    const row = (r: typeof sql) => r.comparison.workload.departments.find((d) => d.department === 'housing-construction')!;
    expect(row(sql).after).toBeGreaterThan(row(sql).before);
  }, 120_000);

  it("keeps a department editor's moved enterprises and samples to its domains, as in memory", async () => {
    const score = sq.doc<Extract<PolicyDocument, { kind: 'grading' }>>('public-credit-score');
    const bands = (score.content.decision as { bands: { min?: { value: number }; max?: { value: number } }[] }).bands;
    bands[1]!.min!.value = 75;
    bands[2]!.max!.value = 75;
    const all = await preview('credit-office', [score], 'sql');
    const sql = await preview('market-regulation', [score], 'sql');
    const mem = await preview('market-regulation', [score], 'memory');
    expectSameReport(sql, mem);
    expect(sql.comparison.moved.total).toBeGreaterThan(0);
    expect(sql.comparison.moved.total).toBeLessThan(all.comparison.moved.total);
    // a viewer sees the counts, no enterprise
    const viewer = await preview('viewer', [score], 'sql');
    expect(viewer.engine).toBe('sql');
    expect(viewer.comparison.moved.items).toEqual([]);
    expect(viewer.comparison.moved.total).toBe(all.comparison.moved.total);
    expect(viewer.candidate.aggregate.noDomain.sample).toEqual([]);
  }, 120_000);
});

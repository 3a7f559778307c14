/**
 * Confidentiality of firm-level results (issue 12; 003 第五条): a viewer reads aggregates only, a
 * department editor the enterprises of its departments' domains, the credit office and reviewers
 * every enterprise; every firm-level read (and refusal) is a security event. SQLite and PostgreSQL.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { generatedJsonl } from '../imports.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const AT = '2026-10-31';

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return { code: (e as TRPCError).code, message: (e as TRPCError).message };
}

describe.each(DIALECTS)('firm-level reads on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId = 0;
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_confidential');
    f = await createFixture(scratch?.url ?? ':memory:');
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: generatedJsonl(600, 7), fileName: 'd.jsonl' });
    if (!r.success) throw new Error(r.errors.map((e) => e.message).join('; '));
    datasetId = r.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
    await scratch?.drop();
  });

  /** The credit office's view of every enterprise with its departments (explain under the set in force). */
  async function departmentsOf(uscc: string): Promise<string[]> {
    const e = await f.as('credit-office').evaluation.explain({ datasetId, at: AT, uscc });
    return e.explanation.departments.map((d) => d.id);
  }
  const events = async (kind: 'read.enterprise' | 'read.search' | 'read.moved' | 'read.sample' | 'read.refused', username: string) =>
    (await f.as('credit-office').auth.securityEvents({ kind, username, limit: 1000 })).events.map((e) => ({ ...e, detail: JSON.parse(e.detail ?? '{}') }));

  /** A candidate that moves enterprises: fines count as serious in the public credit class. */
  async function candidate() {
    const cls = (await f.as('credit-office').documents.inForce({ at: AT })).find((v) => v.documentId === 'public-credit-class')!;
    const doc = structuredClone(cls.content) as { content: { severities: Record<string, string> } };
    doc.content.severities['penalty.fine'] = 'serious';
    return { documents: [doc] };
  }

  it('a viewer cannot read a single enterprise (search, explain, sample, moved list, golden lookup) but reads distributions', async () => {
    const sample = (await f.as('credit-office').adminSupport.sample({ datasetId, size: 5 })).records;
    const uscc = sample[0]!.uscc;
    const v = f.as('viewer');
    const refusals = [
      await refusal(v.datasets.searchEnterprises({ datasetId, query: uscc })),
      await refusal(v.evaluation.explain({ datasetId, at: AT, uscc })),
      await refusal(v.adminSupport.sample({ datasetId, size: 10 })),
      await refusal(v.evaluation.moved({ datasetId, at: AT, candidate: await candidate(), moved: { offset: 0, limit: 50 } })),
    ];
    const versionId = (await f.as('viewer').documents.inForce({ at: AT })).find((x) => x.documentId === 'public-credit-class')!.id;
    refusals.push(await refusal(v.cases.lookup({ versionId, datasetId, uscc })));
    for (const r of refusals) {
      expect(r.code).toBe('FORBIDDEN');
      expect(r.message).toMatch(/只读用户.*汇总.*viewers see aggregates only/);
      expect(r.message).not.toContain(uscc);
    }
    // aggregates still work; the preview names no enterprise
    const d = await v.adminSupport.distribution({ datasetId, at: AT });
    expect(d.n).toBeGreaterThan(0);
    expect(d.documents.length).toBeGreaterThan(0);
    const p = await v.evaluation.preview({ datasetId, at: AT, candidate: await candidate() });
    expect(p.comparison.moved.items).toEqual([]);
    expect(p.comparison.documents.length).toBeGreaterThan(0);
    expect(p.candidate.aggregate.noDomain.sample).toEqual([]);
    expect(p.candidate.aggregate.documents.every((x) => x.nearThreshold.sample.length === 0)).toBe(true);
    // each refusal is recorded
    const refused = await events('read.refused', 'viewer');
    expect(refused.map((e) => e.detail.procedure).sort()).toEqual(
      ['adminSupport.sample', 'cases.lookup', 'datasets.searchEnterprises', 'evaluation.explain', 'evaluation.moved'].sort(),
    );
  });

  it('a department editor sees only its domains’ enterprises and is refused one outside them; the credit office sees all; each read is recorded', async () => {
    const all = (await f.as('credit-office').adminSupport.sample({ datasetId, size: 600 })).records;
    expect(all).toHaveLength(600);
    const deps = new Map<string, string[]>();
    for (const r of all.slice(0, 120)) deps.set(r.uscc, await departmentsOf(r.uscc));
    const inside = [...deps].filter(([, d]) => d.includes('transport')).map(([u]) => u);
    const outside = [...deps].filter(([, d]) => !d.includes('transport')).map(([u]) => u);
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    const t = f.as('transport');

    // explain: inside read, outside refused without the enterprise's data
    const ok = await t.evaluation.explain({ datasetId, at: AT, uscc: inside[0]! });
    expect(ok.explanation.uscc).toBe(inside[0]);
    const no = await refusal(t.evaluation.explain({ datasetId, at: AT, uscc: outside[0]! }));
    expect(no.code).toBe('FORBIDDEN');
    expect(no.message).toMatch(/不在本部门（transport）监管的领域内.*outside the domains your department \(transport\) supervises/);
    const outsideName = all.find((r) => r.uscc === outside[0])!.name;
    expect(no.message).not.toContain(outsideName);

    // search: an outside enterprise is not found by its USCC, an inside one is
    expect(await t.datasets.searchEnterprises({ datasetId, query: outside[0]!, at: AT })).toEqual([]);
    expect((await t.datasets.searchEnterprises({ datasetId, query: inside[0]!, at: AT })).map((m) => m.uscc)).toEqual([inside[0]]);
    const byName = await t.datasets.searchEnterprises({ datasetId, query: '公司', limit: 100, at: AT });
    for (const m of byName) if (deps.has(m.uscc)) expect(deps.get(m.uscc)).toContain('transport');

    // sample: only its enterprises
    const s = await t.adminSupport.sample({ datasetId, size: 600 });
    expect(s.size).toBeGreaterThan(0);
    expect(s.size).toBeLessThan(600);
    expect(s.total).toBe(s.size);
    for (const r of s.records) if (deps.has(r.uscc)) expect(deps.get(r.uscc)).toContain('transport');

    // moved list: a subset of the credit office's, totals counting only its enterprises
    const cand = await candidate();
    const whole = await f.as('credit-office').evaluation.moved({ datasetId, at: AT, candidate: cand, moved: { offset: 0, limit: 500 } });
    const mine = await t.evaluation.moved({ datasetId, at: AT, candidate: cand, moved: { offset: 0, limit: 500 } });
    expect(whole.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(whole.total);
    expect(mine.items).toHaveLength(mine.total);
    const wholeByKey = new Map(whole.items.map((x) => [`${x.uscc}|${x.document}`, x]));
    for (const x of mine.items) {
      // the same item (grades, rules, reason) as the credit office reads
      expect(wholeByKey.get(`${x.uscc}|${x.document}`)).toEqual(x);
      if (deps.has(x.uscc)) expect(deps.get(x.uscc)).toContain('transport');
    }
    const preview = await t.evaluation.preview({ datasetId, at: AT, candidate: cand, moved: { offset: 0, limit: 500 } });
    expect(preview.comparison.moved.total).toBe(mine.total);

    // every read recorded with what was read
    const reads = await events('read.enterprise', 'transport');
    expect(reads.some((e) => e.detail.procedure === 'evaluation.explain' && e.detail.uscc === inside[0])).toBe(true);
    const refused = await events('read.refused', 'transport');
    expect(refused.some((e) => e.detail.uscc === outside[0] && e.detail.refused === 'outside-domains')).toBe(true);
    expect((await events('read.search', 'transport')).length).toBe(3);
    expect((await events('read.sample', 'transport'))[0]!.detail).toMatchObject({ procedure: 'adminSupport.sample', datasetId, count: s.size });
    expect((await events('read.moved', 'transport')).map((e) => e.detail.count)).toContain(mine.items.length);
    // the credit office's reads are recorded too
    expect((await events('read.enterprise', 'credit-office')).length).toBeGreaterThanOrEqual(120);
  });
});

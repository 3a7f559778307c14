/**
 * departmentImpact.get (issue 15, item 8): moving the 食品 domain from the market regulator to the health
 * commission shows both departments' enterprises and inspections before → after, changed rows first,
 * the others unchanged; a viewer may read it (aggregates only); a candidate with errors is refused.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { generatedJsonl } from '../imports.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { departmentImpact } from './department-impact.ts';

const AT = '2026-10-31';
let f: Fixture;
let datasetId = 0;
beforeAll(async () => {
  f = await createFixture();
  const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: generatedJsonl(2000, 11), fileName: 'd.jsonl' });
  if (!r.success) throw new Error(r.errors.map((e) => e.message).join('; '));
  datasetId = r.dataset.id;
}, 120_000);
afterAll(() => f?.handle.destroy());

async function assignment() {
  const v = (await f.as('credit-office').documents.inForce({ at: AT })).find((x) => x.documentId === 'domain-assignment')!;
  return structuredClone(v.content) as { content: { domains: { id: string; departments: string[] }[] } };
}

describe('departmentImpact.get', () => {
  it('shows per department the enterprises and inspections before → after, changed departments first', async () => {
    const doc = await assignment();
    doc.content.domains.find((d) => d.id === 'food')!.departments = ['health-commission'];
    const r = await f.as('viewer').departmentImpact.get({ datasetId, at: AT, candidate: { documents: [doc] } });
    const market = r.rows.find((x) => x.department === 'market-regulation')!;
    const health = r.rows.find((x) => x.department === 'health-commission')!;
    const tax = r.rows.find((x) => x.department === 'taxation')!;
    const moved = market.enterprises.before - market.enterprises.after;
    expect(moved).toBeGreaterThan(0);
    expect(health.enterprises.after - health.enterprises.before).toBe(moved);
    expect(market.inspectionsPerYear.after).toBeLessThan(market.inspectionsPerYear.before);
    expect(health.inspectionsPerYear.after).toBeGreaterThan(health.inspectionsPerYear.before);
    expect(market.label.zh).toBe('市市场监督管理局');
    expect(tax).toMatchObject({ changed: false });
    expect(tax.enterprises.before).toBe(tax.enterprises.after);
    // the two changed departments lead the list
    expect(r.rows.slice(0, 2).map((x) => x.department).sort()).toEqual(['health-commission', 'market-regulation']);
    expect(r.rows.slice(2).every((x) => !x.changed)).toBe(true);
  });

  it('the unchanged assignment changes nothing', async () => {
    const r = await f.as('credit-office').departmentImpact.get({ datasetId, at: AT, candidate: { documents: [await assignment()] } });
    expect(r.rows.length).toBeGreaterThan(20);
    expect(r.rows.filter((x) => x.changed)).toEqual([]);
  });

  it('refuses a candidate with errors', async () => {
    const doc = await assignment();
    (doc.content as { domains: unknown }).domains = 'x';
    const e = await f.as('viewer').departmentImpact.get({ datasetId, at: AT, candidate: { documents: [doc] } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe('BAD_REQUEST');
  });
});

describe('departmentImpact (pure)', () => {
  it('joins both sides by department; a department only one side has counts 0 on the other; an empty no-department row is left out', () => {
    const row = (department: string, enterprises: number, inspectionsPerYear: number) => ({ department, label: { zh: department }, enterprises, inspectionsPerYear, differentiatedPerYear: 0 });
    const out = departmentImpact([row('a', 10, 2), row('b', 5, 1), row('', 0, 0)], [row('a', 10, 2), row('c', 5, 1.5), row('', 0, 0)]);
    expect(out.map((r) => [r.department, r.enterprises.before, r.enterprises.after, r.changed])).toEqual([
      ['c', 0, 5, true],
      ['b', 5, 0, true],
      ['a', 10, 10, false],
    ]);
  });
});

/**
 * Test support for the impact report in SQL (impact-sql*.test.ts): a scratch PostgreSQL database
 * with the server's fixture, a generated dataset of `count` enterprises imported by the credit
 * office, and the published set at `at` — made in `beforeAll`, dropped in `afterAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import { importDataset, toActor } from '@policy/db';
import { createScratchDatabase } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { generatePopulation } from '@policy/evaluation';
import type { PolicyDocument } from '@policy/schemas';
import { publishedSet } from './published-set.ts';
import { createFixture } from './test-fixture.ts';
import type { Fixture } from './test-fixture.ts';

export interface SqlImpactDataset {
  f: Fixture;
  datasetId: number;
  published: PolicyDocument[];
  /** A copy of the published document `id`. */
  doc<T extends PolicyDocument>(id: string): T;
}

/** Registers the hooks; the fields are set once `beforeAll` has run. */
export function useSqlImpactDataset(name: string, at: string, count: number): SqlImpactDataset {
  let scratch: ScratchDatabase | undefined;
  const x = {
    datasetId: 0,
    published: [] as PolicyDocument[],
    doc: <T extends PolicyDocument>(id: string) => structuredClone(x.published.find((d) => d.id === id)!) as T,
  } as SqlImpactDataset;
  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres', `policy_${name.replace(/-/g, '_')}`);
    x.f = await createFixture(scratch.url);
    const input = Buffer.from(generatePopulation({ count, seed: name, at }).map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(x.f.handle.db, toActor(x.f.users['credit-office']!), { name, format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    x.datasetId = r.dataset.id;
    x.published = (await publishedSet(x.f.handle.db, at, x.f.deps.services)).members.map((m) => m.document);
  }, 120_000);
  afterAll(async () => {
    await x.f?.deps.services.close();
    await x.f?.handle.destroy();
    await scratch?.drop();
  });
  return x;
}

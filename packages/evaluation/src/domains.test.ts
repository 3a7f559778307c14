import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { buildPopulation } from './population.ts';
import { aggregate } from './aggregate.ts';

const policy = (id: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../policies/${id}/v1.json`, import.meta.url)), 'utf8')) as PolicyDocument;

const enterprise = (uscc: string, industryCode: string): EnterpriseRecord => ({
  uscc,
  name: `企业${industryCode}`,
  industryCode,
  status: 'active',
});

describe('enterprises in no domain or in several departments’ domains (default domain assignment)', () => {
  const ev = compileOrThrow({ documents: [policy('public-credit-class'), policy('domain-assignment')] });
  // J6711 证券市场管理服务: the annex gives it no department, only the every-enterprise domains apply.
  // Q8411 综合医院: 卫健委 and 医保局 share the medical-institution domain.
  // C1391 谷物磨制: food, 市场监管局 alone.
  const pop = buildPopulation([
    enterprise('91410400000000001A', 'J6711'),
    enterprise('91410400000000002A', 'Q8411'),
    enterprise('91410400000000003A', 'C1391'),
  ]);
  const result = ev.evaluate(pop, '2026-10-31');
  const agg = aggregate(result, pop);

  it('counts an enterprise covered only by the all-enterprise domains (taxpayers, law enforcement) as in no domain', () => {
    expect(result.toJSON(0).domains).toContain('taxpayers');
    expect(agg.noDomain.count).toBe(1);
    expect(agg.noDomain.sample.map((e) => e.uscc)).toEqual(['91410400000000001A']);
  });

  it('counts an enterprise whose industry domain has two departments as multi-department, not every taxpayer', () => {
    expect(agg.multiDepartment.count).toBe(1);
    expect(agg.multiDepartment.sample[0]!.uscc).toBe('91410400000000002A');
    expect(agg.multiDepartment.sample[0]!.departments.length).toBe(2);
  });
});

/** Reasons for moved enterprises come from the conditions and the enterprise's data, not from notes (issue 11). */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, GradingDocument, PolicyBundle } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocuments } from '@policy/schemas/fixtures';
import { compileOrThrow } from './compile.ts';
import { compare, compareResults } from './compare.ts';
import { buildPopulation } from './population.ts';

const AT = '2026-10-31';
const seedBundle = (): PolicyBundle => ({ documents: seedDocuments().map((d) => policyDocument.parse(d)) });

/** The seed bundle after the general-record limit became 3; notes, ids and labels untouched. */
function limitThree(): PolicyBundle {
  const b = seedBundle();
  const cls = b.documents.find((d) => d.id === 'public-credit-class') as GradingDocument;
  if (cls.content.decision.type !== 'rules') throw new Error();
  for (const r of cls.content.decision.rules) {
    if (r.id === 'c-general-over-5' && 'measure' in r.when) r.when.value = 3;
    if (r.id === 'b-general-1-to-5' && 'all' in r.when && 'measure' in r.when.all[1]!) r.when.all[1].value = 3;
  }
  return b;
}

const fines = (n: number) => Array.from({ length: n }, (_, k) => ({ id: `r${k}`, kind: 'penalty.fine', date: `2026-0${(k % 9) + 1}-10` }));
const ent = (uscc: string, records: number): EnterpriseRecord =>
  ({ uscc, name: `测试企业${records}`, industryCode: 'C1391', status: 'active', publicCreditScore: 80, records: fines(records) }) as EnterpriseRecord;

describe('reasons of moved enterprises', () => {
  const pop = buildPopulation([ent('91350100M000100Y43', 4), ent('91350100M000100Y43', 1)]);
  const base = compileOrThrow(seedBundle());
  const cand = compileOrThrow(limitThree());

  it('say the new condition and the enterprise\'s count, never the stale note "5次以上"', () => {
    const c = compare(base, cand, pop, AT);
    const moved = c.moved.items.filter((m) => m.document === 'public-credit-class');
    expect(moved).toHaveLength(1);
    const m = moved[0]!;
    expect([m.before.grade, m.after.grade]).toEqual(['B', 'C']);
    expect(m.reason.zh).not.toContain('5次以上');
    expect(m.reason.zh).not.toContain('000 三(一)');
    expect(m.reason.zh).toContain('> 3');
    expect(m.reason.zh).toContain('；该企业：1年内一般失信行为记录数 4');
    expect(m.reason.en).toContain('this enterprise: General records in the last year 4');
    expect(m.after.ruleLabel!.zh).toBe('严重失信：1年内一般失信行为记录数 > 3');
  });

  it('compareResults without evaluators still gives the condition-based reason', () => {
    const c = compareResults(base.evaluate(pop, AT), cand.evaluate(pop, AT), pop);
    const m = c.moved.items.find((x) => x.document === 'public-credit-class')!;
    expect(m.reason.zh).toContain('> 3');
    expect(m.reason.zh).not.toContain('5次以上');
    expect(m.reason.zh).not.toContain('该企业');
  });

  it('a changed window shows both counts', () => {
    const b = seedBundle();
    const two = seedBundle();
    const cls = two.documents.find((d) => d.id === 'public-credit-class') as GradingDocument;
    cls.content.window = { years: 2, months: 0 };
    const old = { uscc: '91350100M000100Y43', name: '老记录企业', industryCode: 'C1391', status: 'active', records: [{ id: 'o', kind: 'penalty.fine', date: '2025-03-01' }] } as EnterpriseRecord;
    const p = buildPopulation([old]);
    const c = compare(compileOrThrow(b), compileOrThrow(two), p, AT);
    const m = c.moved.items.find((x) => x.document === 'public-credit-class')!;
    expect([m.before.grade, m.after.grade]).toEqual(['A', 'B']);
    expect(m.reason.zh).toContain('1年内一般失信行为记录数 原 0 → 现 1');
  });
});

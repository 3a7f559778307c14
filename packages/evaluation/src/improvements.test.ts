/**
 * Explanations from the data (issue 13 finding 9): for generated enterprises, every suggested change,
 * applied to the enterprise record itself (repairedAt set, the record withdrawn, the score set, or
 * the later date), really gives the stated grade; and the suggestions name records, scores and dates.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { improvements } from './improvements.ts';
import type { ImprovementChange } from './improvements.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle } from '../test/default-bundle.ts';

const ev = compileOrThrow(defaultBundle);

/** `r` with `changes` applied, and the date to evaluate at. */
function apply(r: EnterpriseRecord, changes: readonly ImprovementChange[], at: string): { record: EnterpriseRecord; at: string } {
  const record = structuredClone(r);
  let day = at;
  for (const c of changes) {
    if (c.type === 'repair') record.records!.find((x) => x.id === c.record)!.repairedAt = at;
    else if (c.type === 'objection-upheld') record.records = record.records!.filter((x) => x.id !== c.record);
    else if (c.type === 'score') {
      record.publicCreditScore = c.inclusive ? c.above : c.above + 0.01;
      delete record.scoreDate;
    } else if (c.type === 'wait') day = c.date;
  }
  return { record, at: day };
}

describe('improvements', () => {
  for (const at of ['2026-10-31', '2028-02-29']) {
    it(`each suggested change gives the stated grade (generated population at ${at})`, () => {
      const records = generatePopulation({ count: 160, seed: 7, at });
      const pop = buildPopulation(records);
      const seen = new Set<string>();
      for (let i = 0; i < pop.n; i++) {
        for (const x of improvements(ev, pop, i, at)) {
          const a = apply(records[i]!, x.changes, at);
          const got = ev.evaluate(buildPopulation([a.record]), a.at).toJSON(0).results[x.document]!.grade;
          expect(got, `${records[i]!.uscc} ${x.label.zh}`).toBe(x.to);
          for (const c of x.changes) seen.add(c.type);
        }
      }
      expect([...seen].sort()).toEqual(expect.arrayContaining(['repair', 'score', 'wait']));
    });
  }

  it('names the record to repair, the objection, the score and the date', () => {
    const r: EnterpriseRecord = {
      uscc: '91350100M000100Y43',
      name: '平顶山某食品有限公司',
      industryCode: '1391',
      status: 'active',
      publicCreditScore: 65,
      records: [
        { id: 'R-1', kind: 'penalty.closure', date: '2026-05-02' },
        { id: 'R-2', kind: 'penalty.fine', date: '2026-03-01', objection: { filed: '2026-04-01', resolved: '2026-05-01' } },
      ],
    };
    const labels = improvements(ev, buildPopulation([r]), 0, '2026-10-31').map((x) => `${x.document}: ${x.label.zh}`);
    expect(labels).toEqual([
      'public-credit-class: 修复记录 R-1 → B',
      'public-credit-class: 记录 R-1、R-2 于 2027-05-02 超出统计期间 → A',
      'public-credit-score: 评分高于 70 → good',
      'public-credit-score: 评分高于 85 → excellent',
    ]);
    // an objection on the serious record, once upheld, withdraws it
    r.records![0]!.objection = { filed: '2026-06-01', resolved: null };
    const withObjection = improvements(ev, buildPopulation([r]), 0, '2026-10-31').map((x) => x.label.zh);
    expect(withObjection).toContain('修复记录 R-2 → A');
    expect(labels.some((l) => l.startsWith('public-credit-score: 评分高于 70'))).toBe(true);
  });
});

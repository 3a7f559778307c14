/**
 * The smaller seed points of issue 13 finding 8, as the documents encode them: on-site inspection
 * "when necessary" (必要时) is its own value, distinct from "every time"; the food model's bands
 * follow 004 二(四)'s boundary convention (exactly 85 is in the second band).
 */
import { describe, expect, it } from 'vitest';
import { samplingDocument } from './documents.ts';
import { optionLabel } from './labels.ts';
import food from '../../../policies/industry-model-food-safety/v1.json' with { type: 'json' };
import sampling from '../../../policies/sampling/v1.json' with { type: 'json' };

describe('seed points', () => {
  it('on-site inspection "when necessary" (000 四(三), 003 第十二条(四)) is a value of its own', () => {
    const doc = structuredClone(sampling) as unknown as { content: { rows: { onSite: string }[] } };
    doc.content.rows[0]!.onSite = 'when-necessary';
    expect(samplingDocument.safeParse(doc).success).toBe(true);
    expect(optionLabel('when-necessary').zh).toBe('必要时主动实施现场检查');
    expect(optionLabel('always').zh).toBe('每次均实地核查');
  });

  it('the food model puts exactly 85 in B, 70 in C and 50 in D, as 004 二(四) does for the public score', () => {
    const band = (x: number) =>
      food.content.thresholds.find((b) => {
        const min = b.min as { value: number; inclusive: boolean } | undefined;
        const max = b.max as { value: number; inclusive: boolean } | undefined;
        return (!min || (min.inclusive ? x >= min.value : x > min.value)) && (!max || (max.inclusive ? x <= max.value : x < max.value));
      })?.grade;
    expect([100, 85.01, 85, 70.01, 70, 50.01, 50, 0].map(band)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(food.sources.some((s) => s.startsWith('004_9a12c079f3ec2dcc.txt 二(四)'))).toBe(true);
  });
});

describe('serious consequences (000 三(一) B 类「且未造成严重后果」)', () => {
  it('a record may say it caused serious consequences; the diff names a measure that counts them', async () => {
    const { enterpriseRecord } = await import('./enterprise.ts');
    const { gradingDocument } = await import('./documents.ts');
    const { semanticDiff } = await import('./diff.ts');
    const cls = (await import('../../../policies/public-credit-class/v1.json', { with: { type: 'json' } })).default;
    const r = enterpriseRecord.parse({ uscc: '91410481MA4000800T', name: '舞钢市测试有限公司', industryCode: 'C1431', status: 'active', records: [{ id: 'R-1', kind: 'penalty.fine', date: '2026-03-01', seriousConsequence: true }] });
    expect(r.records![0]!.seriousConsequence).toBe(true);
    const base = gradingDocument.parse(cls);
    const m = base.content.measures.find((x) => x.id === 'consequence-records');
    expect(m).toMatchObject({ type: 'recordCount', seriousConsequence: true });
    const next = structuredClone(base);
    const mm = next.content.measures.find((x) => x.id === 'consequence-records')! as { seriousConsequence?: boolean };
    mm.seriousConsequence = false;
    expect(semanticDiff('grading', base, next).sentences.length).toBeGreaterThan(0);
  });
});

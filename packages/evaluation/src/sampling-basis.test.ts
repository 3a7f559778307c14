/**
 * Issue 13, finding 1: sampling follows the class that applies. The seed documents' sampling table
 * names, per domain, the document whose grade decides (000 四(三): 根据公共信用评价或行业信用风险分级分类
 * 结果); food follows the food-safety model (combined worst-of with the public class, as before).
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, PolicyBundle, SamplingDocument } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { buildPopulation } from './population.ts';
import { ByteSink, runLineWriter } from './run/encode.ts';
import { runLine } from '@policy/schemas';

const AT = '2026-10-31';
/** Indicator values the food model scores 13.02 (class D), with no dishonesty record at all. */
const POOR_FOOD = { 'food.inspectionPassRate': 80, 'food.incidents': 2, 'food.inspectionResult': 'non-compliant', 'food.complaints': 10, 'food.traceability': false, 'food.safetyOfficer': false };
const food: EnterpriseRecord = { uscc: '91410481MA40007119', name: '舞钢市抽检不合格食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', indicators: POOR_FOOD };
const nonFood: EnterpriseRecord = { uscc: '91410481MA4000712C', name: '舞钢市同指标工艺品有限公司', industryCode: 'C2438', regionCode: '410481', status: 'active', indicators: POOR_FOOD };

const seeds = policyBundleAt(AT);
const withSampling = (bundle: PolicyBundle, edit: (d: SamplingDocument) => SamplingDocument): PolicyBundle => ({
  documents: bundle.documents.map((d) => (d.kind === 'sampling' ? edit(d) : d)),
});
const decode = new TextDecoder();

describe('sampling follows the class that applies (issue 13, finding 1)', () => {
  it('a food business graded D by the food model is sampled as D by policy evaluate and in runs, a non-food business with the same indicators keeps the public class', () => {
    const ev = compileOrThrow(seeds);
    const r = ev.evaluate(buildPopulation([food, nonFood]), AT);
    const f = r.toJSON(0);
    const o = r.toJSON(1);
    // the public class is A for both: no dishonesty record
    expect(f.results['public-credit-class']!.grade).toBe('A');
    expect(o.results['public-credit-class']!.grade).toBe('A');
    expect(f.results['industry-model-food-safety']!.grade).toBe('D');
    expect(o.results['industry-model-food-safety']).toBeUndefined();
    expect(f.sampling).toMatchObject({ grade: 'D', decidedBy: 'industry-model-food-safety' });
    // D, and the food D exception of the table (100%, 4 a year)
    const foodD = ev.sampling!.content.exceptions.find((e) => e.domain === 'food' && e.grade === 'D')!;
    expect(f.sampling).toMatchObject({ ratioPercent: foodD.ratioPercent, frequencyPerYear: foodD.frequencyPerYear });
    const rowA = ev.sampling!.content.rows.find((x) => x.grade === 'A')!;
    expect(o.sampling).toEqual({ grade: 'A', ratioPercent: rowA.ratioPercent, frequencyPerYear: rowA.frequencyPerYear, onSite: rowA.onSite, decidedBy: 'public-credit-class' });
    // a run stores the lines the encoder writes: the same sampling, byte for byte
    const write = runLineWriter(r);
    for (let i = 0; i < 2; i++) {
      const sink = new ByteSink(16);
      write(sink, i, i);
      const line = decode.decode(sink.buf.subarray(0, sink.pos));
      expect(line).toBe(runLine(i, JSON.stringify(r.toJSON(i))));
      expect(JSON.parse(line.slice(line.indexOf('\t') + 1)).sampling).toEqual(r.toJSON(i).sampling);
    }
  });

  it('without a per-domain basis (documents written before it) the public class decides and the row names no document', () => {
    const old = withSampling(seeds, (d) => {
      const { domainBasis: _drop, ...content } = d.content;
      return { ...d, content };
    });
    const r = compileOrThrow(old).evaluate(buildPopulation([food, nonFood]), AT);
    expect(r.toJSON(0).sampling).toMatchObject({ grade: 'A' });
    expect(r.toJSON(0).sampling).not.toHaveProperty('decidedBy');
    expect(r.toJSON(1).sampling).not.toHaveProperty('decidedBy');
  });

  it('an enterprise in several domains with a basis takes the first entry whose document grades it', () => {
    // the public score decides for food first, the food model second: the score grades everyone
    const scored = { ...food, publicCreditScore: 90 };
    const b = withSampling(seeds, (d) => ({
      ...d,
      content: {
        ...d.content,
        rows: [...d.content.rows, { grade: 'excellent', ratioPercent: 2, frequencyPerYear: 1, onSite: 'on-trigger' as const }],
        domainBasis: [{ domain: 'taxpayers', document: 'public-credit-score' }, ...(d.content.domainBasis ?? [])],
      },
    }));
    const r = compileOrThrow(b).evaluate(buildPopulation([scored]), AT);
    expect(r.toJSON(0).sampling).toMatchObject({ grade: 'excellent', ratioPercent: 2, decidedBy: 'public-credit-score' });
  });

  it('a changed food model in a candidate bundle changes the sampling (the cache key follows the basis documents)', () => {
    const ev = compileOrThrow(seeds);
    const pop = buildPopulation([food]);
    expect(ev.evaluate(pop, AT).toJSON(0).sampling!.grade).toBe('D');
    const lenient = {
      documents: seeds.documents.map((d) =>
        d.kind === 'industry-model'
          ? {
              ...d,
              // C from 10 points, D below 10: the enterprise's 13.02 points become C
              content: {
                ...d.content,
                thresholds: d.content.thresholds.map((t) =>
                  t.grade === 'C' ? { ...t, min: { value: 10, inclusive: true } } : t.grade === 'D' ? { ...t, max: { value: 10, inclusive: false } } : t,
                ),
              },
            }
          : d,
      ),
    } as PolicyBundle;
    const lenientFirst = compileOrThrow(lenient).evaluate(pop, AT).toJSON(0);
    expect(lenientFirst.results['industry-model-food-safety']!.grade).toBe('C');
    expect(lenientFirst.sampling!.grade).toBe(lenientFirst.results['industry-model-food-safety']!.grade);
  });
});

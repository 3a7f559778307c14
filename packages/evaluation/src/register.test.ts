/**
 * The register (issue 12): deregistered enterprises are outside grading, workload and draws;
 * licence-revoked ones are drawn or not per the sampling document; dated statuses and scores are
 * read as of the evaluation date; a jurisdiction limits the population by region-code prefix.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, PolicyBundle } from '@policy/schemas';
import { aggregate } from './aggregate.ts';
import { compileOrThrow } from './compile.ts';
import { draw } from './draw.ts';
import { buildPopulation } from './population.ts';
import { jurisdictionPopulation } from './population-slice.ts';
import { NO_GRADE, NO_SAMPLING } from './result.ts';
import { defaultBundle, domainAssignment, publicCreditClass, publicCreditScore, sampling } from '../test/default-bundle.ts';

const USCC = ['91350100M000100Y43', '91350100M000101Y23', '91350100M000102Y03', '91350100M000103Y8X', '91350100M000104Y6P', '91350100M000105Y4F'];
const base = (k: number, extra: Partial<EnterpriseRecord> = {}): EnterpriseRecord => ({
  uscc: USCC[k]!,
  name: `企业${k}`,
  industryCode: 'F5221',
  regionCode: k % 2 === 0 ? '410481' : '410102',
  status: 'active',
  publicCreditScore: 80,
  ...extra,
});
const roster = ['甲', '乙', '丙'].map((n, k) => ({ id: `mr-${k}`, name: n, department: 'market-regulation' }));

describe('deregistered enterprises', () => {
  const ev = compileOrThrow(defaultBundle);
  const records = [base(0), base(1, { status: 'deregistered' }), base(2, { status: 'licence-revoked' })];
  const pop = buildPopulation(records);
  const res = ev.evaluate(pop, '2026-10-31');

  it('get no grade in any document, no domain, no department and no sampling row', () => {
    expect(res.outside).toEqual(Uint32Array.from([1]));
    for (const d of res.documents) expect(d.grade[1]).toBe(NO_GRADE);
    expect(res.sampling!.row[1]).toBe(NO_SAMPLING);
    const json = res.toJSON(1);
    expect(json).toMatchObject({ domains: [], departments: [], sampling: null, outsideRegister: true });
    expect(json.results['public-credit-class']).toEqual({ grade: null, rule: null });
    // the others as before: an active A, a revoked D
    expect(res.toJSON(0).results['public-credit-class']!.grade).toBe('A');
    expect(res.toJSON(2).results['public-credit-class']!.grade).toBe('D');
  });

  it('count in no distribution and no workload', () => {
    const agg = aggregate(res, pop);
    expect([agg.n, agg.outside]).toEqual([2, 1]);
    for (const d of agg.documents) expect(d.overall.total).toBe(2);
    const mr = agg.workload.find((w) => w.department === 'market-regulation')!;
    expect(mr.enterprises).toBe(2);
    expect(agg.noDomain.count).toBe(0);
  });

  it('are never drawn, even at a 100% ratio', () => {
    const all = compileOrThrow({
      documents: [publicCreditClass, publicCreditScore, domainAssignment, { ...sampling, content: { ...sampling.content, rows: sampling.content.rows.map((r) => ({ ...r, ratioPercent: 100 })), exceptions: [] } }],
    } as PolicyBundle);
    const d = draw({ evaluation: all.evaluate(pop, '2026-10-31'), population: pop, roster, seed: 's', department: 'market-regulation' });
    expect(d.inspections.map((x) => x.uscc).sort()).toEqual([USCC[0], USCC[2]]);
  });
});

describe('licence-revoked enterprises and the sampling setting', () => {
  const records = Array.from({ length: 6 }, (_, k) => base(k, k < 3 ? { status: 'licence-revoked' } : {}));
  const pop = buildPopulation(records);
  const bundle = (inspect: boolean | undefined) =>
    compileOrThrow({
      documents: [
        publicCreditClass,
        publicCreditScore,
        domainAssignment,
        { ...sampling, content: { ...sampling.content, rows: sampling.content.rows.map((r) => ({ ...r, ratioPercent: 100 })), exceptions: [], ...(inspect === undefined ? {} : { inspectLicenceRevoked: inspect }) } },
      ],
    } as PolicyBundle);
  const drawn = (inspect: boolean | undefined) => {
    const ev = bundle(inspect);
    const res = ev.evaluate(pop, '2026-10-31');
    return { res, uscc: draw({ evaluation: res, population: pop, roster, seed: 1, department: 'market-regulation' }).inspections.map((x) => x.uscc).sort() };
  };

  it('are drawn at D by default (the seeds grade them D and raise D)', () => {
    const { res, uscc } = drawn(undefined);
    expect(uscc).toEqual([...USCC].sort());
    expect(res.toJSON(0).sampling).toMatchObject({ grade: 'D', ratioPercent: 100 });
    expect(drawn(true).uscc).toEqual(uscc);
  });

  it('are not sampled nor drawn when the document says so, and still graded D', () => {
    const { res, uscc } = drawn(false);
    expect(uscc).toEqual(USCC.slice(3).sort());
    expect(res.toJSON(0).sampling).toBeNull();
    expect(res.toJSON(0).results['public-credit-class']!.grade).toBe('D');
    expect(res.toJSON(3).sampling).not.toBeNull();
  });
});

describe('dated status and score, as of the evaluation date', () => {
  const ev = compileOrThrow(defaultBundle);
  const revoked2026 = base(0, { status: 'licence-revoked', statusSince: '2026-03-01' });
  const deregistered = base(1, { status: 'deregistered', statusSince: '2025-06-30', statusHistory: [{ status: 'licence-revoked', since: '2024-02-29' }] });
  const scored = base(2, { publicCreditScore: 90, scoreDate: '2028-02-29' });
  const plain = base(3, { status: 'licence-revoked', publicCreditScore: 60 });
  const pop = buildPopulation([revoked2026, deregistered, scored, plain]);
  const at = (day: string) => {
    const r = ev.evaluate(pop, day);
    return [0, 1, 2, 3].map((i) => {
      const j = r.toJSON(i);
      return [j.results['public-credit-class']!.grade, j.results['public-credit-score']!.grade];
    });
  };

  it('an enterprise revoked in 2026 is not revoked at 2024-01-01', () => {
    expect(at('2024-01-01')[0]).toEqual(['A', 'good']);
    expect(at('2026-02-28')[0]).toEqual(['A', 'good']);
    expect(at('2026-03-01')[0]).toEqual(['D', 'good']);
  });

  it('a status history: active, then revoked from 29 February, then deregistered', () => {
    expect(at('2024-02-28')[1]).toEqual(['A', 'good']);
    expect(at('2024-02-29')[1]).toEqual(['D', 'good']);
    expect(at('2025-06-29')[1]).toEqual(['D', 'good']);
    expect(at('2025-06-30')[1]).toEqual([null, null]);
    expect(ev.evaluate(pop, '2025-06-30').outside).toEqual(Uint32Array.from([1]));
    expect(ev.evaluate(pop, '2025-06-29').outside).toEqual(new Uint32Array(0));
  });

  it('a score dated after the evaluation date is not known (29 February)', () => {
    expect(at('2028-02-28')[2]).toEqual(['A', 'unrated']);
    expect(at('2028-02-29')[2]).toEqual(['A', 'excellent']);
    const x = ev.explain(pop, 2, '2028-02-28');
    expect([x.publicCreditScore, x.status]).toEqual([null, 'active']);
    expect(ev.explain(pop, 0, '2024-01-01').status).toBe('active');
  });

  it('records without dates behave as before at every date', () => {
    for (const day of ['2020-01-01', '2024-02-29', '2030-12-31']) expect(at(day)[3]).toEqual(['D', 'fair']);
  });
});

describe('jurisdiction', () => {
  it('keeps the enterprises whose region code starts with the prefix', () => {
    const pop = buildPopulation([base(0), base(1), base(2, { status: 'deregistered', statusSince: '2030-01-01' }), base(3)]);
    const local = jurisdictionPopulation(pop, '410481');
    expect(local.uscc).toEqual([USCC[0], USCC[2]]);
    expect(jurisdictionPopulation(pop, '4101').uscc).toEqual([USCC[1], USCC[3]]);
    expect(jurisdictionPopulation(pop, '').n).toBe(4);
    // dated statuses travel with the slice
    const ev = compileOrThrow(defaultBundle);
    expect(ev.evaluate(local, '2029-12-31').outside.length).toBe(0);
    expect(Array.from(ev.evaluate(local, '2030-01-01').outside)).toEqual([1]);
  });
});

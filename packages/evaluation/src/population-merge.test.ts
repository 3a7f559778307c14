/**
 * mergePopulations: populations built from consecutive parts of the records, joined, equal the one
 * built in one pass — every column and table deep-equal (same order of string tables and indicator
 * keys), and the same evaluation results — on generated populations split at several places and on
 * hand-made edge cases (values first seen in a later part, indicators only in some parts, empty parts).
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation, PopulationBuilder } from './population.ts';
import type { Population } from './population.ts';
import { mergePopulations } from './population-merge.ts';
import { defaultBundle } from '../test/default-bundle.ts';

/** The population as plain data (typed arrays as arrays, NaN kept distinct from 0), for deep equality. */
function plain(pop: Population): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pop)) {
    if (ArrayBuffer.isView(v)) out[k] = { type: v.constructor.name, values: Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) };
    else if (v instanceof Map) out[k] = [...v.entries()].map(([key, col]) => [key, plain(col as never)]);
    else out[k] = v;
  }
  return out;
}

function splitAt(records: readonly EnterpriseRecord[], cuts: readonly number[]): EnterpriseRecord[][] {
  const bounds = [0, ...cuts, records.length];
  return bounds.slice(1).map((to, k) => records.slice(bounds[k], to));
}

const build = (records: readonly EnterpriseRecord[]) => buildPopulation(records);
/** A builder that starts small and grows (the capacity path), as a worker's part may. */
function buildGrowing(records: readonly EnterpriseRecord[]): Population {
  const b = new PopulationBuilder(1);
  for (const r of records) b.add(r);
  return b.finish();
}

const ev = compileOrThrow(defaultBundle);

function sameEvaluation(a: Population, b: Population, at: string): void {
  const ra = ev.evaluate(a, at);
  const rb = ev.evaluate(b, at);
  for (let i = 0; i < a.n; i++) expect(rb.toJSON(i)).toEqual(ra.toJSON(i));
}

describe('mergePopulations', () => {
  describe.each([1, 2])('generated population (seed %s)', (seed) => {
    const records = generatePopulation({ count: 3000, seed, at: '2026-10-31', datedShare: 0.3, divisionOnlyShare: 0.05 });
    const whole = build(records);
    it.each([[[1500]], [[1]], [[2999]], [[0]], [[3000]], [[700, 1400, 2100]], [[10, 10, 2990]]])('split at %j equals one pass', (cuts) => {
      const merged = mergePopulations(splitAt(records, cuts).map(build));
      expect(plain(merged)).toEqual(plain(whole));
    });
    it('gives the same evaluation results (and with growing builders)', () => {
      const merged = mergePopulations(splitAt(records, [1234]).map(buildGrowing));
      expect(plain(merged)).toEqual(plain(whole));
      sameEvaluation(whole, merged, '2026-10-31');
      sameEvaluation(whole, merged, '2025-06-30');
    });
  });

  it('keeps edge cases equal at every split', () => {
    const base = (k: number, extra: Partial<EnterpriseRecord>): EnterpriseRecord => ({
      uscc: `91350100M0001${String(k).padStart(5, '0')}`,
      name: `企业${k}`,
      industryCode: '5211',
      status: 'active',
      ...extra,
    });
    const records: EnterpriseRecord[] = [
      base(0, {}),
      base(1, { regionCode: '410402', indicators: { a: 1, s: 'x', nul: null as never } }),
      base(2, { industryCode: 'C1391', status: 'deregistered', statusSince: '2024-01-02', statusHistory: [{ status: 'licence-revoked', since: '2023-05-06' }] }),
      base(3, { publicCreditScore: 71.5, scoreDate: '2025-01-01', indicators: { s: 'y', b: true } }),
      base(4, {
        regionCode: '410481',
        records: [
          { id: 'r1', kind: 'tax-arrears', date: '2024-03-01', repairedAt: '2024-06-01' },
          { id: 'r2', kind: 'court-dishonest', date: '2025-03-01', objection: { filed: '2025-03-10', resolved: null } },
        ],
        lists: [{ list: 'dishonest-persons', from: '2024-01-01', until: null }],
      } as Partial<EnterpriseRecord>),
      base(5, { industryCode: '52', indicators: { s: 'x', late: 'z', a: 'text' } }),
      base(6, { regionCode: '410402', records: [{ id: 'r3', kind: 'new-kind', date: '2023-01-01' }], lists: [{ list: 'other-list', from: '2022-01-01', until: '2023-01-01' }] } as Partial<EnterpriseRecord>),
      base(0, { name: 'duplicate uscc', indicators: { b: false, late: 'y' } }),
      base(8, { status: 'licence-revoked', statusSince: '2025-02-02', publicCreditScore: 0, scoreDate: '2024-12-31' }),
    ];
    const whole = build(records);
    for (let a = 0; a <= records.length; a++) {
      for (let b = a; b <= records.length; b++) {
        expect(plain(mergePopulations(splitAt(records, [a, b]).map(build)))).toEqual(plain(whole));
        expect(plain(mergePopulations(splitAt(records, [a, b]).map(buildGrowing)))).toEqual(plain(whole));
      }
    }
    sameEvaluation(whole, mergePopulations(splitAt(records, [4]).map(build)), '2026-10-31');
  });

  it('merges nothing into an empty population and one part into an equal one', () => {
    const empty = mergePopulations([build([]), build([])]);
    expect(plain(empty)).toEqual(plain(build([])));
    const records = generatePopulation({ count: 50, seed: 7 });
    expect(plain(mergePopulations([build(records)]))).toEqual(plain(build(records)));
  });

  it('a builder that grows equals one sized in advance (indicator rows not reached read as missing)', () => {
    const records = generatePopulation({ count: 2000, seed: 3 });
    expect(plain(buildGrowing(records))).toEqual(plain(build(records)));
  });
});

/**
 * A SQL run's aggregates from the counts PostgreSQL makes (sql-aggregates.ts): the counts of slices
 * (a group once per slice) give the whole's aggregates, and the workload's float sums do not depend
 * on the order PostgreSQL hands the groups in — two sides of a comparison with the same groups show
 * exactly no difference.
 */
import { describe, expect, it } from 'vitest';
import { compileOrThrow } from '../compile.ts';
import { defaultBundle } from '../../test/default-bundle.ts';
import { createRng } from '../random.ts';
import { sqlRunAggregates } from './sql-aggregates.ts';
import type { SqlGradeCount, SqlSamplingCount } from './sql-aggregates.ts';

const ev = compileOrThrow({ documents: defaultBundle.documents });
const AT = '2026-10-31';
const departments = ev.domainAssignment!.content.departments.length;
const domains = ev.domainAssignment!.content.domains.length;
const grades = ev.gradings[0]!.grades;

/** Counts of many domain sets and sampling rows, with ratios and frequencies whose products are not exact in binary. */
function counts(): { grades: SqlGradeCount[]; sampling: SqlSamplingCount[]; outside: number; n: number } {
  const rng = createRng(16);
  const sampling: SqlSamplingCount[] = [];
  const gradeCounts: SqlGradeCount[] = [];
  for (let i = 0; i < 400; i++) {
    const ds = [rng.int(domains), rng.int(domains)].sort((a, b) => a - b);
    const deps = [rng.int(departments), rng.int(departments)].sort((a, b) => a - b);
    const n = 1 + rng.int(5000);
    sampling.push({ domains: ds, departments: deps, s_ratio: [0.1, 0.7, 3.3, 12.5][rng.int(4)]!, s_freq: [1, 3, 0.3][rng.int(3)]!, s_diff: rng.int(2) === 0, n });
    gradeCounts.push({ doc: 0, grade: grades[rng.int(grades.length)]!, domains: ds, departments: deps, section: null, region_code: null, n });
  }
  const n = sampling.reduce((a, c) => a + c.n, 0);
  return { grades: gradeCounts, sampling, outside: 0, n };
}

/** `list` cut in `k` parts, each count split between the parts it falls in (as slices count them). */
function sliced<T extends { n: number }>(list: readonly T[], k: number, rng: ReturnType<typeof createRng>): T[] {
  const out: T[] = [];
  for (let s = 0; s < k; s++) {
    for (const x of list) {
      const part = s === k - 1 ? x.n - Math.floor(x.n / k) * (k - 1) : Math.floor(x.n / k);
      if (part > 0) out.push({ ...x, n: part });
    }
  }
  // in an order of PostgreSQL's choosing
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('sqlRunAggregates', () => {
  it('gives the same aggregates, to the last bit, for the groups in any order and counted in slices', () => {
    const whole = counts();
    const a = sqlRunAggregates(ev, AT, whole, ['']);
    const rng = createRng(7);
    for (const k of [1, 2, 3]) {
      const parts = { ...whole, grades: sliced(whole.grades, k, rng), sampling: sliced(whole.sampling, k, rng) };
      expect(sqlRunAggregates(ev, AT, parts, [''])).toEqual(a);
    }
    const w = (a as { workload: { inspectionsPerYear: number }[] }).workload;
    expect(w.some((x) => x.inspectionsPerYear > 0 && !Number.isInteger(x.inspectionsPerYear))).toBe(true);
  });
});

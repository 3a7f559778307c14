/**
 * The explanation agrees with the evaluation: for generated populations at several dates (29
 * February, the day after it, and window edges), `explain` gives every enterprise the grade and rule
 * `evaluate` gives it over the whole population, and counts the records the kernels count. The
 * kernels' counts are made visible by probe gradings that band on one record or list measure each
 * (the deciding band is the count).
 */
import { describe, expect, it } from 'vitest';
import type { DishonestyRecord, EnterpriseRecord, GradingDocument, MeasureDef, PolicyBundle, PolicyDocument } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { measureCountsKind, severityOf, windowStart } from './counting.ts';
import { formatDay, parseDay } from './dates.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle } from '../test/default-bundle.ts';

const MAX_COUNT = 25;

/** A grading that bands on one record measure (rule `n<k>` = k records, `n-many` beyond) or tests one list measure (`on` / `off`). */
function probe(g: GradingDocument, m: MeasureDef): PolicyDocument {
  const c = g.content;
  const decision =
    m.type === 'listMember'
      ? { type: 'rules', rules: [{ id: 'on', grade: 'X', when: { measure: m.id, op: '==', value: true } }, { id: 'off', grade: 'X', when: { always: true } }] }
      : {
          type: 'bands',
          measure: m.id,
          range: { min: 0, max: 1_000_000 },
          bands: [
            ...Array.from({ length: MAX_COUNT }, (_, k) => ({ id: `n${k}`, grade: 'X', min: { value: k, inclusive: true }, max: { value: k + 1, inclusive: false } })),
            { id: 'n-many', grade: 'X', min: { value: MAX_COUNT, inclusive: true } },
          ],
        };
  return {
    ...g,
    id: `probe-${g.id}-${m.id}`,
    content: {
      grades: [{ code: 'X', label: { zh: 'X', en: 'X' } }],
      window: c.window,
      severities: c.severities,
      ...(c.pendingObjection ? { pendingObjection: c.pendingObjection } : {}),
      ...(c.publicationPeriods ? { publicationPeriods: c.publicationPeriods } : {}),
      ...(c.repairBeforeMinimum ? { repairBeforeMinimum: c.repairBeforeMinimum } : {}),
      measures: [m],
      decision,
      overrides: [],
    },
  } as unknown as PolicyDocument;
}

const seedGradings = defaultBundle.documents.filter((d): d is GradingDocument => d.kind === 'grading');
/** The gradings again, counting records under a pending objection (`pendingObjection: counted`). */
const countingObjections = seedGradings.map((g) => ({ ...g, id: `${g.id}-counting-objections`, content: { ...g.content, pendingObjection: 'counted' as const } }));
/** Publication periods shorter than the window (so they decide), repairs deferred or not (issue 13 finding 7). */
const PERIODS = [
  { id: 'fine', kinds: ['penalty.fine'], minimum: { years: 0, months: 3 }, maximum: { years: 0, months: 6 } },
  { id: 'serious', severity: 'serious' as const, minimum: { years: 0, months: 4 }, maximum: { years: 0, months: 9 } },
  { id: 'general', severity: 'general' as const, minimum: { years: 0, months: 2 }, maximum: { years: 0, months: 8 } },
];
const withPeriods = seedGradings.flatMap((g) =>
  (['deferred', 'effective'] as const).map((repairBeforeMinimum, j) => ({
    ...g,
    id: `${g.id}-periods-${repairBeforeMinimum}`,
    content: { ...g.content, publicationPeriods: j === 0 ? PERIODS : PERIODS.slice(1), repairBeforeMinimum, ...(j === 1 ? { pendingObjection: 'counted' as const } : {}) },
  })),
);
const gradings = [...seedGradings, ...countingObjections, ...withPeriods];
const probes = gradings.flatMap((g) => g.content.measures.filter((m) => m.type === 'recordCount' || m.type === 'listMember').map((m) => ({ g, m, doc: probe(g, m) })));
const bundle: PolicyBundle = { documents: [...defaultBundle.documents, ...countingObjections, ...withPeriods, ...probes.map((p) => p.doc)] };

/** Records and list entries on the edges of the window and of `at` (the day itself and its neighbours). */
function edges(at: string, k: number): Pick<EnterpriseRecord, 'records' | 'lists'> {
  const day = parseDay(at);
  const lo = windowStart(day, { years: 1, months: 0 });
  const d = (n: number) => formatDay(n);
  const kinds = ['penalty.fine', 'penalty.closure', 'tax-arrears', 'penalty.warning'];
  const kind = kinds[k % kinds.length]!;
  const records: DishonestyRecord[] = [
    { id: `e${k}-lo`, kind, date: d(lo) },
    { id: `e${k}-lo+1`, kind, date: d(lo + 1) },
    { id: `e${k}-at`, kind, date: d(day) },
    { id: `e${k}-at+1`, kind, date: d(day + 1) },
    { id: `e${k}-repaired-at`, kind, date: d(day - 30), repairedAt: d(day) },
    // serious consequences (issue 13 finding 8): counted apart by measures with `seriousConsequence`
    { id: `e${k}-consequence`, kind, date: d(day - 20), seriousConsequence: true },
    { id: `e${k}-no-consequence`, kind, date: d(day - 21), seriousConsequence: false },
    { id: `e${k}-consequence-repaired`, kind, date: d(day - 22), seriousConsequence: true, repairedAt: d(day - 1) },
    { id: `e${k}-repaired-later`, kind, date: d(day - 30), repairedAt: d(day + 1) },
    { id: `e${k}-objection-at`, kind, date: d(day - 30), objection: { filed: d(day), resolved: null } },
    { id: `e${k}-objection-resolved-at`, kind, date: d(day - 60), objection: { filed: d(day - 40), resolved: d(day) } },
    { id: `e${k}-objection-resolved-later`, kind, date: d(day - 60), objection: { filed: d(day - 40), resolved: d(day + 1) } },
    // on the edges of the publication periods of PERIODS: the maximum (6, 8, 9 months) and the minimum of a deferred repair (2, 3, 4 months)
    ...[6, 8, 9].flatMap((months) => [0, 1].map((plus) => ({ id: `e${k}-max${months}+${plus}`, kind, date: d(windowStart(day, { years: 0, months }) + plus) }))),
    ...[2, 3, 4].flatMap((months) => [0, 1].map((plus) => ({ id: `e${k}-min${months}+${plus}`, kind, date: d(windowStart(day, { years: 0, months }) + plus), repairedAt: d(windowStart(day, { years: 0, months }) + plus + 5) }))),
  ].filter((_, j) => (j + k) % 3 !== 0);
  const list = k % 2 === 0 ? 'serious-dishonesty' : 'joint-punishment';
  const lists = [
    { list, from: d(day), until: null },
    { list, from: d(day - 100), until: d(day) },
    { list, from: d(day - 100), until: d(day + 1) },
  ].filter((_, j) => j === k % 3);
  return { records, lists };
}

/** Dated statuses and scores on the edges of `at` (the day itself and the day after). */
function datedEdges(at: string, k: number): Pick<EnterpriseRecord, 'status' | 'statusSince' | 'statusHistory' | 'scoreDate'> {
  const day = parseDay(at);
  const d = (n: number) => formatDay(n);
  switch (k % 5) {
    case 0:
      return { status: 'licence-revoked', statusSince: d(day), scoreDate: d(day) };
    case 1:
      return { status: 'licence-revoked', statusSince: d(day + 1), scoreDate: d(day + 1) };
    case 2:
      return { status: 'deregistered', statusSince: d(day + 1), statusHistory: [{ status: 'licence-revoked', since: d(day - 10) }] };
    case 3:
      return { status: 'deregistered', statusSince: d(day), statusHistory: [{ status: 'licence-revoked', since: d(day - 10) }] };
    default:
      return { status: 'active', statusSince: d(day - 400), statusHistory: [{ status: 'licence-revoked', since: d(day - 800) }], scoreDate: d(day - 1) };
  }
}

const DATES = ['2028-02-29', '2028-03-01', '2027-02-28', '2026-10-31', '2024-02-29'];

describe('explain agrees with evaluate', () => {
  const ev = compileOrThrow(bundle);
  for (const [n, at] of DATES.entries()) {
    it(`for every enterprise of a generated population at ${at}`, () => {
      const records = generatePopulation({ count: 240, seed: 100 + n, at });
      records.forEach((r, k) => {
        if (k % 4 !== 0) return;
        const e = edges(at, k);
        r.records = [...(r.records ?? []), ...e.records!];
        r.lists = [...(r.lists ?? []), ...e.lists!];
      });
      records.forEach((r, k) => {
        if (k % 4 !== 1) return;
        Object.assign(r, datedEdges(at, (k - 1) / 4));
        if (r.publicCreditScore == null) r.publicCreditScore = 60 + (k % 30);
      });
      const pop = buildPopulation(records);
      const res = ev.evaluate(pop, at);
      const day = parseDay(at);
      let counted = 0;
      const seen = new Set<string>();
      for (let i = 0; i < pop.n; i++) {
        const json = res.toJSON(i);
        const x = ev.explain(pop, i, at);
        expect(x.result).toEqual(json);
        // the status and score of the day: dated ones resolved, a score dated later unknown
        const r = records[i]!;
        const status = r.statusSince !== undefined && r.statusSince > at ? ([...(r.statusHistory ?? [])].filter((h) => h.since <= at).pop()?.status ?? 'active') : r.status;
        expect(x.status, `status of ${x.uscc}`).toBe(status);
        expect(x.publicCreditScore, `score of ${x.uscc}`).toBe(r.scoreDate !== undefined && r.scoreDate > at ? null : (r.publicCreditScore ?? null));
        seen.add(`${status}|${r.statusSince === undefined ? '-' : r.statusSince <= at ? 'since' : 'later'}`);
        if (status === 'deregistered') {
          // outside the register: no grade in any document, no domain, no sampling row
          expect(res.isOutside(i)).toBe(true);
          expect(json.outsideRegister).toBe(true);
          expect(Object.values(json.results).every((v) => v.grade === null && v.rule === null)).toBe(true);
          expect([json.domains, json.departments, json.sampling]).toEqual([[], [], null]);
          continue;
        }
        expect(res.isOutside(i)).toBe(false);
        if (status === 'licence-revoked') expect(json.results['public-credit-class']!.grade).toBe('D');
        for (const d of x.documents) {
          const r = json.results[d.id];
          expect({ id: d.id, grade: d.grade, rule: d.rule }).toEqual({ id: d.id, grade: r?.grade ?? null, rule: r?.rule ?? null });
          if (d.score !== undefined) expect(d.score).toBe(r!.score);
          if (d.indicators) expect(d.indicators.reduce((s, ind) => s + ind.points * ind.weight, 0)).toBeCloseTo(d.score!, 1);
        }
        for (const { g, m, doc } of probes) {
          const explained = x.documents.find((d) => d.id === g.id)!;
          const value = explained.measures.find((v) => v.id === m.id)!.value;
          const rule = json.results[doc.id]!.rule!;
          if (m.type === 'listMember') {
            expect(value, `${g.id}/${m.id} of ${x.uscc}`).toBe(rule === 'on');
            continue;
          }
          // the kernel's count (the deciding band) = the explanation's measure = its counted records of the measure's kinds
          expect(rule, `${g.id}/${m.id} of ${x.uscc}`).toBe(`n${value as number}`);
          if (m.type !== 'recordCount' || m.window) continue;
          const mine = explained.records.filter((t) => t.counted && measureCountsKind(m, t.kind, severityOf(g.content.severities, t.kind)) && (m.seriousConsequence === undefined || (t.seriousConsequence === true) === m.seriousConsequence));
          expect(mine.length, `${g.id}/${m.id} of ${x.uscc}`).toBe(value);
          for (const t of mine) expect(parseDay(t.date)).toBeLessThanOrEqual(day);
          counted += mine.length;
        }
      }
      // the population does exercise the rule, and dated statuses before, on and after the day
      expect(counted).toBeGreaterThan(20);
      for (const k of ['licence-revoked|since', 'active|later', 'licence-revoked|later', 'deregistered|since', 'active|since']) expect(seen).toContain(k);
    });
  }
});

/**
 * One meaning, two engines (issue 16): generated populations (with edge cases at window boundaries,
 * 29 February, repairs and objections on the day, list and status dates) are loaded into the
 * relational dataset tables of a scratch PostgreSQL database; the SQL of each grading (`gradingSql`)
 * must give every enterprise the grade and deciding rule the in-memory engine gives, at several
 * dates, for the two default gradings and for random edits of their numbers, windows, severities
 * and objection rule. The grade distribution statement must match the in-memory counts.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DishonestyRecord, EnterpriseRecord, GradingDocument } from '@policy/schemas';
import { buildPopulation, compileOrThrow, createRng, formatDay, generatePopulation, gradeDistributionSql, gradingSql, NO_GRADE, parseDay } from '@policy/evaluation';
import type { Population, Rng } from '@policy/evaluation';
import { loadRelationalDataset, migrateToLatest, queryRelational } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const readDoc = (id: string) => JSON.parse(readFileSync(resolve(repo, 'policies', id, 'v1.json'), 'utf8')) as GradingDocument;
const DEFAULTS = [readDoc('public-credit-class'), readDoc('public-credit-score')];
const GENERATED_AT = '2026-10-31';
const DATES = ['2026-10-31', '2025-11-01', '2024-02-29', '2027-02-28'];
const SEEDS = [11, 12];
const N = 2500;

const day = (d: number) => formatDay(d);

/** Windows and publication periods the edits draw (months): the edge cases put records around their starts. */
const MONTHS_BACK = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 18, 24, 25, 30, 36];
/** The day `months` months before `at`, the day clamped to the month (as `subtractWindow`). */
function monthsBack(at: string, months: number): number {
  const [y, m, d] = at.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return parseDay(`${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`);
}

/** Enterprises on the edges of the rules at `at`: window boundaries, same-day repairs and objections, list and status dates. */
function edgeCases(at: string, rng: Rng, count: number): EnterpriseRecord[] {
  const a = parseDay(at);
  const lo = parseDay(`${Number(at.slice(0, 4)) - 1}${at.slice(4, 7)}-${at.endsWith('02-29') ? '28' : at.slice(8)}`);
  const kinds = ['penalty.fine', 'penalty.warning', 'coercion', 'tax-arrears', 'penalty.closure', 'penalty.permit-suspension', 'unknown.kind'];
  const near = (d: number) => d + rng.int(5) - 2;
  const out: EnterpriseRecord[] = [];
  for (let i = 0; i < count; i++) {
    const records = [];
    for (let k = rng.int(8); k > 0; k--) {
      const u = rng.next();
      const date = u < 0.3 ? near(lo) : u < 0.5 ? near(a) : u < 0.8 ? near(monthsBack(at, rng.pick(MONTHS_BACK))) : a - rng.int(400);
      const rec: DishonestyRecord = { id: `E${i}-${k}`, kind: rng.pick(kinds), date: day(date) };
      const v = rng.next();
      if (v < 0.35) rec.repairedAt = day(near(a));
      else if (v < 0.3) rec.repairedAt = null;
      const w = rng.next();
      if (rng.next() < 0.3) (rec as { seriousConsequence?: boolean }).seriousConsequence = true;
      if (w < 0.3) rec.objection = { filed: day(near(a)), resolved: rng.next() < 0.5 ? null : day(near(a)) };
      records.push(rec);
    }
    const lists = [];
    for (let k = rng.int(3); k > 0; k--) {
      lists.push({ list: rng.pick(['serious-dishonesty', 'joint-punishment', 'abnormal-operation']), from: day(near(a)), until: rng.next() < 0.5 ? null : day(near(a) + rng.int(3)) });
    }
    const status = rng.pick(['active', 'licence-revoked', 'deregistered'] as const);
    const first17 = `91410402E${String(i).padStart(7, '0')}${rng.int(10)}`;
    const r: EnterpriseRecord = {
      uscc: `${first17}0`,
      name: `边界企业${i}`,
      industryCode: 'F5211',
      status,
      publicCreditScore: rng.next() < 0.1 ? null : rng.pick([0, 50, 50.5, 70, 70.1, 85, 85.01, 100, Math.round(rng.next() * 1000) / 10]),
    };
    if (rng.next() < 0.5) {
      const since = near(a);
      r.statusSince = day(since);
      if (rng.next() < 0.5) r.statusHistory = [{ status: rng.pick(['licence-revoked', 'active'] as const), since: day(since - 1 - rng.int(3)) }];
    }
    if (r.publicCreditScore != null && rng.next() < 0.4) r.scoreDate = day(near(a));
    if (records.length) r.records = records;
    if (lists.length) r.lists = lists;
    out.push(r);
  }
  return out;
}

/** A random edit of a grading's numbers, window, severities and objection rule (same shape). */
function edit(doc: GradingDocument, rng: Rng): GradingDocument {
  const d = structuredClone(doc);
  const c = d.content;
  c.window = { years: rng.int(3), months: rng.int(12) };
  if (c.window.years === 0 && c.window.months === 0) c.window.months = 6;
  if (rng.next() < 0.5) c.pendingObjection = rng.next() < 0.5 ? 'counted' : 'excluded';
  for (const k of Object.keys(c.severities)) if (rng.next() < 0.2) c.severities[k] = rng.pick(['general', 'serious', 'ignore'] as const);
  for (const m of c.measures) if (m.type === 'recordCount' && rng.next() < 0.3) m.window = { years: rng.int(2), months: 1 + rng.int(11) };
  // publication periods (when the document has them): other minimum / maximum, repairs deferred or not
  const life = c as { publicationPeriods?: { minimum: { years: number; months: number }; maximum: { years: number; months: number } }[]; repairBeforeMinimum?: 'effective' | 'deferred' };
  for (const p of life.publicationPeriods ?? []) {
    p.minimum = { years: 0, months: rng.int(13) };
    p.maximum = { years: rng.int(2), months: rng.int(12) };
  }
  if (life.publicationPeriods?.length) life.repairBeforeMinimum = rng.next() < 0.5 ? 'deferred' : 'effective';
  if (c.decision.type === 'rules') {
    const bump = (w: unknown) => {
      if (w && typeof w === 'object') {
        if ('value' in w && typeof (w as { value: unknown }).value === 'number') (w as { value: number }).value = rng.int(8);
        for (const v of Object.values(w)) if (typeof v === 'object') bump(v);
      }
    };
    for (const r of c.decision.rules) bump(r.when);
  } else {
    // new cut points, the same bounds' inclusivity: the bands stay a cover of the range
    const cuts = [rng.int(40) + 10, rng.int(20) + 55, rng.int(10) + 80].map((x) => x + rng.int(10) / 10);
    const bands = c.decision.bands;
    bands.forEach((b, k) => {
      if (b.min && k < bands.length - 1) b.min.value = cuts[2 - k]!;
      if (b.max && k > 0) b.max.value = cuts[3 - k]!;
    });
  }
  return d;
}

describe.skipIf(!DIALECTS.includes('postgres'))('gradings in SQL agree with the in-memory engine', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  const sets: { id: number; records: EnterpriseRecord[]; pop: Population }[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres', 'policy_sql');
    h = createDb(scratch.url);
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    for (const seed of SEEDS) {
      const rng = createRng(`edges#${seed}`);
      const records = [...generatePopulation({ count: N, seed, at: GENERATED_AT }), ...DATES.flatMap((at) => edgeCases(at, rng, 400))];
      await loadRelationalDataset(h.db, seed, records);
      sets.push({ id: seed, records, pop: buildPopulation(records) });
    }
  });
  afterAll(async () => {
    await h?.destroy();
    await scratch?.drop();
  });

  const check = async (docs: GradingDocument[], at: string, set: (typeof sets)[number]) => {
    const result = compileOrThrow({ documents: docs }).evaluate(set.pop, at);
    for (const doc of docs) {
      const mem = result.documents.find((x) => x.id === doc.id)!;
      const q = gradingSql(doc, at, set.id);
      const rows = await queryRelational<{ row_no: number; grade: string | null; rule: string | null }>(h.db, q);
      expect(rows.length).toBe(set.pop.n);
      const expected = rows.map((_, i) => (mem.grade[i] === NO_GRADE ? [i, null, null] : [i, mem.grades[mem.grade[i]!]!, mem.rules[mem.rule[i]!]!]));
      const got = rows.map((r) => [r.row_no, r.grade, r.rule]);
      const wrong = got.findIndex((g, i) => JSON.stringify(g) !== JSON.stringify(expected[i]));
      if (wrong >= 0) expect({ doc: doc.id, at, enterprise: set.records[wrong], sql: got[wrong] }).toEqual({ doc: doc.id, at, enterprise: set.records[wrong], sql: expected[wrong] });
      // the distribution statement counts the same
      const dq = gradeDistributionSql(doc, at, set.id);
      const dist = await queryRelational<{ grade: string | null; rule: string | null; n: number }>(h.db, dq);
      const counts = new Map<string, number>();
      for (const e of expected) counts.set(`${e[1]}|${e[2]}`, (counts.get(`${e[1]}|${e[2]}`) ?? 0) + 1);
      expect(new Map(dist.map((r) => [`${r.grade}|${r.rule}`, r.n]))).toEqual(counts);
    }
  };

  it('the default gradings, at several dates', async () => {
    for (const set of sets) for (const at of DATES) await check(DEFAULTS, at, set);
  });

  it('random edits of the defaults (numbers, windows, severities, objections): same statement text, same answers', async () => {
    const rng = createRng('sql-edits');
    for (let trial = 0; trial < 8; trial++) {
      const docs = DEFAULTS.map((d) => edit(d, rng));
      docs.forEach((d, k) => expect(gradingSql(d, DATES[0]!, 1).text).toBe(gradingSql(DEFAULTS[k]!, DATES[0]!, 1).text));
      await check(docs, DATES[trial % DATES.length]!, sets[trial % sets.length]!);
    }
  });
});

/**
 * Publication periods in both engines (issue 13): the record rule of a grading — records past their
 * maximum publication period, repairs deferred until the minimum period has passed, records under a
 * pending objection counted — is the rule of the industry models combining with it too. Generated
 * populations plus records dated around the periods' edges (3 and 6 months, 1 and 2 years before the
 * date, repaired and objected around the date) are loaded into the relational tables of a scratch
 * PostgreSQL database; the bundle statement must give every enterprise what the in-memory engine
 * gives it, for a public class whose general records leave before the one-year window of the models
 * ends.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DishonestyRecord, EnterpriseRecord, GradingDocument, PolicyDocument } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, createRng, formatDay, generatePopulation, parseDay } from '@policy/evaluation';
import type { BundleSqlRow, Population, Rng } from '@policy/evaluation';
import { loadRelationalDataset, loadRelationalIndicators, migrateToLatest, queryRelational } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The newest version of each document of policies/ (`v<N>.json`, highest N). */
const POLICIES: PolicyDocument[] = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const newest = Math.max(...readdirSync(resolve(repo, 'policies', d.name)).map((f) => /^v(\d+)\.json$/.exec(f)?.[1]).filter((v) => v !== undefined).map(Number));
    return JSON.parse(readFileSync(resolve(repo, 'policies', d.name, `v${newest}.json`), 'utf8')) as PolicyDocument;
  });
const DATES = ['2026-10-31', '2025-08-31', '2024-02-29'];
const SEED = 31;
const N = 1500;
const EDGES = 400;
const KINDS = ['penalty.fine', 'penalty.warning', 'coercion', 'tax-arrears', 'penalty.closure', 'penalty.permit-suspension', 'unknown.kind'];
const CODES = ['F5211', 'C1391', 'H6210', 'C2710', 'G5411', 'K7010', 'A0111', 'I6510'];

/** The day `months` calendar months before `at` (the day clamped to the month's length, as 29 February − 12 months = 28 February). */
function monthsBefore(at: string, months: number): number {
  const total = Number(at.slice(0, 4)) * 12 + Number(at.slice(5, 7)) - 1 - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return parseDay(`${y}-${String(m).padStart(2, '0')}-${String(Math.min(Number(at.slice(8)), last)).padStart(2, '0')}`);
}

/** Enterprises whose records lie on the edges of the publication periods at `at`. */
function edgeCases(at: string, rng: Rng, tag: string): EnterpriseRecord[] {
  const a = parseDay(at);
  const edges = [monthsBefore(at, 3), monthsBefore(at, 6), monthsBefore(at, 12), monthsBefore(at, 24), a];
  const near = (d: number) => d + rng.int(5) - 2;
  const out: EnterpriseRecord[] = [];
  for (let i = 0; i < EDGES; i++) {
    const records: DishonestyRecord[] = [];
    for (let k = 1 + rng.int(4); k > 0; k--) {
      const rec: DishonestyRecord = { id: `${tag}${i}-${k}`, kind: rng.pick(KINDS), date: formatDay(near(rng.pick(edges))) };
      if (rng.next() < 0.45) rec.repairedAt = formatDay(rng.next() < 0.5 ? near(a) : near(parseDay(rec.date) + rng.int(200)));
      if (rng.next() < 0.3) rec.objection = { filed: formatDay(near(a)), resolved: rng.next() < 0.5 ? null : formatDay(near(a)) };
      records.push(rec);
    }
    out.push({
      uscc: `91410402${tag}${String(i).padStart(8, '0')}0`.slice(0, 18),
      name: `公示期边界企业${tag}${i}`,
      industryCode: rng.pick(CODES),
      regionCode: rng.pick(['410402', '410481']),
      status: 'active',
      publicCreditScore: rng.pick([50, 70, 85.5, 100]),
      records,
    });
  }
  return out;
}

/** The policies with the public class's record rule edited: general records leave after 6 months, repairs deferred, objections counted. */
function shortLived(): PolicyDocument[] {
  const docs = structuredClone(POLICIES);
  const g = docs.find((d) => d.id === 'public-credit-class') as GradingDocument;
  g.content.publicationPeriods = [
    { id: 'serious', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 2, months: 0 } },
    { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 0, months: 6 } },
  ];
  g.content.repairBeforeMinimum = 'deferred';
  g.content.pendingObjection = 'counted';
  return docs;
}

describe.skipIf(!DIALECTS.includes('postgres'))('industry models count records by the publication periods of the grading they combine with, in SQL as in memory', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  let records: EnterpriseRecord[] = [];
  let pop: Population;

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres', 'policy_sqll');
    // no JIT in the scratch database (compiling the statement costs more than it saves here), then a fresh pool
    const admin = createDb(scratch.url);
    await queryRelational(admin.db, { text: `alter database "${new URL(scratch.url).pathname.slice(1)}" set jit = off`, values: [] });
    await admin.destroy();
    h = createDb(scratch.url);
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    const rng = createRng(`lifetime-edges#${SEED}`);
    records = [...generatePopulation({ count: N, seed: SEED, at: DATES[0]! }), ...DATES.flatMap((at, k) => edgeCases(at, rng, `L${k}`))];
    await loadRelationalDataset(h.db, SEED, records);
    await loadRelationalIndicators(h.db, SEED, records);
    await queryRelational(h.db, { text: 'analyze', values: [] });
    pop = buildPopulation(records);
  }, 120_000);
  afterAll(async () => {
    await h?.destroy();
    await scratch?.drop();
  });

  it.each(DATES)('at %s, every enterprise', async (at) => {
    const ev = compileOrThrow({ documents: shortLived() });
    const result = ev.evaluate(pop, at);
    const q = bundleSql(ev, at, SEED);
    const rows = await queryRelational<BundleSqlRow>(h.db, q);
    expect(rows.length).toBe(pop.n);
    for (let i = 0; i < rows.length; i++) {
      const sql = JSON.stringify(q.toJSON(rows[i]!));
      const mem = JSON.stringify(result.toJSON(i));
      if (sql !== mem) expect({ at, enterprise: records[i], sql: JSON.parse(sql) }).toEqual({ at, enterprise: records[i], sql: JSON.parse(mem) });
    }
    // the edit matters: some model score differs from the one under the policies as published
    const published = compileOrThrow({ documents: POLICIES }).evaluate(pop, at);
    const models = ev.models.map((x) => x.doc.id);
    const moved = rows.filter((_, i) => models.some((id) => published.toJSON(i).results[id]?.score !== result.toJSON(i).results[id]?.score)).length;
    expect(moved).toBeGreaterThan(0);
  }, 60_000);
});

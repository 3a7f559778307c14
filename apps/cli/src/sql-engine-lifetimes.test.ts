/**
 * Publication periods in both engines (issue 13): the record rule of a grading — records past their
 * maximum publication period, repairs deferred until the minimum period has passed, records under a
 * pending objection counted — is the rule of the industry models combining with it too. Generated
 * populations plus records dated around the periods' edges (3 and 6 months, 1 and 2 years before the
 * date, repaired and objected around the date) are loaded into the relational tables of a scratch
 * PostgreSQL database; the bundle statement must give every enterprise what the in-memory engine
 * gives it, for a public class whose general records leave before the one-year window of the models
 * ends.
 *
 * Publication periods by the domain of the record (issue 13 finding 7): records carry domains
 * (special-equipment, emergency-management, food, or none) and the public class has a period for
 * special equipment and work safety (one-year minimum, three-year maximum) before the one for every
 * general record (three months, six months); repairs are deferred, and records dated between three
 * months and a year before the date are repaired within three months or within a year of their date —
 * counted under the one-year minimum, not under the three-month one.
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
/** Record domains: two under the public class's domain period, one not, and none. */
const DOMAINS = ['special-equipment', 'emergency-management', 'food', undefined] as const;
const KEY_DOMAINS = ['special-equipment', 'emergency-management', 'fire-safety'];

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
      const domain = rng.pick(DOMAINS);
      if (domain) rec.domain = domain;
      records.push(rec);
    }
    out.push(caseEnterprise(rng, tag, i, '公示期边界企业', records));
  }
  return out;
}

/** A test enterprise `i` of the cases tagged `tag`, named `label`, with `records`; industry, region and score drawn from `rng`. */
function caseEnterprise(rng: Rng, tag: string, i: number, label: string, records: DishonestyRecord[]): EnterpriseRecord {
  return {
    uscc: `91410402${tag}${String(i).padStart(8, '0')}0`.slice(0, 18),
    name: `${label}${tag}${i}`,
    industryCode: rng.pick(CODES),
    regionCode: rng.pick(['410402', '410481']),
    status: 'active',
    publicCreditScore: rng.pick([50, 70, 85.5, 100]),
    records,
  };
}

/**
 * Enterprises whose general records, dated between three months and a year before `at` (or on the
 * edges: 3, 6, 12 months, 3 years), are repaired before `at` within three months or within a year of
 * their date, in each domain of {@link DOMAINS}.
 */
function domainCases(at: string, rng: Rng, tag: string): EnterpriseRecord[] {
  const a = parseDay(at);
  const edges = [monthsBefore(at, 3), monthsBefore(at, 6), monthsBefore(at, 12), monthsBefore(at, 36)];
  const out: EnterpriseRecord[] = [];
  for (let i = 0; i < EDGES; i++) {
    const records: DishonestyRecord[] = [];
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const date = rng.next() < 0.7 ? monthsBefore(at, 3) - 1 - rng.int(a - monthsBefore(at, 12) - 95) : rng.pick(edges) + rng.int(5) - 2;
      const rec: DishonestyRecord = { id: `${tag}${i}-${k}`, kind: rng.pick(['penalty.fine', 'penalty.warning', 'penalty.fine', 'coercion']), date: formatDay(date) };
      // within three months of the record (1–89 days) or within a year (90–364 days), not after `at` mostly
      const repair = date + (rng.next() < 0.5 ? 1 + rng.int(89) : 90 + rng.int(275));
      if (rng.next() < 0.8) rec.repairedAt = formatDay(rng.next() < 0.9 ? Math.min(repair, a) : repair);
      const domain = DOMAINS[(i + k) % DOMAINS.length];
      if (domain) rec.domain = domain;
      records.push(rec);
    }
    out.push(caseEnterprise(rng, tag, i, '领域公示期企业', records));
  }
  return out;
}

/**
 * The policies with the public class's record rule edited: general records leave after 6 months — those
 * of special equipment and work safety after 3 years, their repairs waiting a year — repairs deferred,
 * objections counted. `keyDomains` false: the same period for the records of every domain (what a
 * compilation ignoring the domains would do).
 */
function shortLived(keyDomains = true): PolicyDocument[] {
  const docs = structuredClone(POLICIES);
  const g = docs.find((d) => d.id === 'public-credit-class') as GradingDocument;
  g.content.publicationPeriods = [
    { id: 'serious', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 2, months: 0 } },
    { id: 'key-domains', severity: 'general', ...(keyDomains ? { domains: KEY_DOMAINS } : {}), minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
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
    records = [
      ...generatePopulation({ count: N, seed: SEED, at: DATES[0]! }),
      ...DATES.flatMap((at, k) => edgeCases(at, rng, `L${k}`)),
      ...DATES.flatMap((at, k) => domainCases(at, rng, `D${k}`)),
    ];
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
    // the domains matter: under one period for every domain, some public classes and model scores differ
    const anyDomain = compileOrThrow({ documents: shortLived(false) }).evaluate(pop, at);
    const ids = ['public-credit-class', ...models];
    const differ = (i: number) => ids.filter((id) => JSON.stringify(anyDomain.toJSON(i).results[id]) !== JSON.stringify(result.toJSON(i).results[id]));
    const byDomain = rows.map((_, i) => differ(i));
    expect(byDomain.filter((d) => d.includes('public-credit-class')).length).toBeGreaterThan(0);
    expect(byDomain.filter((d) => d.some((id) => id !== 'public-credit-class')).length).toBeGreaterThan(0);
  }, 60_000);
});

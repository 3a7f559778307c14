/**
 * One meaning, two engines, for a whole bundle (issue 16): generated populations — the generator's,
 * plus edge cases at window boundaries, 29 February, same-day repairs and objections, list and status
 * dates, missing and late scores, deregistered and revoked enterprises, every record kind, indicator
 * values of every kind (texts in and out of the map, numbers and booleans in a text-mapped
 * indicator, missing), industry codes with and without their section letter — are loaded into the
 * relational tables of a scratch PostgreSQL database; the bundle statement (`bundleSql`: gradings,
 * industry model, domains, departments, sampling) decoded by its `toJSON` must equal
 * `EvaluationResult.toJSON(i)` of the in-memory engine on every enterprise, at several dates, for the
 * policies of policies/ and variants of them (no per-domain basis, revoked licences not inspected,
 * model-only combination, edited weights, exceptions of equal ratios). The results stored with
 * `INSERT … SELECT` and turned into run lines inside PostgreSQL (`resultLinesSql`) must be the
 * in-memory run's lines, byte for byte. List memberships as industry-model indicators are covered by
 * the general classification of policies/ (经营异常名录, 严重失信主体名单) and a variant scoring every
 * list in the food model; the edge cases' listings start and end around the dates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DishonestyRecord, EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { runLine } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, createRng, formatDay, generatePopulation, gradingMigrationSql, mergeMigrationCells, parseDay, resultLinesSql } from '@policy/evaluation';
import type { MigrationCell } from '@policy/evaluation';
import type { BundleSqlRow, Population, Rng } from '@policy/evaluation';
import { forEachSqlRunLinePage, insertSqlRunResults, loadRelationalDataset, loadRelationalIndicators, migrateToLatest, queryRelational, querySqlSlices } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { forEachSqlRunChunk } from './commands/runs-sql.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The newest version of each document of policies/ (`v<N>.json`, highest N). */
const POLICIES: PolicyDocument[] = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const newest = Math.max(...readdirSync(resolve(repo, 'policies', d.name)).map((f) => /^v(\d+)\.json$/.exec(f)?.[1]).filter((v) => v !== undefined).map(Number));
    return JSON.parse(readFileSync(resolve(repo, 'policies', d.name, `v${newest}.json`), 'utf8')) as PolicyDocument;
  });
const GENERATED_AT = '2026-10-31';
const DATES = ['2026-10-31', '2025-11-01', '2024-02-29', '2027-02-28'];
const SEEDS = [21, 22];
const N = 2000;
const EDGES = 250;

const day = (d: number) => formatDay(d);
const KINDS = ['penalty.fine', 'penalty.warning', 'coercion', 'tax-arrears', 'penalty.closure', 'penalty.permit-suspension', 'penalty.production-suspension', 'unknown.kind'];
/** Industry codes inside and outside the food domain, with and without the section letter, and of several domains at once. */
const CODES = ['F5211', '5211', 'C1391', '1391', 'H6210', '6210', 'F5221', 'C2710', 'G5411', 'E4710', 'K7010', 'C13', 'A0111', 'I6510', 'F5126'];

/** Enterprises on the edges of the rules at `at`. */
function edgeCases(at: string, rng: Rng, count: number, tag: string): EnterpriseRecord[] {
  const a = parseDay(at);
  const lo = parseDay(`${Number(at.slice(0, 4)) - 1}${at.slice(4, 7)}-${at.endsWith('02-29') ? '28' : at.slice(8)}`);
  const near = (d: number) => d + rng.int(5) - 2;
  const out: EnterpriseRecord[] = [];
  for (let i = 0; i < count; i++) {
    const records: DishonestyRecord[] = [];
    for (let k = rng.int(7); k > 0; k--) {
      const u = rng.next();
      const date = u < 0.35 ? near(lo) : u < 0.55 ? near(a) : a - rng.int(900);
      const rec: DishonestyRecord = { id: `${tag}${i}-${k}`, kind: rng.pick(KINDS), date: day(date) };
      if (rng.next() < 0.35) rec.repairedAt = day(near(a));
      if (rng.next() < 0.25) (rec as { seriousConsequence?: boolean }).seriousConsequence = true;
      if (rng.next() < 0.3) rec.objection = { filed: day(near(a)), resolved: rng.next() < 0.5 ? null : day(near(a)) };
      records.push(rec);
    }
    const lists = [];
    for (let k = rng.int(3); k > 0; k--) {
      lists.push({ list: rng.pick(['serious-dishonesty', 'joint-punishment', 'abnormal-operation']), from: day(near(a)), until: rng.next() < 0.5 ? null : day(near(a) + rng.int(3)) });
    }
    const status = rng.pick(['active', 'active', 'licence-revoked', 'deregistered'] as const);
    const r: EnterpriseRecord = {
      uscc: `91410402${tag}${String(i).padStart(8, '0')}0`.slice(0, 18),
      name: `边界企业${tag}${i}`,
      industryCode: rng.pick(CODES),
      regionCode: rng.pick(['410402', '410481', '410103']),
      status,
      publicCreditScore: rng.next() < 0.15 ? null : rng.pick([0, 50, 50.5, 70, 70.1, 85, 85.01, 100, Math.round(rng.next() * 1000) / 10]),
    };
    if (rng.next() < 0.4) {
      const since = near(a);
      r.statusSince = day(since);
      if (rng.next() < 0.5) r.statusHistory = [{ status: rng.pick(['licence-revoked', 'active'] as const), since: day(since - 1 - rng.int(3)) }];
    }
    if (r.publicCreditScore != null && rng.next() < 0.4) r.scoreDate = day(near(a));
    if (records.length) r.records = records;
    if (lists.length) r.lists = lists;
    if (rng.next() < 0.7) {
      const pick = <T,>(xs: T[]): T | undefined => (rng.next() < 0.15 ? undefined : rng.pick(xs));
      const ind: Record<string, unknown> = {
        'food.inspectionPassRate': pick([60, 79.9, 80, 80.1, 95, 100, 101, 'n/a', true]),
        'food.incidents': pick([0, 0.5, 1, 1.5, 2, 'none', false]),
        'food.inspectionResult': pick(['compliant', 'basically-compliant', 'non-compliant', 'pending-review', 1, true, false, 0]),
        'food.complaints': pick([0, 3, 10, 12, null]),
        'food.traceability': pick([true, false, 0, 1, 'yes']),
        'food.safetyOfficer': pick([true, false, null, 2]),
      };
      for (const k of Object.keys(ind)) if (ind[k] === undefined) delete ind[k];
      (r as { indicators?: unknown }).indicators = ind;
    }
    out.push(r);
  }
  return out;
}

/** Variants of the policies: other sampling choices, model combinations and numbers (same meaning in both engines). */
function variants(): { name: string; documents: PolicyDocument[]; windowMoves?: false }[] {
  const edit = (name: string, fn: (docs: PolicyDocument[]) => void) => {
    const docs = structuredClone(POLICIES);
    fn(docs);
    return { name, documents: docs };
  };
  const of = <K extends PolicyDocument['kind']>(docs: PolicyDocument[], kind: K) => docs.find((d) => d.kind === kind) as Extract<PolicyDocument, { kind: K }>;
  return [
    { name: 'policies/', documents: POLICIES },
    edit('no per-domain basis, revoked licences not inspected', (docs) => {
      const s = of(docs, 'sampling').content;
      delete s.domainBasis;
      s.inspectLicenceRevoked = false;
      // five domains holding every enterprise, each with its own department: every line lists more
      // than four domains and departments (the lines statement's longer-list path)
      const da = of(docs, 'domain-assignment').content;
      const departments = da.departments.slice(0, 5).map((d) => d.id);
      for (let k = 0; k < 5; k++) da.domains.push({ ...structuredClone(da.domains[0]!), id: `all-${k}`, departments: [departments[k]!], match: { all: true, industryPrefixes: [] } });
    }),
    edit('model-only, edited weights and bands, exceptions of equal ratios', (docs) => {
      const m = of(docs, 'industry-model').content;
      m.combine = { method: 'model-only' };
      m.criteriaMatrix = m.criteriaMatrix.map((row, i) => row.map((x, j) => (i === j ? 1 : i < j ? x * 1.5 : x / 1.5)));
      for (const t of m.thresholds) if (t.min && t.min.value > 0) t.min.value += 3.3;
      for (const t of m.thresholds) if (t.max && t.max.value < 100) t.max.value += 3.3;
      const s = of(docs, 'sampling').content;
      s.exceptions.push({ domain: 'food', grade: 'B', ratioPercent: 40, frequencyPerYear: 2 }, { domain: 'food', grade: 'B', ratioPercent: 40, frequencyPerYear: 3 });
      s.rows = s.rows.filter((r) => r.grade !== 'C');
    }),
    edit('list memberships scored by the food model', (docs) => {
      // the enterprise's own listing in force at the date (from ≤ at < until), each list a yes / no indicator
      // (the general classification of policies/ already scores 经营异常名录 and 严重失信主体名单)
      const m = docs.find((d) => d.id === 'industry-model-food-safety') as Extract<PolicyDocument, { kind: 'industry-model' }>;
      const c = m.content;
      const lists = ['serious-dishonesty', 'joint-punishment', 'abnormal-operation'] as const;
      lists.forEach((list, k) => c.indicators.push({ id: `listed-${k}`, label: { zh: `列入名单${k}` }, source: { from: 'listMember', list }, scoring: { type: 'boolean', whenTrue: 10 * k, whenFalse: 100 }, missingPoints: 100 }));
      c.criteria[0]!.indicators.push(...lists.map((_, k) => `listed-${k}`));
      const n = c.criteria[0]!.indicators.length;
      c.criteria[0]!.matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : i < j ? 2 : 0.5)));
    }),
    // grade codes JSON escapes (a quote, a backslash, a tab): the lines statement quotes them with to_json, not by concatenation
    (() => {
      const doc = structuredClone(POLICIES.find((d) => d.id === 'public-credit-score')!);
      const codes: Record<string, string> = { excellent: 'ex"cellent', good: 'go\\od', fair: 'fa\tir' };
      const rename = (x: unknown): unknown => {
        if (Array.isArray(x)) return x.map(rename);
        if (x === null || typeof x !== 'object') return x;
        return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, (k === 'code' || k === 'grade' || k === 'unratedGrade') && typeof v === 'string' ? (codes[v] ?? v) : rename(v)]));
      };
      const renamed = rename(doc) as PolicyDocument;
      expect(JSON.stringify(renamed)).toContain('ex\\"cellent');
      // a score grading: a longer window moves no one
      return { name: 'grade codes with a quote, a backslash and a tab', documents: [renamed], windowMoves: false as const };
    })(),
  ];
}

describe.skipIf(!DIALECTS.includes('postgres'))('the bundle in SQL agrees with the in-memory engine on every enterprise', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  const sets: { id: number; records: EnterpriseRecord[]; pop: Population }[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres', 'policy_sqlb');
    // no JIT in the scratch database (compiling the statement costs more than it saves here), then a fresh pool
    const admin = createDb(scratch.url);
    await queryRelational(admin.db, { text: `alter database "${new URL(scratch.url).pathname.slice(1)}" set jit = off`, values: [] });
    await admin.destroy();
    h = createDb(scratch.url);
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    for (const seed of SEEDS) {
      const rng = createRng(`bundle-edges#${seed}`);
      const records = [...generatePopulation({ count: N, seed, at: GENERATED_AT }), ...DATES.flatMap((at, k) => edgeCases(at, rng, EDGES, `${seed}E${k}`))];
      await loadRelationalDataset(h.db, seed, records);
      await loadRelationalIndicators(h.db, seed, records);
      sets.push({ id: seed, records, pop: buildPopulation(records) });
    }
    await queryRelational(h.db, { text: 'analyze', values: [] });
  }, 60_000);
  afterAll(async () => {
    await h?.destroy();
    await scratch?.drop();
  });

  const check = async (documents: PolicyDocument[], at: string, set: (typeof sets)[number], windowMoves = true) => {
    const ev = compileOrThrow({ documents });
    const result = ev.evaluate(set.pop, at);
    const q = bundleSql(ev, at, set.id);
    const rows = await queryRelational<BundleSqlRow>(h.db, q);
    expect(rows.length).toBe(set.pop.n);
    let checked = 0;
    for (let i = 0; i < rows.length; i++) {
      expect(rows[i]!.row_no).toBe(i);
      const sql = JSON.stringify(q.toJSON(rows[i]!));
      const mem = JSON.stringify(result.toJSON(i));
      if (sql !== mem) expect({ at, enterprise: set.records[i], sql: JSON.parse(sql) }).toEqual({ at, enterprise: set.records[i], sql: JSON.parse(mem) });
      checked++;
    }
    // stored as a run stores it — three slices of the rows evaluated at once, each by its own backend —
    // then the run's lines built in PostgreSQL: the in-memory lines, byte for byte
    const runId = ++runs;
    const sliced = bundleSql(ev, at, set.id, { rowRange: true });
    expect(sliced.sliced).toBe(true);
    expect(await insertSqlRunResults(h.db, runId, sliced, undefined, { datasetId: set.id, slices: 3 })).toBe(set.pop.n);
    let lines = '';
    let inNode = 0;
    await forEachSqlRunChunk(h.db, ev, q, runId, set.id, (chunk) => {
      lines += chunk.payload;
      if (chunk.encodedInNode) inNode++;
    });
    expect(inNode).toBe(0);
    let expected = '';
    for (let i = 0; i < set.pop.n; i++) {
      const json = result.toJSON(i);
      if (!json.outsideRegister) expected += runLine(i, JSON.stringify(json));
    }
    expect(lines.length).toBe(expected.length);
    if (lines !== expected) expect(lines.split('\n')).toEqual(expected.split('\n'));
    // pages of 7 rows, 70 per statement, three statements at once: the same lines in the same order
    let concurrent = '';
    await forEachSqlRunLinePage(h.db, resultLinesSql(ev, runId, set.id), 7, (page) => {
      concurrent += page.payload;
    }, { runId, concurrency: 3 });
    expect(concurrent === expected).toBe(true);

    // a candidate (the first grading, its window one year longer) against the stored results: the
    // migration matrix counted in PostgreSQL is the one of the two in-memory evaluations
    const doc = ev.gradings[0]!.doc;
    const edited = structuredClone(doc);
    edited.content.window = { ...edited.content.window, years: (edited.content.window.years ?? 0) + 1 };
    const after = compileOrThrow({ documents: documents.map((d) => (d.id === doc.id ? edited : d)) }).evaluate(set.pop, at);
    const matrix = new Map<string, number>();
    for (let i = 0; i < set.pop.n; i++) {
      const x = result.toJSON(i);
      if (x.outsideRegister) continue;
      const key = `${x.results[doc.id]?.grade ?? null}→${after.toJSON(i).results[doc.id]?.grade ?? null}`;
      matrix.set(key, (matrix.get(key) ?? 0) + 1);
    }
    const cells = await queryRelational<MigrationCell>(h.db, gradingMigrationSql(edited, at, set.id, { runId, docIndex: 0 }));
    expect(new Map(cells.map((c) => [`${c.from_grade}→${c.to_grade}`, c.n]))).toEqual(matrix);
    expect(cells.some((c) => c.from_grade !== c.to_grade)).toBe(windowMoves);
    // the same matrix counted as three slices at once and added up, cell for cell and in the same order
    const parts = await querySqlSlices<MigrationCell>(h.db, gradingMigrationSql(edited, at, set.id, { runId, docIndex: 0 }, { rowRange: true }), { datasetId: set.id, slices: 3 });
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.length > 0)).toBe(true);
    expect(mergeMigrationCells(parts)).toEqual(mergeMigrationCells([cells]));
    return checked;
  };
  let runs = 0;

  it.each(variants())('$name, at several dates', async ({ documents, windowMoves }) => {
    const runs = sets.flatMap((set) => DATES.map((at) => ({ set, at })));
    let checked = 0;
    for (const { set, at } of runs) checked += await check(documents, at, set, windowMoves);
    expect(checked).toBe(runs.length * (N + DATES.length * EDGES));
  }, 120_000);

  it('the statement text does not change with the numbers', () => {
    const [a, , c] = variants();
    const t = (docs: PolicyDocument[], at: string) => bundleSql(compileOrThrow({ documents: docs }), at, 1);
    const x = t(a!.documents, '2026-10-31');
    const y = t(c!.documents, '2024-02-29');
    expect(y.values).not.toEqual(x.values);
    expect(x.text).not.toMatch(/'\d{4}-\d\d-\d\d'/);
    // the third variant differs in numbers, rows and exceptions only: the same text but for the combination of the model
    expect(t(structuredClone(a!.documents), '2025-01-01').text).toBe(x.text);
  });
});

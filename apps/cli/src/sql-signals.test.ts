/**
 * A run's early warnings and triggers computed inside PostgreSQL (issues 13 and 16): generated
 * populations plus edge cases — records on the edges of the warnings' 3-month window and of the
 * gradings' one-year window, 29 February, repairs and objections on the day, list dates, scores of
 * exactly 70 and just above, missing and late scores, deregistered enterprises, every record kind,
 * indicator values of every kind (numbers on the thresholds, texts, booleans, missing), food and
 * other industries — are loaded into the relational tables of a scratch PostgreSQL database; for the
 * policies of policies/ and a variant with edited thresholds, windows, domains and compound / text
 * conditions, at several dates (and for a jurisdiction), the rows `insertSqlRunSignals` writes from
 * `signalsSql` must be exactly the `run_signals` rows the in-memory run stores (`runSignals` as
 * `completeRun` writes them): same rows, same order (by `seq`), same detail JSON byte for byte —
 * stored in 3 slices at once (and by one statement); a slice failing leaves no signal behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DishonestyRecord, EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { buildPopulation, bundleSql, compileOrThrow, createRng, formatDay, generatePopulation, parseDay, runRows, runSignals, signalsSql, slicePopulation } from '@policy/evaluation';
import type { Population, Rng } from '@policy/evaluation';
import { insertSqlRunResults, insertSqlRunSignals, jurisdictionFilter, loadRelationalDataset, loadRelationalIndicators, migrateToLatest, queryRelational } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const POLICIES: PolicyDocument[] = readdirSync(resolve(repo, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(resolve(repo, 'policies', d.name, 'v1.json'), 'utf8')) as PolicyDocument)
  // in document-id order, as a run's documents
  .sort((a, b) => a.id.localeCompare(b.id));
const GENERATED_AT = '2026-10-31';
const DATES = ['2026-10-31', '2024-02-29', '2027-02-28'];
const SEEDS = [31, 32];
const N = 1500;
const EDGES = 300;
const day = (d: number) => formatDay(d);
const KINDS = ['penalty.fine', 'penalty.warning', 'coercion', 'tax-arrears', 'penalty.closure', 'penalty.permit-suspension', 'penalty.production-suspension', 'penalty.permit-revocation', 'unknown.kind'];
const CODES = ['F5211', '5211', 'C1391', 'H6210', 'F5221', 'C2710', 'G5411', 'E4710', 'K7010', 'C13', 'I6510', 'C2720', 'F5126'];

/** `at` minus `months` months (the 29th–31st of a shorter month: its last day, as the windows count). */
function monthsBefore(at: string, months: number): number {
  const [y, m, d] = at.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const yy = Math.floor(total / 12);
  const mm = (total % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return parseDay(`${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`);
}

/** Enterprises on the edges of the warnings and trigger points at `at`. */
function edgeCases(at: string, rng: Rng, count: number, tag: string): EnterpriseRecord[] {
  const a = parseDay(at);
  const edges = [monthsBefore(at, 3), monthsBefore(at, 6), monthsBefore(at, 12), a];
  const near = (d: number) => d + rng.int(5) - 2;
  const out: EnterpriseRecord[] = [];
  for (let i = 0; i < count; i++) {
    const records: DishonestyRecord[] = [];
    for (let k = rng.int(5); k > 0; k--) {
      const date = rng.next() < 0.8 ? near(rng.pick(edges)) : a - rng.int(900);
      const rec: DishonestyRecord = { id: `${tag}${i}-${k}`, kind: rng.pick(KINDS), date: day(date) };
      if (rng.next() < 0.3) rec.repairedAt = day(near(a));
      if (rng.next() < 0.2) rec.objection = { filed: day(near(a)), resolved: rng.next() < 0.5 ? null : day(near(a)) };
      if (rng.next() < 0.3) rec.seriousConsequence = true;
      records.push(rec);
    }
    const lists = [];
    for (let k = rng.int(3); k > 0; k--) {
      lists.push({ list: rng.pick(['serious-dishonesty', 'joint-punishment', 'abnormal-operation']), from: day(near(a)), until: rng.next() < 0.5 ? null : day(near(a) + rng.int(3)) });
    }
    const r: EnterpriseRecord = {
      uscc: `91410402${tag}${String(i).padStart(8, '0')}0`.slice(0, 18),
      name: `边界企业${tag}${i}`,
      industryCode: rng.pick(CODES),
      regionCode: rng.pick(['410402', '410481', '410103']),
      status: rng.pick(['active', 'active', 'active', 'licence-revoked', 'deregistered'] as const),
      publicCreditScore: rng.next() < 0.15 ? null : rng.pick([0, 50, 69.99, 70, 70.01, 84.99, 85, 100, Math.round(rng.next() * 1000) / 10]),
    };
    if (rng.next() < 0.3) r.statusSince = day(near(a));
    if (r.publicCreditScore != null && rng.next() < 0.3) r.scoreDate = day(near(a));
    if (records.length) r.records = records;
    if (lists.length) r.lists = lists;
    if (rng.next() < 0.8) {
      const pick = <T,>(xs: T[]): T | undefined => (rng.next() < 0.15 ? undefined : rng.pick(xs));
      const ind: Record<string, unknown> = {
        'food.inspectionPassRate': pick([60, 94.99, 95, 95.01, 99.99, 100, 101, 'n/a', 'pending', true, false]),
        'food.complaints': pick([0, 0.5, 1, 1.5, 2, 3, 'none', true, false, null]),
        'food.inspectionResult': pick(['compliant', 'basically-compliant', 'non-compliant', 1, true, false, 0]),
      };
      for (const k of Object.keys(ind)) if (ind[k] === undefined) delete ind[k];
      (r as { indicators?: unknown }).indicators = ind;
    }
    out.push(r);
  }
  return out;
}

/** The policies, and a variant whose warnings and trigger points differ in numbers, windows, domains and shape. */
function variants(): { name: string; documents: PolicyDocument[] }[] {
  const docs = structuredClone(POLICIES);
  const ew = docs.find((d) => d.kind === 'early-warning') as Extract<PolicyDocument, { kind: 'early-warning' }>;
  const si = docs.find((d) => d.id === 'supervision-items-market-regulation') as Extract<PolicyDocument, { kind: 'supervision-items' }>;
  const c = ew.content;
  const measure = (id: string) => c.measures.find((m) => m.id === id) as { window?: { years: number; months: number } };
  measure('new-serious-records').window = { years: 0, months: 6 };
  for (const r of c.rules) {
    const w = r.when as { measure?: string; op?: string; value?: unknown };
    if (r.id === 'score-at-most-70') Object.assign(w, { op: '<', value: 85 });
    if (r.id === 'new-serious-record') w.value = 2;
    if (r.id === 'abnormal-operation') r.domains = ['food'];
  }
  c.measures.push({ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate', label: { zh: '食品安全抽检合格率(%)' } } as (typeof c.measures)[number]);
  c.rules.push({ id: 'pass-rate-below-99', label: { zh: '抽检合格率低于99%' }, when: { measure: 'pass-rate', op: '<', value: 99 }, notify: ['market-regulation'] } as (typeof c.rules)[number]);
  c.rules.push({
    id: 'listed-or-low',
    label: { zh: '列入名单或评价分不高于50分（非食品）' },
    when: { all: [{ any: [{ measure: 'serious-dishonesty-list', op: '==', value: true }, { measure: 'public-credit-score', op: '<=', value: 50 }] }, { not: { document: 'public-credit-class', grades: ['A'] } }] },
    notify: ['market-regulation'],
  } as (typeof c.rules)[number]);
  // food enterprises supervised by six departments (with the two every enterprise has): lists longer than four
  const da = docs.find((d) => d.kind === 'domain-assignment') as Extract<PolicyDocument, { kind: 'domain-assignment' }>;
  da.content.domains.find((d) => d.id === 'food')!.departments = ['market-regulation', 'commerce', 'health-commission', 'emergency-management'];
  const sc = si.content;
  (sc.measures ??= []).push({ id: 'food-result', type: 'indicator', key: 'food.inspectionResult', label: { zh: '检查结果' } } as NonNullable<typeof sc.measures>[number]);
  for (const it of sc.items) {
    for (const t of it.triggers ?? []) {
      const w = t.condition as { measure?: string; op?: string; value?: unknown } | undefined;
      if (!w?.measure) continue;
      if (w.measure === 'food-sampling-pass-rate') Object.assign(w, { op: '<=', value: 95 });
      else if (w.measure === 'food-complaints' && it.code === 'SCJG-002') Object.assign(w, { op: '>', value: 1 });
    }
  }
  const item = sc.items.find((it) => it.code === 'SCJG-004')!;
  item.triggers![0]!.condition = { measure: 'food-result', op: '==', value: 'non-compliant' };
  item.triggers![1]!.condition = { all: [{ measure: 'food-result', op: '!=', value: 'compliant' }, { measure: 'food-complaints', op: '!=', value: 0 }] };
  return [
    { name: 'policies/', documents: POLICIES },
    { name: 'edited thresholds, windows, domains, compound and text conditions', documents: docs },
    { name: 'status, serious consequences, several record windows and != on every kind of measure', documents: measureKinds() },
  ];
}

/**
 * The policies with warnings over every kind of measure (but indicators: see above), several record measures of other windows,
 * kinds and filters (counted together in SQL), and `!=` comparisons, which hold for a missing value.
 */
function measureKinds(): PolicyDocument[] {
  const docs = structuredClone(POLICIES);
  const ew = docs.find((d) => d.kind === 'early-warning') as Extract<PolicyDocument, { kind: 'early-warning' }>;
  const c = ew.content;
  const label = { zh: '测试' };
  c.measures.push(
    { id: 'revoked', type: 'status', equals: 'licence-revoked', label } as (typeof c.measures)[number],
    { id: 'consequence-records', type: 'recordCount', seriousConsequence: true, window: { years: 2, months: 0 }, label } as (typeof c.measures)[number],
    { id: 'no-consequence-fines', type: 'recordCount', kinds: ['penalty.fine', 'penalty.warning'], seriousConsequence: false, label } as (typeof c.measures)[number],
    { id: 'coercions', type: 'recordCount', kinds: ['coercion', 'tax-arrears', 'unknown.kind'], window: { years: 0, months: 6 }, label } as (typeof c.measures)[number],
  );
  const rule = (id: string, when: unknown) => ({ id, label: { zh: id }, when, notify: ['market-regulation'] }) as (typeof c.rules)[number];
  c.rules.push(
    rule('revoked', { measure: 'revoked', op: '==', value: true }),
    rule('coercions-not-revoked', { all: [{ measure: 'coercions', op: '>=', value: 1 }, { measure: 'revoked', op: '!=', value: true }] }),
    rule('consequence', { measure: 'consequence-records', op: '>=', value: 1 }),
    rule('fine-without-consequence', { measure: 'no-consequence-fines', op: '>', value: 0 }),
    rule('records-not-one', { measure: 'new-serious-records', op: '!=', value: 1 }),
    rule('score-not-70', { measure: 'public-credit-score', op: '!=', value: 70 }),
    rule('score-missing-or-high', { not: { measure: 'public-credit-score', op: '<=', value: 85 } }),
    rule('not-listed', { measure: 'serious-dishonesty-list', op: '!=', value: true }),
  );
  return docs;
}

type Row = { kind: string; document_id: string; code: string; owner: string; row_no: number; uscc: string; name: string; departments: string; detail: string };

describe.skipIf(!DIALECTS.includes('postgres'))('a run\'s signals computed in SQL are the in-memory run\'s', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  const sets: { id: number; pop: Population }[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres', 'policy_sqls');
    h = createDb(scratch.url);
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    for (const seed of SEEDS) {
      const rng = createRng(`signal-edges#${seed}`);
      const records = [...generatePopulation({ count: N, seed, at: GENERATED_AT }), ...DATES.flatMap((at, k) => edgeCases(at, rng, EDGES, `${seed}S${k}`))];
      await loadRelationalDataset(h.db, seed, records);
      await loadRelationalIndicators(h.db, seed, records);
      sets.push({ id: seed, pop: buildPopulation(records) });
    }
    await queryRelational(h.db, { text: 'analyze', values: [] });
  }, 60_000);
  afterAll(async () => {
    await h?.destroy();
    await scratch?.drop();
  });

  const newRun = async (datasetId: number, at: string): Promise<number> => {
    const now = new Date().toISOString();
    const r = await h.db
      .insertInto('runs')
      .values({ dataset_id: datasetId, dataset_name: `d${datasetId}`, dataset_hash: 'x', dataset_version: null, at, jurisdiction: null, versions: '[]', status: 'running', progress_done: 0, progress_total: 0, created_by: 'test', created_at: now, heartbeat_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  };

  /**
   * The signals of one run both ways; returns how many per kind and code. Stored in 3 slices at once
   * (`whole`: by one statement), the `seq` of each slice above those of the slices before it.
   */
  const check = async (documents: PolicyDocument[], at: string, set: (typeof sets)[number], jurisdiction: string | null, how: 'slices' | 'whole' = 'slices') => {
    const ev = compileOrThrow({ documents });
    const rows = runRows(set.pop, jurisdiction);
    const pop = rows ? slicePopulation(set.pop, rows) : set.pop;
    const expected = runSignals(ev, pop, ev.evaluate(pop, at), rows).map((s) => ({
      kind: s.kind, document_id: s.documentId, code: s.code, owner: s.owner, row_no: s.row, uscc: s.uscc, name: s.name, departments: JSON.stringify(s.departments), detail: JSON.stringify(s.detail),
    }));
    const runId = await newRun(set.id, at);
    await insertSqlRunResults(h.db, runId, bundleSql(ev, at, set.id), jurisdictionFilter(jurisdiction));
    const written =
      how === 'slices'
        ? await insertSqlRunSignals(h.db, runId, signalsSql(ev, at, runId, set.id, { rowRange: true }), { datasetId: set.id, slices: 3 })
        : await insertSqlRunSignals(h.db, runId, signalsSql(ev, at, runId, set.id));
    const stored = await queryRelational<Row & { seq: number }>(h.db, {
      text: 'select seq, kind, document_id, code, owner, row_no, uscc, name, departments, detail from run_signals where run_id = $1 order by seq',
      values: [runId],
    });
    expect(written).toBe(expected.length);
    // seq orders them: dense from 0 by one statement (as the in-memory run), dense within each slice and rising from slice to slice in slices
    const seqs = stored.map((s) => s.seq);
    if (how === 'whole') expect(seqs).toEqual(stored.map((_, k) => k));
    else expect(seqs.every((x, k) => k === 0 || x > seqs[k - 1]!)).toBe(true);
    const got: Row[] = stored.map(({ seq: _, ...s }) => s);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      // as sorted sets first (what differs), then in order
      const key = (r: Row) => JSON.stringify(r);
      const g = new Set(got.map(key));
      const e = new Set(expected.map(key));
      expect({ at, jurisdiction, onlyInSql: got.filter((r) => !e.has(key(r))).slice(0, 5), onlyInMemory: expected.filter((r) => !g.has(key(r))).slice(0, 5) }).toEqual({ at, jurisdiction, onlyInSql: [], onlyInMemory: [] });
      expect(got).toEqual(expected);
    }
    const counts = new Map<string, number>();
    for (const s of expected) counts.set(`${s.kind} ${s.code}`, (counts.get(`${s.kind} ${s.code}`) ?? 0) + 1);
    return { counts, rows: got };
  };

  it.each(variants())('$name: every signal of every enterprise, at several dates', async ({ documents }) => {
    const seen = new Map<string, number>();
    for (const set of sets) {
      for (const at of DATES) {
        for (const [k, n] of (await check(documents, at, set, null)).counts) seen.set(k, (seen.get(k) ?? 0) + n);
      }
    }
    // not vacuous: every rule and every conditioned item of the set warns or is triggered somewhere
    const ev = compileOrThrow({ documents });
    const codes: string[] = [];
    for (const d of ev.bundle.documents) {
      if (d.kind === 'early-warning') codes.push(...d.content.rules.map((r) => `warning ${r.id}`));
      if (d.kind === 'supervision-items') codes.push(...d.content.items.filter((it) => (it.triggers ?? []).some((t) => t.condition)).map((it) => `trigger ${it.code}`));
    }
    expect(codes.length).toBeGreaterThan(4);
    for (const c of codes) expect(seen.get(c) ?? 0, c).toBeGreaterThan(0);
  }, 180_000);

  it('a jurisdiction\'s run: its enterprises only, with their dataset rows', async () => {
    const [a, b] = variants();
    const { counts } = await check(a!.documents, DATES[0]!, sets[0]!, '410481');
    expect([...counts.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    await check(b!.documents, DATES[1]!, sets[1]!, '4104', 'whole');
  }, 60_000);

  it('a slice failing while the others store their signals leaves no signal of the run', async () => {
    const ev = compileOrThrow({ documents: POLICIES });
    const set = sets[0]!;
    const at = DATES[0]!;
    const runId = await newRun(set.id, at);
    await insertSqlRunResults(h.db, runId, bundleSql(ev, at, set.id));
    const q = signalsSql(ev, at, runId, set.id, { rowRange: true });
    const count = async () => (await queryRelational<{ n: number }>(h.db, { text: 'select count(*)::int as n from run_signals where run_id = $1', values: [runId] }))[0]!.n;
    // the last of 3 slices (the one reaching past the dataset's last row) fails; the first two have signals to store
    const last = `$2::int > (SELECT max(row_no) FROM ds_enterprises WHERE dataset_id = ${set.id})`;
    // computing its signals to store them (it divides by zero; counting them does not)
    const failsComputing = { ...q, text: `SELECT * FROM (${q.text}) w WHERE CASE WHEN ${last} THEN 1 / (w.seq - w.seq) = 1 ELSE true END` };
    await expect(insertSqlRunSignals(h.db, runId, failsComputing, { datasetId: set.id, slices: 3 })).rejects.toThrow(/division by zero/);
    expect(await count()).toBe(0);
    // storing them (its rows share one seq: refused by the key of run_signals)
    const cols = 'run_id, seq, kind, document_id, code, owner, row_no, uscc, name, departments, detail';
    const failsStoring = { ...q, text: `SELECT ${cols.replace('seq', `CASE WHEN ${last} THEN 0 ELSE w.seq END AS seq`)} FROM (${q.text}) w` };
    await expect(insertSqlRunSignals(h.db, runId, failsStoring, { datasetId: set.id, slices: 3 })).rejects.toThrow(/run_signals_pk/);
    expect(await count()).toBe(0);
    // stored again: every signal, once
    const written = await insertSqlRunSignals(h.db, runId, q, { datasetId: set.id, slices: 3 });
    expect(written).toBeGreaterThan(100);
    expect(await count()).toBe(written);
  }, 60_000);

  it('a policy set without early warnings or conditioned triggers stores none, in slices as in one statement', async () => {
    const ev = compileOrThrow({ documents: POLICIES.filter((d) => d.kind !== 'early-warning' && d.kind !== 'supervision-items') });
    const set = sets[1]!;
    const runId = await newRun(set.id, DATES[0]!);
    await insertSqlRunResults(h.db, runId, bundleSql(ev, DATES[0]!, set.id));
    expect(runSignals(ev, set.pop, ev.evaluate(set.pop, DATES[0]!), null)).toEqual([]);
    expect(await insertSqlRunSignals(h.db, runId, signalsSql(ev, DATES[0]!, runId, set.id, { rowRange: true }), { datasetId: set.id, slices: 3 })).toBe(0);
    expect(await insertSqlRunSignals(h.db, runId, signalsSql(ev, DATES[0]!, runId, set.id))).toBe(0);
  }, 60_000);

  it('a text where a number is expected ("n/a", "未填报") is no number in either engine: never warned or triggered by a numeric comparison', async () => {
    // the texts come first in the dataset: dictionary indexes 0, 1, 2, which every threshold below exceeds
    const food = (k: number, name: string, passRate: unknown, complaints: unknown): EnterpriseRecord =>
      ({
        uscc: `91410402TX${String(k).padStart(7, '0')}0`.slice(0, 18),
        name,
        industryCode: 'C1431',
        regionCode: '410402',
        status: 'active',
        publicCreditScore: 95,
        indicators: { 'food.inspectionPassRate': passRate, 'food.complaints': complaints, 'food.inspectionResult': 'compliant', 'food.incidents': 0, 'food.traceability': true, 'food.safetyOfficer': true },
      }) as EnterpriseRecord;
    const records = [
      food(0, '合格率n/a', 'n/a', 'n/a'),
      food(1, '合格率未填报', '未填报', '未填报'),
      food(2, '投诉待核实', '未填报', '待核实'),
      food(3, '合格率50投诉3', 50, 3),
      food(4, '合格率100无投诉', 100, 0),
    ];
    const id = 77;
    await loadRelationalDataset(h.db, id, records);
    await loadRelationalIndicators(h.db, id, records);
    const set = { id, pop: buildPopulation(records) };
    const [a, b] = variants();
    /** Per enterprise: `kind code` of its signals, with the trigger points of an item. */
    const signals = (rows: Row[]) =>
      records.map((_, i) =>
        rows.filter((r) => r.row_no === i).map((r) => `${r.kind} ${r.code}${r.kind === 'trigger' ? ` ${(JSON.parse(r.detail) as { triggers: string[] }).triggers.join(',')}` : ''}`),
      );
    // policies/: SCJG-001 合格率 < 100 (trigger-1), 投诉 ≥ 1 (trigger-2); SCJG-002 / SCJG-003 投诉 ≥ 1
    const seeded = signals((await check(a!.documents, DATES[0]!, set, null)).rows);
    expect(seeded[3]).toEqual(expect.arrayContaining([expect.stringMatching(/^trigger SCJG-001 trigger-1,trigger-2/), 'trigger SCJG-002 trigger-1', expect.stringMatching(/^trigger SCJG-003 .*trigger-2/)]));
    for (const i of [0, 1, 2, 4]) {
      expect(seeded[i]!.filter((x) => /trigger-[12]\b/.test(x) || x.startsWith('trigger SCJG-002')), records[i]!.name).toEqual([]);
    }
    // edited: a warning 合格率 < 99; SCJG-001 合格率 ≤ 95; SCJG-002 投诉 > 1
    const edited = signals((await check(b!.documents, DATES[0]!, set, null)).rows);
    expect(edited[3]).toEqual(expect.arrayContaining(['warning pass-rate-below-99', expect.stringMatching(/^trigger SCJG-001 trigger-1/), 'trigger SCJG-002 trigger-1']));
    for (const i of [0, 1, 2, 4]) {
      expect(edited[i], records[i]!.name).not.toContain('warning pass-rate-below-99');
      expect(edited[i]!.filter((x) => /^trigger SCJG-00[12] .*trigger-1\b/.test(x)), records[i]!.name).toEqual([]);
    }
  }, 60_000);

  it('an edited threshold gives the same statement text, other values', () => {
    const [a, b] = variants();
    const x = signalsSql(compileOrThrow({ documents: a!.documents }), '2026-10-31', 1, 1);
    const edited = structuredClone(a!.documents);
    const ew = edited.find((d) => d.kind === 'early-warning') as Extract<PolicyDocument, { kind: 'early-warning' }>;
    (ew.content.rules.find((r) => r.id === 'score-at-most-70')!.when as { value: number }).value = 71;
    const y = signalsSql(compileOrThrow({ documents: edited }), '2026-10-31', 1, 1);
    expect(y.text).toBe(x.text);
    expect(y.values).not.toEqual(x.values);
    expect(x.text).not.toMatch(/(?<![$\d])70\b/);
    expect(signalsSql(compileOrThrow({ documents: b!.documents }), '2026-10-31', 1, 1).text).not.toBe(x.text);
  });
});

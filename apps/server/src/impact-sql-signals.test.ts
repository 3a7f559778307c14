/**
 * The impact report computed inside PostgreSQL (issue 16), the size threshold set low: its
 * trigger-based supervision and early-warning counts are those of the in-memory report on both
 * sides; the base side's results are taken from a stored SQL run of exactly the base set's versions
 * at the same date (and the report does not change by a byte), never from a run of another date or
 * of other versions.
 */
import { describe, expect, it } from 'vitest';
import { executeSqlEngineRun, getDataset, startRun, toActor } from '@policy/db';
import { sqlRunPlanOf } from '@policy/evaluation';
import type { PolicyDocument } from '@policy/schemas';
import { publishedSet } from './published-set.ts';
import { runDocuments, runSettled } from './router/runs.ts';
import { useSqlImpactDataset } from './impact-sql-fixture.ts';

const AT = '2026-10-31';
const OTHER_AT = '2026-09-30';
const COUNT = 600;

describe('impact report with the SQL engine: signals and a stored base run', () => {
  const sq = useSqlImpactDataset('sql-impact-reuse', AT, COUNT);

  /** A draft of the public credit score with a moved band bound, and of the early warnings with a higher score threshold. */
  function drafts(): PolicyDocument[] {
    const score = sq.doc<Extract<PolicyDocument, { kind: 'grading' }>>('public-credit-score');
    const bands = (score.content.decision as { bands: { min?: { value: number }; max?: { value: number } }[] }).bands;
    bands[1]!.min!.value = 75;
    bands[2]!.max!.value = 75;
    const ew = sq.doc<Extract<PolicyDocument, { kind: 'early-warning' }>>('early-warning-market-regulation');
    const rule = ew.content.rules.find((r) => 'measure' in r.when && r.when.measure === 'public-credit-score')!;
    (rule.when as { value: number }).value = 80;
    return [score, ew];
  }

  async function preview(engine: 'sql' | 'memory', at = AT) {
    sq.f.deps.services.limits.sqlEngineMinEnterprises = engine === 'sql' ? 50 : COUNT + 1;
    return sq.f.as('credit-office').evaluation.preview({ datasetId: sq.datasetId, at, candidate: { versionIds: [], documents: drafts() }, moved: { offset: 0, limit: 50 } });
  }

  /** The report without what says how it was computed (timings, the stored run used): the text the reader gets. */
  const reportText = (r: Awaited<ReturnType<typeof preview>>) => JSON.stringify({ ...r, timings: undefined, baseRun: undefined });

  it('counts triggers and early warnings of both sides as the in-memory report does', async () => {
    const sql = await preview('sql');
    const mem = await preview('memory');
    expect(sql.engine).toBe('sql');
    expect(mem.engine).toBe('memory');
    expect(sql.triggers).toEqual(mem.triggers);
    expect(sql.earlyWarnings).toEqual(mem.earlyWarnings);
    expect(sql.warnings.map((w) => w.code)).not.toContain('engine.sql-partial');
    // the edit shows: more enterprises warned under the candidate, and some items triggered
    expect(sql.earlyWarnings.candidate!.enterprises).toBeGreaterThan(sql.earlyWarnings.base!.enterprises);
    expect(sql.triggers.base!.some((d) => d.items.some((it) => it.count > 0))).toBe(true);
  }, 120_000);

  it('takes the base side from a stored SQL run of the same date and versions, with the same report; not from another date or other versions', async () => {
    const first = await preview('sql');
    expect(first.baseRun).toBeNull();

    // a SQL run of another date: not used
    sq.f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const other = await sq.f.as('credit-office').runs.create({ datasetId: sq.datasetId, at: OTHER_AT });
    expect(other.engine).toBe('sql');
    await runSettled(other.id);
    expect((await sq.f.as('viewer').runs.get({ runId: other.id })).status).toBe('completed');
    const afterOther = await preview('sql');
    expect(afterOther.baseRun).toBeNull();
    expect(reportText(afterOther)).toBe(reportText(first));

    // a SQL run of the same date recorded with other versions (one document fewer): not used
    const pub = await publishedSet(sq.f.handle.db, AT, sq.f.deps.services);
    const versions = pub.members.map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber!, contentHash: m.contentHash }));
    const ds = await getDataset(sq.f.handle.db, sq.datasetId);
    const actor = toActor(sq.f.users['credit-office']!);
    const hash = (await sq.f.as('viewer').runs.get({ runId: other.id })).datasetHash;
    const fewer = versions.filter((v) => v.documentId !== 'sampling');
    const started = await startRun(sq.f.handle.db, actor, { datasetId: sq.datasetId, datasetHash: hash, at: AT, jurisdiction: null, versions: fewer, total: ds.rowCount });
    const { documents } = await runDocuments(sq.f.handle.db, actor, versions);
    await executeSqlEngineRun(sq.f.handle.db, actor, started, sqlRunPlanOf(documents, AT, sq.datasetId)!);
    const afterFewer = await preview('sql');
    expect(afterFewer.baseRun).toBeNull();
    expect(reportText(afterFewer)).toBe(reportText(first));

    // the SQL run of the sq.published set at the date: used, the report unchanged to the byte
    const run = await sq.f.as('credit-office').runs.create({ datasetId: sq.datasetId, at: AT });
    expect(run.engine).toBe('sql');
    await runSettled(run.id);
    const reused = await preview('sql');
    expect(reused.baseRun).toBe(run.id);
    expect(reportText(reused)).toBe(reportText(first));
    // and still the in-memory report's signals
    const mem = await preview('memory');
    expect(reused.triggers).toEqual(mem.triggers);
    expect(reused.earlyWarnings).toEqual(mem.earlyWarnings);
    // another page of the moved enterprises, from the stored base too, is the in-memory engine's
    const page = async (engine: 'sql' | 'memory') => {
      sq.f.deps.services.limits.sqlEngineMinEnterprises = engine === 'sql' ? 50 : COUNT + 1;
      return sq.f.as('credit-office').evaluation.moved({ datasetId: sq.datasetId, at: AT, candidate: { versionIds: [], documents: drafts() }, moved: { offset: 5, limit: 7 } });
    };
    const movedSql = await page('sql');
    expect(movedSql.items.length).toBe(7);
    expect(movedSql).toEqual(await page('memory'));
    // a report at another date does not take it
    const elsewhere = await preview('sql', OTHER_AT);
    expect(elsewhere.baseRun).toBeNull();
  }, 240_000);
});

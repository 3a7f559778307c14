/**
 * The preview's golden cases are the stored cases of the version being previewed (issue 11), not a
 * case file of policies/: a v2 draft whose cases differ from v1's file previews with v2's cases
 * (as a stored version and as an unsaved document from the editor), the published set with v1's.
 * On SQLite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { REPO_ROOT } from '../app.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const AT = '2026-10-31';
const DOC = 'public-credit-class';
// the published version is the newest file of policies/ (v2 beside v1); its draft is v3
const PUBLISHED = 2;
const v1File = JSON.parse(readFileSync(join(REPO_ROOT, 'policies', DOC, `v${PUBLISHED}.cases.json`), 'utf8')) as { cases: { name: string }[] };
const enterprises = (JSON.parse(readFileSync(join(REPO_ROOT, 'policies', 'sampling', 'v1.cases.json'), 'utf8')) as { cases: { enterprise: Record<string, unknown> }[] }).cases.map(
  (c) => c.enterprise,
);
const REMOVED = v1File.cases[0]!.name;
const ADDED_PASSING = 'v2：数据集中的一般失信企业';
const ADDED_FAILING = 'v2：期望有意写错的用例';

describe.each(DIALECTS)('preview golden cases from the stored cases on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId = 0;
  let draft: { id: number; versionNumber: number };
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_preview_cases');
    f = await createFixture(scratch?.url ?? ':memory:');
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: '用例企业', format: 'jsonl', input: enterprises.map((e) => JSON.stringify(e)).join('\n') });
    if (!r.success) throw new Error('dataset import failed');
    datasetId = r.dataset.id;

    // v2: v1's cases minus one, plus one that passes and one whose expectation is wrong
    const co = f.as('credit-office');
    const d = await co.documents.createDraft({ documentId: DOC });
    draft = { id: d.id, versionNumber: d.versionNumber };
    const listed = await co.cases.list({ versionId: d.id });
    await co.cases.remove({ versionId: d.id, caseId: listed.cases.find((c) => c.name === REMOVED)!.id });
    const uscc = String(enterprises[1]!.uscc);
    const looked = await co.cases.lookup({ versionId: d.id, datasetId, uscc, at: AT });
    const grade = String(looked.suggested!.grade);
    await co.cases.add({ versionId: d.id, name: ADDED_PASSING, at: AT, expect: { grade }, from: { datasetId, uscc } });
    await co.cases.add({ versionId: d.id, name: ADDED_FAILING, at: AT, expect: { grade: grade === 'A' ? 'D' : 'A' }, from: { datasetId, uscc } });
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
    await scratch?.drop();
  });

  const namesOf = (golden: readonly { documentId: string; name: string }[]) => golden.filter((g) => g.documentId === DOC).map((g) => g.name);
  const expectV2 = (golden: readonly { documentId: string; name: string; file: string; passed: boolean }[]) => {
    const names = namesOf(golden);
    expect(names).toHaveLength(v1File.cases.length + 1);
    expect(names).toContain(ADDED_PASSING);
    expect(names).toContain(ADDED_FAILING);
    expect(names).not.toContain(REMOVED);
    const mine = golden.filter((g) => g.documentId === DOC);
    expect(new Set(mine.map((g) => g.file))).toEqual(new Set([`${DOC} v${draft.versionNumber}`]));
    expect(mine.filter((g) => !g.passed).map((g) => g.name)).toEqual([ADDED_FAILING]);
  };

  it("previews a stored v2 draft with v2's stored cases, not v1's file", async () => {
    const p = await f.as('reviewer').evaluation.preview({ datasetId, at: AT, candidate: { versionIds: [draft.id], documents: [] }, moved: { offset: 0, limit: 1 } });
    expectV2(p.golden);
    expect(p.warnings.find((w) => w.code === 'golden.failed')?.messageEn).toBe('1 golden case(s) fail');

    const g = await f.as('reviewer').evaluation.golden({ at: AT, candidate: { versionIds: [draft.id], documents: [] } });
    expectV2(g.results);
    expect(g.failed).toBe(1);
  });

  it("previews the editor's unsaved v2 document with v2's stored cases", async () => {
    const content = (await f.as('credit-office').documents.get({ versionId: draft.id })).content;
    const p = await f.as('credit-office').evaluation.preview({ datasetId, at: AT, candidate: { versionIds: [], documents: [content] }, moved: { offset: 0, limit: 1 } });
    expectV2(p.golden);
  });

  it("runs the published set with v1's stored cases, and follows a draft's case edits", async () => {
    const published = await f.as('viewer').evaluation.golden({ at: AT });
    const v1 = published.results.filter((g) => g.documentId === DOC);
    expect(v1.map((g) => g.name)).toEqual(v1File.cases.map((c) => c.name));
    expect(new Set(v1.map((g) => g.file))).toEqual(new Set([`${DOC} v${PUBLISHED}`]));
    expect(published.failed).toBe(0);

    // the cached results of the draft are not reused after its cases change
    const co = f.as('credit-office');
    const failing = (await co.cases.list({ versionId: draft.id })).cases.find((c) => c.name === ADDED_FAILING)!;
    await co.cases.remove({ versionId: draft.id, caseId: failing.id });
    const g = await f.as('reviewer').evaluation.golden({ at: AT, candidate: { versionIds: [draft.id], documents: [] } });
    expect(namesOf(g.results)).not.toContain(ADDED_FAILING);
    expect(g.failed).toBe(0);
  });
});

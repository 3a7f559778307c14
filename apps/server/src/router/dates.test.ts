/** Dates at the API: an impossible date is a BAD_REQUEST naming the field; a stored one is a 422, never a 500. */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, toActor } from '@policy/db';
import { usccCheckChar } from '@policy/schemas';
import { issuesOf } from '../errors.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 60_000);
afterAll(() => f?.handle.destroy());

const BAD = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31'];
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as TRPCError);
/** The input issue of a refusal (the errorFormatter turns it into `输入无效（/at）：…` on the wire). */
const inputIssue = (e: TRPCError | undefined) => (e?.cause as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues[0]!;

describe('date inputs', () => {
  it('refuses impossible dates with BAD_REQUEST naming the field; 29 February of a leap year is a date', async () => {
    const viewer = f.as('viewer');
    for (const at of BAD) {
      const e = await failure(viewer.documents.inForce({ at }));
      expect(e, at).toBeInstanceOf(TRPCError);
      expect(e!.code).toBe('BAD_REQUEST');
      expect(inputIssue(e).path).toEqual(['at']);
      expect(inputIssue(e).message).toMatch(new RegExp(`^日期 ${at} 不是有效日期：.* / date ${at} is not a (real|valid) date`));
    }
    expect(Array.isArray(await viewer.documents.inForce({ at: '2024-02-29' }))).toBe(true);
  });

  it('refuses publish and rollback at an impossible effective date, naming 生效日期', async () => {
    const co = f.as('credit-office');
    const pub = await failure(co.documents.publish({ versionId: 1, effectiveFrom: '2026-02-30' }));
    expect(pub?.code).toBe('BAD_REQUEST');
    expect(inputIssue(pub).path).toEqual(['effectiveFrom']);
    expect(inputIssue(pub).message).toContain('生效日期 2026-02-30 不是有效日期');
    const rb = await failure(co.documents.createRollbackDraft({ documentId: 'sampling', toVersion: 1, effectiveFrom: '2026-04-31' }));
    expect(rb?.code).toBe('BAD_REQUEST');
    expect(inputIssue(rb).message).toContain('生效日期 2026-04-31 不是有效日期：2026 年 4 月只有 30 天');
  });

  it('validate reports an impossible effectiveFrom in the document body', async () => {
    const viewer = f.as('viewer');
    const sampling = (await viewer.documents.inForce({ at: '2026-10-31' })).find((v) => v.documentId === 'sampling')!;
    const doc = { ...(sampling.content as Record<string, unknown>), effectiveFrom: '2026-02-31' };
    const r = (await viewer.documents.validate({ content: doc })) as { issues: { path: string; message: string }[] };
    expect(r.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/effectiveFrom', message: expect.stringContaining('生效日期 2026-02-31 不是有效日期') })]));
  });

  it('refuses previews and draws at an impossible date (a BAD_REQUEST, not a 500)', async () => {
    const preview = await failure(f.as('viewer').evaluation.preview({ datasetId: 1, at: '2026-02-30' }));
    expect(preview?.code).toBe('BAD_REQUEST');
    const draw = await failure(
      f.as('credit-office').draws.create({ department: 'market-regulation', round: '2026-Q1', datasetId: 1, at: '2026-13-01' }),
    );
    expect(draw?.code).toBe('BAD_REQUEST');
  });
});

describe('a dataset stored before dates were checked', () => {
  it('answers a preview with 422 naming the row and field instead of a 500', async () => {
    const office = toActor(f.users['credit-office']!);
    const first17 = '91350100000000001';
    const uscc = first17 + usccCheckChar(first17)!;
    const r = await importDataset(f.handle.db, office, {
      name: '日期校验之前',
      format: 'jsonl',
      input: JSON.stringify({ uscc, name: '甲', industryCode: 'C1391', status: 'active', records: [{ id: 'r', kind: 'penalty.fine', date: '2026-03-01' }] }),
    });
    if (!r.success) throw new Error('import failed');
    const chunk = await f.handle.db.selectFrom('dataset_chunks').select(['payload']).where('dataset_id', '=', r.dataset.id).executeTakeFirstOrThrow();
    await f.handle.db.updateTable('dataset_chunks').set({ payload: chunk.payload.replace('2026-03-01', '2026-02-30') }).where('dataset_id', '=', r.dataset.id).execute();

    const e = await failure(f.as('viewer').evaluation.preview({ datasetId: r.dataset.id, at: '2026-10-31' }));
    expect(e).toBeInstanceOf(TRPCError);
    expect(e!.code).toBe('UNPROCESSABLE_CONTENT');
    expect(e!.message).toContain('第 1 行的决定日期 2026-02-30');
    expect(issuesOf(e!.cause)?.[0]).toMatchObject({ path: '/rows/1/records/0/date' });
  });
});

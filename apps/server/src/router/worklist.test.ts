import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '@policy/schemas';
import { todayIso } from '../firm-access.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 60_000);
afterAll(() => f?.handle.destroy());

const FUTURE = '2099-01-01';
const DAY = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
type Items = { content: { items: { code: string; name: string; changes: { date: string; type: string; reportedAt?: string }[] }[] }; effectiveFrom: string };

describe('worklist: what needs me', () => {
  it('takes a version from "reviews waiting" to "returned to me" with the reviewer’s display name and opinion, then out again on resubmission', async () => {
    const editor = f.as('market-regulation');
    const draft = await editor.documents.createDraft({ documentId: 'supervision-items-market-regulation' });
    const v = await editor.documents.get({ versionId: draft.id });
    const content = structuredClone(v.content) as Items;
    content.effectiveFrom = FUTURE;
    const saved = await editor.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content });
    await editor.documents.submit({ versionId: draft.id, revision: saved.revision });

    const waiting = (await f.as('reviewer').worklist.home()).reviews.find((r) => r.documentId === 'supervision-items-market-regulation');
    expect(waiting).toMatchObject({ versionNumber: draft.versionNumber, authorName: '市场监管局编辑' });
    expect(waiting!.title).not.toBe('supervision-items-market-regulation');
    expect((await editor.worklist.home()).reviews).toEqual([]);

    const { draft: next } = await f.as('reviewer').documents.reject({ versionId: draft.id, comment: 'SCJG-001 的设定依据请写明条款' });
    expect((await f.as('reviewer').worklist.home()).reviews.map((r) => r.documentId)).not.toContain('supervision-items-market-regulation');
    const mine = await editor.worklist.home();
    expect(mine.returned).toEqual([
      expect.objectContaining({
        documentId: 'supervision-items-market-regulation',
        versionId: next.id,
        versionNumber: next.versionNumber,
        rejectedVersionNumber: draft.versionNumber,
        reviewerName: '审核人',
        comment: 'SCJG-001 的设定依据请写明条款',
      }),
    ]);
    // the same returned draft for whoever reads it (a reviewer's review list), not in another author's queue
    expect((await f.as('reviewer').worklist.returned({})).map((r) => r.versionId)).toEqual([next.id]);
    expect((await f.as('reviewer').worklist.home()).returned).toEqual([]);
    expect(await editor.worklist.returned({ documentId: 'sampling' })).toEqual([]);

    // saving keeps it returned; submitting again ends it
    const n = await editor.documents.get({ versionId: next.id });
    const again = await editor.documents.saveDraft({ versionId: next.id, revision: n.revision, content: n.content });
    expect((await editor.worklist.home()).returned).toHaveLength(1);
    await editor.documents.submit({ versionId: next.id, revision: again.revision });
    expect((await editor.worklist.home()).returned).toEqual([]);
    await f.as('reviewer').documents.reject({ versionId: next.id, comment: '再改' });
  });

  it('lists unreported item changes whose 10-working-day deadline is near or past for the department editor only', async () => {
    const today = todayIso();
    const editor = f.as('transport');
    const draft = await editor.documents.createDraft({ documentId: 'supervision-items-transport' });
    const v = await editor.documents.get({ versionId: draft.id });
    const content = structuredClone(v.content) as Items;
    const [a, b, c] = content.content.items as [Items['content']['items'][number], Items['content']['items'][number], Items['content']['items'][number]];
    a.changes.push({ date: shift(today, -40), type: 'changed' }); // long past the deadline
    b.changes.push({ date: today, type: 'added' }); // 10 working days ahead: not near
    c.changes.push({ date: shift(today, -40), type: 'changed', reportedAt: shift(today, -39) }); // reported
    await editor.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content });
    const home = await editor.worklist.home();
    expect(home.deadlines.map((d) => [d.itemCode, d.itemName, d.changeType])).toEqual([[a.code, a.name, 'changed']]);
    expect(home.deadlines[0]!.deadline).toBe(addWorkingDays(shift(today, -40), 10));
    expect(home.deadlines[0]!.workingDaysLeft).toBeLessThan(0);
    expect(home.deadlines[0]!.draft).toBe(true);
    expect((await f.as('market-regulation').worklist.home()).deadlines).toEqual([]);
    expect((await f.as('credit-office').worklist.home()).deadlines).toEqual([]);
  });

  it('shows the credit office approved versions waiting to be published, and everyone the releases of the next 30 days', async () => {
    const today = todayIso();
    const soon = shift(today, 12);
    const editor = f.as('housing-construction');
    const draft = await editor.documents.createDraft({ documentId: 'supervision-items-housing-construction' });
    const content = structuredClone((await editor.documents.get({ versionId: draft.id })).content) as Items;
    content.effectiveFrom = soon;
    const saved = await editor.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content });
    await editor.documents.submit({ versionId: draft.id, revision: saved.revision });
    await f.as('reviewer').documents.approve({ versionId: draft.id, comment: '同意' });
    const office = await f.as('credit-office').worklist.home();
    expect(office.approved).toEqual([
      expect.objectContaining({ documentId: 'supervision-items-housing-construction', versionNumber: draft.versionNumber, effectiveFrom: soon, authorName: '住建局编辑' }),
    ]);
    expect((await f.as('reviewer').worklist.home()).approved).toEqual([]);
    await f.as('credit-office').documents.publish({ versionId: draft.id, effectiveFrom: soon });
    expect((await f.as('credit-office').worklist.home()).approved).toEqual([]);
    for (const u of ['viewer', 'transport', 'reviewer', 'credit-office']) {
      const up = (await f.as(u).worklist.home()).upcoming;
      expect(up, u).toEqual([expect.objectContaining({ documentId: 'supervision-items-housing-construction', effectiveFrom: soon, days: 12 })]);
    }
  });
});

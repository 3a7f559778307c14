/**
 * 起草说明 through the API (issue 15): the author stores the note with the draft and submits; reviewers
 * and viewers read it (with the author's display name), the history lists it; the author may still
 * correct it in review, reviewers may not write it; once approved and published it is refused; a
 * department's unreleased version's note is hidden from another department; too long → a Chinese
 * BAD_REQUEST.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOf } from '../errors.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 60_000);
afterAll(() => f?.handle.destroy());

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: string | undefined; message: string }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return { code: e.code, reason: reasonOf(e.cause), message: e.message };
}

const NOTE = '一、修改内容\n（一）新增事项“食品经营许可检查”。\n\n四、起草理由\n落实年度计划。';

describe('notes', () => {
  it('stores the note with the draft, shows it to reviewers and viewers and in the history, and freezes it after approval and publication', async () => {
    const author = f.as('market-regulation');
    const draft = await author.documents.createDraft({ documentId: 'industry-model-food-safety' });
    expect((await author.notes.get({ versionId: draft.id })).note).toBeNull();
    const saved = await author.notes.save({ versionId: draft.id, text: NOTE, revision: 0 });
    expect(saved).toMatchObject({ text: NOTE, revision: 1, updatedByName: '市场监管局编辑' });
    // another department does not see an unreleased version's note
    expect(await refusal(f.as('transport').notes.get({ versionId: draft.id }))).toMatchObject({ code: 'FORBIDDEN' });
    await author.documents.submit({ versionId: draft.id });

    const reviewer = f.as('reviewer');
    expect((await reviewer.notes.get({ versionId: draft.id })).note).toMatchObject({ text: NOTE, updatedByName: '市场监管局编辑' });
    expect(await refusal(reviewer.notes.save({ versionId: draft.id, text: '审核人改写', revision: 1 }))).toMatchObject({ code: 'FORBIDDEN' });
    // the author corrects it while in review, before any decision
    const corrected = await author.notes.save({ versionId: draft.id, text: `${NOTE}\n（补充依据）`, revision: 1 });
    expect(corrected.revision).toBe(2);

    await reviewer.documents.approve({ versionId: draft.id, comment: '同意' });
    const frozen = await refusal(author.notes.save({ versionId: draft.id, text: '改', revision: 2 }));
    expect(frozen).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'wrong-status' });
    expect(frozen.message).toContain('起草说明不能再修改');
    const office = f.as('credit-office');
    const v = await office.documents.get({ versionId: draft.id });
    await office.documents.publish({ versionId: draft.id, effectiveFrom: v.effectiveFrom! });
    expect(await refusal(office.notes.save({ versionId: draft.id, text: '改', revision: 2 }))).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'wrong-status' });

    // published: everyone reads it, in the history too
    expect((await f.as('viewer').notes.get({ versionId: draft.id })).note?.text).toBe(`${NOTE}\n（补充依据）`);
    const listed = await f.as('transport').notes.ofDocument({ documentId: 'industry-model-food-safety' });
    expect(listed.map((n) => [n.versionId, n.revision])).toEqual([[draft.id, 2]]);
  });

  it('refuses a note over the limit with a Chinese message, a stale revision with the stored text, and viewers', async () => {
    const office = f.as('credit-office');
    const draft = await office.documents.createDraft({ documentId: 'public-credit-class' });
    const { maxChars } = await office.notes.get({ versionId: draft.id });
    const long = await refusal(office.notes.save({ versionId: draft.id, text: '长'.repeat(maxChars + 1), revision: 0 }));
    expect(long).toMatchObject({ code: 'BAD_REQUEST' });
    expect(long.message).toContain(`起草说明不能超过 ${maxChars} 字`);
    await office.notes.save({ versionId: draft.id, text: '第一稿', revision: 0 });
    expect(await refusal(office.notes.save({ versionId: draft.id, text: '另一稿', revision: 0 }))).toMatchObject({ code: 'CONFLICT', reason: 'stale-revision' });
    expect(await refusal(f.as('viewer').notes.save({ versionId: draft.id, text: '只读', revision: 1 }))).toMatchObject({ code: 'FORBIDDEN' });
    await office.documents.discardDraft({ versionId: draft.id });
  });
});

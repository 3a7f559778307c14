/**
 * Unfinished work (issue 15): documents.saveDraft keeps a draft with errors and says how many it has
 * (submit still refuses it); documents.discardDraft lets the draft's author or the credit office
 * discard an unsubmitted draft, nobody else.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../context.ts';
import { reasonOf } from '../errors.ts';
import { createCaller, createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 60_000);
afterAll(() => f?.handle.destroy());

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: string | undefined }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return { code: e.code, reason: reasonOf(e.cause) };
}

describe('documents.saveDraft with errors', () => {
  it('saves an invalid draft with its errors counted, and refuses to submit it until fixed', async () => {
    const ed = f.as('market-regulation');
    const draft = await ed.documents.createDraft({ documentId: 'supervision-items-market-regulation' });
    const v = await ed.documents.get({ versionId: draft.id });
    const content = structuredClone(v.content) as { content: { items: { code: string; name: string }[] } };
    content.content.items[1]!.code = content.content.items[0]!.code; // duplicate item code
    content.content.items[2]!.name = ''; // empty name
    const saved = await ed.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content });
    expect(saved.revision).toBe(draft.revision + 1);
    // schema errors first (the semantic checks run once the structure is right)
    expect(saved.errors).toBe(1);
    expect(saved.issues.map((i) => i.path)).toEqual(['/content/items/2/name']);
    // the work is kept
    const stored = (await ed.documents.get({ versionId: draft.id })).content as typeof content;
    expect(stored.content.items[2]!.name).toBe('');
    expect(await refusal(ed.documents.submit({ versionId: draft.id, revision: saved.revision }))).toMatchObject({ code: 'BAD_REQUEST' });
    content.content.items[2]!.name = '名称';
    const semantic = await ed.documents.saveDraft({ versionId: draft.id, revision: saved.revision, content });
    expect(semantic.issues.map((i) => i.path)).toContain('/content/items/1/code');
    // fixed: no errors, submitted
    const fixed = await ed.documents.saveDraft({ versionId: draft.id, revision: semantic.revision, content: v.content });
    expect(fixed.errors).toBe(0);
    expect((await ed.documents.submit({ versionId: draft.id, revision: fixed.revision })).status).toBe('in-review');
  });
});

describe('documents.discardDraft', () => {
  it('lets the author and the credit office discard a draft; not another editor, another department, a reviewer or a viewer', async () => {
    const author = f.as('market-regulation');
    const created = await f.as('credit-office').auth.createUser({
      username: 'market-2',
      displayName: '市场监管局编辑二',
      role: 'department-editor',
      department: 'market-regulation',
      password: 'initial-pass-2',
    });
    const colleague = createCaller(contextFor(f.deps, { ...created, mustChangePassword: false }));

    const draft = await author.documents.createDraft({ documentId: 'industry-model-food-safety' });
    for (const [who, caller, expected] of [
      ['colleague', colleague, { code: 'FORBIDDEN', reason: 'not-author' }],
      ['transport', f.as('transport'), { code: 'FORBIDDEN' }],
      ['reviewer', f.as('reviewer'), { code: 'FORBIDDEN' }],
      ['viewer', f.as('viewer'), { code: 'FORBIDDEN' }],
    ] as const) {
      expect([who, await refusal(caller.documents.discardDraft({ versionId: draft.id }))]).toEqual([who, expect.objectContaining(expected)]);
    }
    expect(await author.documents.discardDraft({ versionId: draft.id, reason: '重新起草' })).toMatchObject({
      documentId: 'industry-model-food-safety',
      versionNumber: draft.versionNumber,
      documentRemoved: false,
    });
    expect(await refusal(author.documents.discardDraft({ versionId: draft.id }))).toEqual({ code: 'NOT_FOUND', reason: 'not-found' });

    // the credit office discards a department's draft; the next draft gets a new number
    const again = await author.documents.createDraft({ documentId: 'industry-model-food-safety' });
    expect(again.versionNumber).toBe(draft.versionNumber + 1);
    await f.as('credit-office').documents.discardDraft({ versionId: again.id });
    // a submitted version is not discarded
    const third = await author.documents.createDraft({ documentId: 'industry-model-food-safety' });
    await author.documents.submit({ versionId: third.id });
    expect(await refusal(author.documents.discardDraft({ versionId: third.id }))).toEqual({ code: 'PRECONDITION_FAILED', reason: 'wrong-status' });
  });
});

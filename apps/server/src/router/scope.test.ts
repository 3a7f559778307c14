/**
 * Scoping by content (issue 11): a department's documents name only that department and the domains
 * the domain assignment in force gives it; the server refuses to create, save, submit or publish
 * anything else, and the editor's validation shows why. On SQLite and PostgreSQL.
 */
import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { issuesOf } from '../errors.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

const LATER = '2099-06-01';

/** The code and the issue pointers of a refusal. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; issues: string[] }> {
  const e = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (x: unknown) => x as TRPCError,
  );
  return { code: e.code, issues: (issuesOf(e.cause) ?? []).map((i) => `${i.code} ${i.path}`) };
}

describe.each(DIALECTS)('scoping by content on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_scope');
    f = await createFixture(scratch?.url ?? ':memory:');
  }, 120_000);
  afterAll(async () => {
    await f?.handle.destroy();
    await scratch?.drop();
  });

  const content = async (documentId: string) => {
    const list = await f.as('credit-office').documents.list({});
    const doc = list.find((d) => d.id === documentId)!;
    return structuredClone((await f.as('credit-office').documents.get({ versionId: doc.published!.id })).content) as Record<string, any>;
  };

  /** Approves with as many reviewers as the version needs. */
  async function approveAll(versionId: number) {
    for (const who of ['reviewer', 'reviewer-2']) {
      const v = await f.as(who).documents.get({ versionId });
      if (v.status !== 'in-review') return;
      await f.as(who).documents.approve({ versionId, comment: '同意' });
    }
  }

  /** Creates, submits, approves and publishes a credit-office draft of the domain assignment. */
  async function publishAssignment(edit: (c: Record<string, any>) => void, effectiveFrom: string) {
    const co = f.as('credit-office');
    const newest = Math.max(...(await co.documents.history({ documentId: 'domain-assignment' })).map((h) => h.versionNumber));
    const draft = await co.documents.createDraft({ documentId: 'domain-assignment', basedOnVersion: newest });
    const c = structuredClone((await co.documents.get({ versionId: draft.id })).content) as Record<string, any>;
    edit(c.content);
    c.effectiveFrom = effectiveFrom;
    const saved = await co.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: c });
    await co.documents.submit({ versionId: draft.id, revision: saved.revision });
    await approveAll(draft.id);
    await co.documents.publish({ versionId: draft.id, effectiveFrom });
  }

  it('refuses the new transport model of market regulation (the report of issue 11) and shows why in validation', async () => {
    const ed = f.as('market-regulation');
    const model = await content('industry-model-food-safety');
    const transport = { ...model, effectiveFrom: LATER, content: { ...model.content, domain: 'transport', department: 'transport' } };
    const r = await refusal(
      ed.documents.createDraft({ newDocument: { id: 'industry-model-transport', kind: 'industry-model', title: '交通运输信用评价模型' }, content: transport }),
    );
    expect(r).toEqual({ code: 'BAD_REQUEST', issues: ['scope.foreign-department /content/department', 'scope.domain-not-assigned /content/domain'] });
    expect((await ed.documents.list({})).map((d) => d.id)).not.toContain('industry-model-transport');

    // what the editor shows while typing: the same issues, in Chinese naming the department and domain
    const v = await ed.documents.validate({ content: { ...transport, id: 'industry-model-transport', owner: 'market-regulation' } });
    expect(v.valid).toBe(false);
    const scope = v.issues.filter((i) => i.code.startsWith('scope.'));
    expect(scope.map((i) => i.path)).toEqual(['/content/department', '/content/domain']);
    expect(scope[1]!.message).toContain('交通运输（transport） 未分配给市场监管局（market-regulation）');

    // a model of its own department and domain is fine
    const own = { ...model, effectiveFrom: LATER, content: { ...model.content, domain: 'market-entities' } };
    await ed.documents.createDraft({ newDocument: { id: 'industry-model-market-entities', kind: 'industry-model', title: '一般行业信用评价模型' }, content: own });
  });

  it('refuses to save an industry model or a supervision-items list naming another department or an unassigned domain', async () => {
    const ed = f.as('market-regulation');
    const draft = await ed.documents.createDraft({ documentId: 'industry-model-food-safety' });
    const model = structuredClone((await ed.documents.get({ versionId: draft.id })).content) as Record<string, any>;
    model.effectiveFrom = LATER;
    expect(await refusal(ed.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: { ...model, content: { ...model.content, domain: 'property-management' } } }))).toEqual({
      code: 'BAD_REQUEST',
      issues: ['scope.domain-not-assigned /content/domain'],
    });
    // the content's own owner field changes nothing: the stored owner decides
    const forged = { ...model, owner: 'transport', content: { ...model.content, domain: 'transport', department: 'transport' } };
    expect((await refusal(ed.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: forged }))).issues).toEqual([
      'scope.foreign-department /content/department',
      'scope.domain-not-assigned /content/domain',
    ]);
    expect((await ed.documents.get({ versionId: draft.id })).revision).toBe(draft.revision);

    const items = await ed.documents.createDraft({ documentId: 'supervision-items-market-regulation' });
    const list = structuredClone((await ed.documents.get({ versionId: items.id })).content) as Record<string, any>;
    list.effectiveFrom = LATER;
    const otherDomain = structuredClone(list);
    otherDomain.content.items[3].domain = 'transport';
    expect((await refusal(ed.documents.saveDraft({ versionId: items.id, revision: items.revision, content: otherDomain }))).issues).toEqual([
      'scope.domain-not-assigned /content/items/3/domain',
    ]);
    const otherDepartment = { ...list, content: { ...list.content, department: 'transport' } };
    expect((await refusal(ed.documents.saveDraft({ versionId: items.id, revision: items.revision, content: otherDepartment }))).issues).toEqual([
      'scope.foreign-department /content/department',
    ]);
    // in scope: saved
    await ed.documents.saveDraft({ versionId: items.id, revision: items.revision, content: list });
  });

  it('refuses to submit and to publish once the assignment in force no longer gives the department the domain', async () => {
    const ed = f.as('market-regulation');
    const co = f.as('credit-office');
    // the credit office gives market regulation a new domain (from 2099-01-01) …
    await publishAssignment((c) => {
      c.domains.push({ id: 'cosmetics', name: { zh: '化妆品' }, departments: ['market-regulation'], match: { industryPrefixes: [] } });
    }, '2099-01-01');

    // … market regulation writes a model and a list for it, in force from 2099-06-01
    const model = await content('industry-model-food-safety');
    const cosmeticsModel = { ...model, effectiveFrom: LATER, content: { ...model.content, domain: 'cosmetics' } };
    const m = await ed.documents.createDraft({ newDocument: { id: 'industry-model-cosmetics', kind: 'industry-model', title: '化妆品信用评价模型' }, content: cosmeticsModel });
    await ed.documents.submit({ versionId: m.id });
    await approveAll(m.id);
    expect((await ed.documents.get({ versionId: m.id })).status).toBe('approved');

    const items = (await ed.documents.list({})).find((d) => d.id === 'supervision-items-market-regulation')!;
    const open = items.latest!;
    const c = structuredClone((await ed.documents.get({ versionId: open.id })).content) as Record<string, any>;
    c.effectiveFrom = LATER;
    c.content.items[0].domain = 'cosmetics';
    const saved = await ed.documents.saveDraft({ versionId: open.id, revision: open.revision, content: c });

    // … then moves the domain to the health commission from 2099-03-01
    await publishAssignment((a) => {
      a.domains.find((d: { id: string }) => d.id === 'cosmetics').departments = ['health-commission'];
    }, '2099-03-01');

    expect(await refusal(ed.documents.submit({ versionId: open.id, revision: saved.revision }))).toEqual({
      code: 'BAD_REQUEST',
      issues: ['scope.domain-not-assigned /content/items/0/domain'],
    });
    expect((await ed.documents.get({ versionId: open.id })).status).toBe('draft');
    expect(await refusal(co.documents.publish({ versionId: m.id, effectiveFrom: LATER }))).toEqual({
      code: 'BAD_REQUEST',
      issues: ['scope.domain-not-assigned /content/domain'],
    });
    expect((await co.documents.get({ versionId: m.id })).status).toBe('approved');
  });

  it('does not restrict the credit office\'s documents', async () => {
    const co = f.as('credit-office');
    const draft = await co.documents.createDraft({ documentId: 'sampling' });
    const c = structuredClone((await co.documents.get({ versionId: draft.id })).content) as Record<string, any>;
    c.effectiveFrom = LATER;
    c.content.exceptions.push({ domain: 'transport', grade: 'D', ratioPercent: 90, frequencyPerYear: 4 });
    const saved = await co.documents.saveDraft({ versionId: draft.id, revision: draft.revision, content: c });
    await co.documents.submit({ versionId: draft.id, revision: saved.revision });
  });
});

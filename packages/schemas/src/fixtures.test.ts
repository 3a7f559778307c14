import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './documents.ts';
import { bundleFixture, industryModelFixture, seedDocument, seedDocuments } from './fixtures.ts';
import { DEFAULT_POLICIES_DIR, loadPolicyDocuments, policyBundleAt, readPolicyFiles } from './node/index.ts';
import { validateBundle } from './validate.ts';

describe('one source for the default documents', () => {
  it('seedDocuments() are the files of policies/, the newest version of every one of them', () => {
    const newest = new Map<string, { id: string; version: number }>();
    for (const f of readPolicyFiles([DEFAULT_POLICIES_DIR])) {
      const d = JSON.parse(f.text) as { id: string; version: number };
      if ((newest.get(d.id)?.version ?? 0) < d.version) newest.set(d.id, d);
    }
    const onDisk = [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
    expect(onDisk.length).toBeGreaterThanOrEqual(5);
    expect(seedDocuments()).toEqual(onDisk);
  });

  it('hands out fresh copies', () => {
    const a = seedDocument('sampling');
    a.title = 'changed';
    expect(seedDocument('sampling').title).not.toBe('changed');
    expect(() => seedDocument('nope')).toThrow(/nope/);
  });

  it('fixtures carry the id, kind, owner and title of the seed document', () => {
    for (const f of bundleFixture()) {
      const seed = seedDocument(f.id);
      expect({ id: f.id, kind: f.kind, owner: f.owner, title: f.title }).toEqual({ id: seed.id, kind: seed.kind, owner: seed.owner, title: seed.title });
    }
  });

  it('the food-model fixture reads only indicator keys the seed food model reads', () => {
    const keysOf = (doc: { content: { indicators: readonly { source: { from: string; key?: string } }[] } }) =>
      doc.content.indicators.flatMap((i) => (i.source.from === 'indicator' && i.source.key ? [i.source.key] : []));
    const seed = seedDocument('industry-model-food-safety') as unknown as Parameters<typeof keysOf>[0];
    const used = keysOf(industryModelFixture());
    expect(used.length).toBeGreaterThan(0);
    for (const k of used) expect(keysOf(seed)).toContain(k);
  });

  it('loads, validates and picks the bundle in force from disk', () => {
    const docs = loadPolicyDocuments();
    expect([...new Set(docs.map((d) => d.id))].sort()).toEqual(seedDocuments().map((d) => d.id).sort());
    const bundle = policyBundleAt('2026-10-31');
    expect(bundle.documents.map((d: PolicyDocument) => d.id).sort()).toEqual([...new Set(docs.map((d) => d.id))].sort());
    expect(validateBundle(bundle.documents).filter((i) => i.severity === 'error')).toEqual([]);
    expect(policyBundleAt('2000-01-01').documents).toEqual([]);
  });
});

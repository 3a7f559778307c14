import { describe, expect, it } from 'vitest';
import { generatePopulation } from '@policy/evaluation';
import { bundleFixture, scoreGradingFixture } from '@policy/schemas/fixtures';
import { createPreviewEngine } from './preview-core.ts';

const records = generatePopulation({ count: 2_000, seed: 7 });
const published = bundleFixture();
const AT = '2026-10-31';

type Bands = {
  content: {
    decision: {
      bands: {
        id: string;
        min?: { value: number; inclusive: boolean };
        max?: { value: number; inclusive: boolean };
      }[];
    };
  };
};

describe('live preview engine', () => {
  const engine = createPreviewEngine(records, published, AT);

  it('moves nobody for the published document itself', () => {
    const score = published.find((d) => d.id === scoreGradingFixture().id)!;
    const r = engine.evaluate(score);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.n).toBe(2_000);
    expect(r.movedTotal).toBe(0);
    for (const d of r.documents) expect(d.after).toEqual(d.before);
  });

  it('moves enterprises across a lowered threshold, counts adding up', () => {
    const draft = structuredClone(
      published.find((d) => d.id === scoreGradingFixture().id)!,
    ) as unknown as Bands;
    const bands = draft.content.decision.bands;
    // lower the highest band's lower bound and the next band's upper bound together (no gap)
    const top = bands.find((b) => b.max?.value === 100 && b.min)!;
    const next = bands.find((b) => b.max?.value === top.min!.value)!;
    top.min!.value -= 10;
    next.max!.value -= 10;
    const r = engine.evaluate(draft);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.documents.find((x) => x.id === scoreGradingFixture().id)!;
    expect(r.movedTotal).toBeGreaterThan(0);
    expect(d.moved).toBe(r.movedTotal);
    expect(d.after.reduce((a, b) => a + b, 0)).toBe(d.before.reduce((a, b) => a + b, 0));
    expect(r.examples.length).toBeGreaterThan(0);
  });

  it('reports an invalid draft with its issues instead of a distribution', () => {
    const draft = structuredClone(
      published.find((d) => d.id === scoreGradingFixture().id)!,
    ) as unknown as Bands;
    draft.content.decision.bands[0]!.min = { value: 150, inclusive: true };
    const r = engine.evaluate(draft);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('invalid');
    expect(r.issues.some((i) => i.path.startsWith('/content/decision/bands'))).toBe(true);
  });
});

/**
 * A population decoded from stored columns, handed to the main thread (population-pack.ts): its
 * USCCs and names are split ahead a piece per turn of the event loop — but not while the evaluation
 * worker evaluates (`waitWhile`): on two cores the split would take CPU from the first evaluation.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPopulation, decodePopulationColumns, encodePopulationColumns, generatePopulation } from '@policy/evaluation';
import { shareColumnsPopulation, unpackPopulation } from './population-pack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('unpacking a population decoded from its columns', () => {
  const pop = buildPopulation(generatePopulation({ count: 6000, seed: 'pack', at: '2026-10-31' }));
  const decoded = decodePopulationColumns([encodePopulationColumns(pop)], { alloc: (n) => new SharedArrayBuffer(n), lazyStringsOver: 2000 });
  afterEach(() => vi.restoreAllMocks());

  it('splits USCCs and names ahead (their text decoded) only once waitWhile no longer holds, the same strings', async () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    let evaluating = true;
    const out = await unpackPopulation(shareColumnsPopulation(decoded), { waitWhile: () => evaluating });
    await sleep(300);
    expect(decode).not.toHaveBeenCalled();
    evaluating = false;
    for (let k = 0; k < 100 && decode.mock.calls.length < 2; k++) await sleep(50);
    // both columns' text decoded by the split ahead, before anything read them
    expect(decode).toHaveBeenCalledTimes(2);
    expect(out.uscc).toEqual(pop.uscc);
    expect(out.name).toEqual(pop.name);
  });

  it('without waitWhile splits them ahead at once; a read meanwhile gives the whole column', async () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const out = await unpackPopulation(shareColumnsPopulation(decoded));
    expect(out.name).toEqual(pop.name);
    for (let k = 0; k < 100 && decode.mock.calls.length < 2; k++) await sleep(50);
    expect(decode).toHaveBeenCalledTimes(2);
    expect(out.uscc).toEqual(pop.uscc);
  });
});

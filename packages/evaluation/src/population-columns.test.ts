/**
 * Population columns as bytes (population-columns.ts): decoded exactly as built from the records,
 * whole or in pieces; a truncated or corrupted stream is refused, never decoded into other values.
 */
import { describe, expect, it } from 'vitest';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import type { Population } from './population.ts';
import { decodePopulationColumns, encodePopulationColumns, PopulationColumnsError } from './population-columns.ts';

function expectSame(a: Population, b: Population): void {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [k, v] of Object.entries(a)) {
    const w = (b as unknown as Record<string, unknown>)[k];
    if (ArrayBuffer.isView(v)) {
      expect(w?.constructor, k).toBe(v.constructor);
      expect(Array.from(w as ArrayLike<number>), k).toEqual(Array.from(v as unknown as ArrayLike<number>));
    } else if (v instanceof Map) {
      expect([...(w as Map<string, unknown>).keys()]).toEqual([...v.keys()]);
      for (const [key, col] of v) {
        const other = (w as Map<string, typeof col>).get(key)!;
        expect(other.dict).toEqual(col.dict);
        expect(Array.from(other.values)).toEqual(Array.from(col.values));
        expect(Array.from(other.types)).toEqual(Array.from(col.types));
      }
    } else expect(w, k).toEqual(v);
  }
}

describe('population columns', () => {
  const records = generatePopulation({ count: 3000, seed: 7, at: '2026-10-31' });
  const pop = buildPopulation(records);

  it('decodes to the very columns built from the records, whole or in pieces', () => {
    const bytes = encodePopulationColumns(pop);
    expectSame(pop, decodePopulationColumns([bytes]));
    const cut = [bytes.slice(0, 1001), bytes.slice(1001, 50_003), bytes.slice(50_003)];
    expectSame(pop, decodePopulationColumns(cut, { alloc: (n) => new SharedArrayBuffer(n) }));
  });

  it('keeps names with unpaired surrogates, NUL and emoji exactly', () => {
    const odd = records.slice(0, 5).map((r, i) => ({ ...r, name: ['甲\u0000乙', '\uD800孤', '😀企业', '', 'x\uDC00'][i]! }));
    const p = buildPopulation(odd);
    expectSame(p, decodePopulationColumns([encodePopulationColumns(p)]));
  });

  it('refuses a truncated or corrupted stream', () => {
    const bytes = encodePopulationColumns(pop);
    expect(() => decodePopulationColumns([bytes.subarray(0, bytes.length - 8)])).toThrow(PopulationColumnsError);
    expect(() => decodePopulationColumns([bytes.subarray(0, 10)])).toThrow(/truncated/);
    const flipped = bytes.slice();
    flipped[Math.floor(flipped.length * 0.6)]! ^= 0x10;
    expect(() => decodePopulationColumns([flipped])).toThrow(/checksum/);
    const foreign = bytes.slice();
    foreign[0] = 0;
    expect(() => decodePopulationColumns([foreign])).toThrow(PopulationColumnsError);
    expect(() => decodePopulationColumns([])).toThrow(PopulationColumnsError);
  });
});

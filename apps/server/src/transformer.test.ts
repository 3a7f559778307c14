import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isPlainJson, serialize, transformer } from './transformer.ts';

describe('isPlainJson', () => {
  it('accepts what JSON carries unchanged', () => {
    expect(isPlainJson({ a: [1, 'x', true, null, { b: -2.5 }], c: { d: [] } })).toBe(true);
    expect(isPlainJson({ dropped: undefined, kept: 1 })).toBe(true);
    expect(isPlainJson(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(true);
  });

  it('refuses what superjson has to annotate', () => {
    for (const v of [new Date(0), new Map(), new Set(), 10n, NaN, Infinity, -0, [1, undefined], /x/, new (class A {})(), { at: new Date(0) }, [[[new Map()]]]]) {
      expect(isPlainJson(v), String(v)).toBe(false);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(isPlainJson(cyclic)).toBe(false);
  });
});

describe('serialize', () => {
  it('round-trips through the client superjson.deserialize, fast path or not', () => {
    const plain = { grades: ['A', 'B'], counts: [[1, 2], [3, 4]], label: { zh: '甲', en: 'a' } };
    expect(serialize(plain)).toEqual({ json: plain });
    expect(superjson.deserialize(serialize(plain))).toEqual(plain);
    const special = { at: new Date('2026-10-31T00:00:00Z'), ids: new Set(['x']), n: NaN };
    expect(serialize(special)).toEqual(superjson.serialize(special));
    expect(superjson.deserialize(serialize(special))).toEqual(special);
  });

  it('reads superjson input as sent by the client', () => {
    const input = { since: new Date('2026-01-01T00:00:00Z'), ids: [1, 2] };
    expect(transformer.deserialize(superjson.serialize(input))).toEqual(input);
  });
});

/**
 * Joining populations built from consecutive parts of a dataset (e.g. in two worker threads) into
 * the population one builder would have built from all the records in that order: the same columns,
 * and the same string tables in the same order (each value where it first appears), every interned
 * code remapped accordingly.
 */
import { INDICATOR_MISSING, INDICATOR_STRING } from './population.ts';
import type { IndicatorColumn, Population } from './population.ts';

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
type TypedCtor<T extends Typed> = new (n: number) => T;

/** A string table being joined: the first part's values, then each later part's new ones in its order. */
class Table {
  readonly values: string[];
  private readonly index = new Map<string, number>();
  constructor(first: readonly string[]) {
    this.values = [...first];
    first.forEach((v, k) => {
      if (!this.index.has(v)) this.index.set(v, k);
    });
  }
  /** For a later part's table: its index k → the joined table's index. */
  remap(part: readonly string[]): Uint32Array {
    const map = new Uint32Array(part.length);
    part.forEach((v, k) => {
      let j = this.index.get(v);
      if (j === undefined) {
        j = this.values.length;
        this.values.push(v);
        this.index.set(v, j);
      }
      map[k] = j;
    });
    return map;
  }
}

function concat<T extends Typed>(ctor: TypedCtor<T>, arrays: readonly T[]): T {
  const out = new ctor(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a as never, at);
    at += a.length;
  }
  return out;
}

/** Offsets (each part's n+1 starting at 0) joined: part p's shifted by the rows before it. */
function concatOffsets(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, a) => n + a.length - 1, 0) + 1);
  let at = 0;
  let base = 0;
  for (const a of parts) {
    for (let k = 1; k < a.length; k++) out[at + k] = a[k]! + base;
    at += a.length - 1;
    base += a[a.length - 1]!;
  }
  return out;
}

/** Codes of a part's column through `map` (the first part's are kept as they are). */
function remapInto<T extends Uint8Array | Uint16Array | Uint32Array>(out: T, at: number, codes: T, map: Uint32Array | null): void {
  if (map === null) {
    out.set(codes as never, at);
    return;
  }
  for (let k = 0; k < codes.length; k++) out[at + k] = map[codes[k]!]!;
}

function concatStrings(arrays: readonly (readonly string[])[]): string[] {
  const out: string[] = new Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) for (let k = 0; k < a.length; k++) out[at++] = a[k]!;
  return out;
}

/**
 * The population of the records of `parts[0]`, then `parts[1]`, … — equal (every column, table and
 * indicator, in the same order) to building them all with one `PopulationBuilder`. The parts are not
 * changed; the result shares nothing with them but the strings.
 *
 * @example
 * const pop = mergePopulations([buildPopulation(records.slice(0, half)), buildPopulation(records.slice(half))]);
 * // deep-equal to buildPopulation(records)
 */
export function mergePopulations(parts: readonly Population[]): Population {
  if (parts.length === 0) throw new Error('mergePopulations: no parts');
  const first = parts[0]!;
  const n = parts.reduce((s, p) => s + p.n, 0);
  const codes = new Table(first.industryCodes);
  const regions = new Table(first.regions);
  const kinds = new Table(first.kinds);
  const lists = new Table(first.lists);
  const recDomains = new Table(first.recDomains ?? ['']);
  const industryMaps = parts.map((p, q) => (q === 0 ? null : codes.remap(p.industryCodes)));
  const regionMaps = parts.map((p, q) => (q === 0 ? null : regions.remap(p.regions)));
  const kindMaps = parts.map((p, q) => (q === 0 ? null : kinds.remap(p.kinds)));
  const listMaps = parts.map((p, q) => (q === 0 ? null : lists.remap(p.lists)));
  const recDomainMaps = parts.map((p, q) => (q === 0 ? null : recDomains.remap(p.recDomains ?? [''])));

  const industry = new Uint32Array(n);
  const region = new Uint32Array(n);
  const recKind = new Uint16Array(parts.reduce((s, p) => s + p.recKind.length, 0));
  const listId = new Uint16Array(parts.reduce((s, p) => s + p.listId.length, 0));
  const recDomain = new Uint16Array(recKind.length);
  let row = 0;
  let rec = 0;
  let lst = 0;
  parts.forEach((p, q) => {
    remapInto(industry, row, p.industry, industryMaps[q]!);
    remapInto(region, row, p.region, regionMaps[q]!);
    remapInto(recKind, rec, p.recKind, kindMaps[q]!);
    remapInto(recDomain, rec, p.recDomain ?? new Uint16Array(p.recKind.length), recDomainMaps[q]!);
    remapInto(listId, lst, p.listId, listMaps[q]!);
    row += p.n;
    rec += p.recKind.length;
    lst += p.listId.length;
  });

  // indicator columns in the order their keys first appear; rows of a part without the key are missing
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const p of parts) {
    for (const key of p.indicators.keys()) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const indicators = new Map<string, IndicatorColumn>();
  for (const key of keys) {
    const values = new Float64Array(n).fill(NaN);
    const types = new Uint8Array(n);
    let dict: Table | null = null;
    let at = 0;
    for (const p of parts) {
      const col = p.indicators.get(key);
      if (col) {
        const map = dict === null ? null : dict.remap(col.dict);
        dict ??= new Table(col.dict);
        types.set(col.types, at);
        if (map === null) values.set(col.values, at);
        else {
          for (let k = 0; k < p.n; k++) {
            const t = col.types[k]!;
            values[at + k] = t === INDICATOR_STRING ? map[col.values[k]!]! : t === INDICATOR_MISSING ? NaN : col.values[k]!;
          }
        }
      }
      at += p.n;
    }
    indicators.set(key, { key, values, types, dict: dict!.values });
  }

  // sparse dated statuses and scores: rows shifted by the enterprises before, status rows by the dated statuses before
  const stRows = new Uint32Array(parts.reduce((s, p) => s + p.stRows.length, 0));
  const scRows = new Uint32Array(parts.reduce((s, p) => s + p.scRows.length, 0));
  let base = 0;
  let st = 0;
  let sc = 0;
  for (const p of parts) {
    for (let k = 0; k < p.stRows.length; k++) stRows[st + k] = p.stRows[k]! + base;
    for (let k = 0; k < p.scRows.length; k++) scRows[sc + k] = p.scRows[k]! + base;
    st += p.stRows.length;
    sc += p.scRows.length;
    base += p.n;
  }

  const cat = <T extends Typed>(ctor: TypedCtor<T>, pick: (p: Population) => T) => concat(ctor, parts.map(pick));
  return {
    n,
    uscc: concatStrings(parts.map((p) => p.uscc)),
    name: concatStrings(parts.map((p) => p.name)),
    status: cat(Uint8Array, (p) => p.status),
    score: cat(Float64Array, (p) => p.score),
    industry,
    industryCodes: codes.values,
    section: cat(Uint8Array, (p) => p.section),
    division: cat(Uint8Array, (p) => p.division),
    region,
    regions: regions.values,
    recOffsets: concatOffsets(parts.map((p) => p.recOffsets)),
    recKind,
    kinds: kinds.values,
    recDate: cat(Int32Array, (p) => p.recDate),
    recRepaired: cat(Int32Array, (p) => p.recRepaired),
    recConsequence: cat(Uint8Array, (p) => p.recConsequence ?? new Uint8Array(p.recDate.length)),
    recDomain,
    recDomains: recDomains.values,
    recObjFiled: cat(Int32Array, (p) => p.recObjFiled),
    recObjResolved: cat(Int32Array, (p) => p.recObjResolved),
    recIds: concatStrings(parts.map((p) => p.recIds)),
    listOffsets: concatOffsets(parts.map((p) => p.listOffsets)),
    listId,
    lists: lists.values,
    listFrom: cat(Int32Array, (p) => p.listFrom),
    listUntil: cat(Int32Array, (p) => p.listUntil),
    indicators,
    stRows,
    stOffsets: concatOffsets(parts.map((p) => p.stOffsets)),
    stSince: cat(Int32Array, (p) => p.stSince),
    stValue: cat(Uint8Array, (p) => p.stValue),
    scRows,
    scDate: cat(Int32Array, (p) => p.scDate),
  };
}

/**
 * Populations made of some rows of another, sharing its dictionaries: one enterprise to explain or
 * improve, or a jurisdiction's enterprises (region-code prefix).
 */
import { findRow } from './population.ts';
import type { IndicatorColumn, Population } from './population.ts';

/** A population of the given rows of another (same dictionaries), e.g. one enterprise to explain. */
export function slicePopulation(pop: Population, rows: readonly number[]): Population {
  const n = rows.length;
  const pick8 = (a: Uint8Array) => Uint8Array.from(rows, (i) => a[i]!);
  const pick32 = (a: Uint32Array) => Uint32Array.from(rows, (i) => a[i]!);
  let nr = 0;
  let nl = 0;
  for (const i of rows) {
    nr += pop.recOffsets[i + 1]! - pop.recOffsets[i]!;
    nl += pop.listOffsets[i + 1]! - pop.listOffsets[i]!;
  }
  const recOffsets = new Uint32Array(n + 1);
  const listOffsets = new Uint32Array(n + 1);
  const recKind = new Uint16Array(nr);
  const recDate = new Int32Array(nr);
  const recRepaired = new Int32Array(nr);
  const recConsequence = new Uint8Array(nr);
  const recDomain = new Uint16Array(nr);
  const recObjFiled = new Int32Array(nr);
  const recObjResolved = new Int32Array(nr);
  const recIds: string[] = [];
  const listId = new Uint16Array(nl);
  const listFrom = new Int32Array(nl);
  const listUntil = new Int32Array(nl);
  let r = 0;
  let l = 0;
  rows.forEach((i, k) => {
    for (let s = pop.recOffsets[i]!; s < pop.recOffsets[i + 1]!; s++, r++) {
      recKind[r] = pop.recKind[s]!;
      recDate[r] = pop.recDate[s]!;
      recRepaired[r] = pop.recRepaired[s]!;
      recConsequence[r] = pop.recConsequence?.[s] ?? 0;
      recDomain[r] = pop.recDomain?.[s] ?? 0;
      recObjFiled[r] = pop.recObjFiled[s]!;
      recObjResolved[r] = pop.recObjResolved[s]!;
      recIds.push(pop.recIds[s]!);
    }
    recOffsets[k + 1] = r;
    for (let s = pop.listOffsets[i]!; s < pop.listOffsets[i + 1]!; s++, l++) {
      listId[l] = pop.listId[s]!;
      listFrom[l] = pop.listFrom[s]!;
      listUntil[l] = pop.listUntil[s]!;
    }
    listOffsets[k + 1] = l;
  });
  const indicators = new Map<string, IndicatorColumn>();
  for (const [key, col] of pop.indicators) {
    indicators.set(key, { key, values: Float64Array.from(rows, (i) => col.values[i]!), types: pick8(col.types), dict: col.dict });
  }
  const stRows: number[] = [];
  const stOffsets: number[] = [0];
  const stSince: number[] = [];
  const stValue: number[] = [];
  const scRows: number[] = [];
  const scDate: number[] = [];
  rows.forEach((i, k) => {
    const st = findRow(pop.stRows, i);
    if (st >= 0) {
      stRows.push(k);
      for (let q = pop.stOffsets[st]!; q < pop.stOffsets[st + 1]!; q++) {
        stSince.push(pop.stSince[q]!);
        stValue.push(pop.stValue[q]!);
      }
      stOffsets.push(stSince.length);
    }
    const sc = findRow(pop.scRows, i);
    if (sc >= 0) {
      scRows.push(k);
      scDate.push(pop.scDate[sc]!);
    }
  });
  // pushed in the order of the new indexes k, so the sparse lists are ascending
  return {
    n,
    uscc: rows.map((i) => pop.uscc[i]!),
    name: rows.map((i) => pop.name[i]!),
    status: pick8(pop.status),
    score: Float64Array.from(rows, (i) => pop.score[i]!),
    industry: pick32(pop.industry),
    industryCodes: pop.industryCodes,
    section: pick8(pop.section),
    division: pick8(pop.division),
    region: pick32(pop.region),
    regions: pop.regions,
    recOffsets,
    recKind,
    kinds: pop.kinds,
    recDate,
    recRepaired,
    recConsequence,
    recDomain,
    recDomains: pop.recDomains ?? [''],
    recObjFiled,
    recObjResolved,
    recIds,
    listOffsets,
    listId,
    lists: pop.lists,
    listFrom,
    listUntil,
    indicators,
    stRows: Uint32Array.from(stRows),
    stOffsets: Uint32Array.from(stOffsets),
    stSince: Int32Array.from(stSince),
    stValue: Uint8Array.from(stValue),
    scRows: Uint32Array.from(scRows),
    scDate: Int32Array.from(scDate),
  };
}

/**
 * The enterprises of a jurisdiction: those whose region code starts with `prefix` (e.g. `4104` for
 * 平顶山市, `410481` for 舞钢市), as a population of its own (same dictionaries). An empty prefix keeps everyone.
 *
 * @example
 * const local = jurisdictionPopulation(pop, '4104');
 * evaluator.evaluate(local, '2026-10-31');
 */
export function jurisdictionPopulation(pop: Population, prefix: string): Population {
  return prefix === '' ? pop : slicePopulation(pop, jurisdictionRows(pop, prefix));
}

/** The rows of the enterprises whose region code starts with `prefix` (all rows for an empty prefix), ascending. */
export function jurisdictionRows(pop: Population, prefix: string): number[] {
  const inside = new Uint8Array(pop.regions.length);
  pop.regions.forEach((r, k) => {
    inside[k] = prefix === '' || (r !== '' && r.startsWith(prefix)) ? 1 : 0;
  });
  const rows: number[] = [];
  for (let i = 0; i < pop.n; i++) if (inside[pop.region[i]!] === 1) rows.push(i);
  return rows;
}

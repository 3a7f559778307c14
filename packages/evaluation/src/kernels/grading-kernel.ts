/**
 * The fused grading kernel: one generated function grading every fused document in a single pass
 * per enterprise. Each enterprise's records are read once (a per-kind bitmask `kbits` says which
 * record measures of which documents a kind counts for, and the record rule of counting.ts zeroes
 * it without a branch), its list memberships once (a per-list bitmask `lbits`), then each
 * document's decision runs on locals. The documents' numbers are read from typed arrays, so
 * documents that differ only in numbers share the source and therefore the compiled, optimised
 * function (see kernels/cache.ts).
 */
import { LIFETIME_COLUMNS, LIFETIME_INDEX_JS, LIST_IN_FORCE_JS, NO_PENDING_OBJECTION_JS, RECORD_IN_FORCE_JS, RECORD_LIVE_JS, RECORD_NOT_AFTER_JS, RECORD_NOT_REPAIRED_JS, consequenceJs, inWindowJs, lifetimeJs } from '../counting.ts';
import type { GradingFragment, LegendEntry } from '../evaluator.ts';
import type { Population } from '../population.ts';
import type { Declaration } from './code-writer.ts';
import { CodeWriter, declared } from './code-writer.ts';

export type GradingKernelFn = (
  start: number, end: number, at: number, P: Population, CF: Float64Array, CI: Int32Array, VS: Float64Array[], TS: Uint8Array[],
  GS: Uint8Array[], RS: Uint16Array[], kbits: Int32Array, lbits: Int32Array, KS: Int32Array[],
) => void;

/** Bits of the shared record / list passes: one per record (list) measure of the fused documents. */
export const MAX_FUSED_BITS = 31;

/** Population columns the kernel may read, as locals (declared only when read). */
const COLUMNS: Declaration[] = [
  { name: 'off', init: 'P.recOffsets' },
  { name: 'kind', init: 'P.recKind' },
  { name: 'date', init: 'P.recDate' },
  { name: 'rep', init: 'P.recRepaired' },
  { name: 'of', init: 'P.recObjFiled' },
  { name: 'orr', init: 'P.recObjResolved' },
  { name: 'cons', init: 'P.recConsequence || new Uint8Array(P.recDate.length)' },
  ...LIFETIME_COLUMNS,
  { name: 'loff', init: 'P.listOffsets' },
  { name: 'lid', init: 'P.listId' },
  { name: 'lfrom', init: 'P.listFrom' },
  { name: 'lun', init: 'P.listUntil' },
  { name: 'status', init: 'P.status' },
  { name: 'score', init: 'P.score' },
];

/** The layout of the fused kernel's inputs: per fragment, its offsets into CF, CI and the columns, and its bits. */
function layout(fragments: readonly GradingFragment[]) {
  let cf = 0;
  let ci = 0;
  let col = 0;
  let rbit = 0;
  let lbit = 0;
  let ks = 0;
  return fragments.map((f) => {
    const slot = { cf, ci, col, rbit, lbit, ks };
    if (f.recordLifetimes) ks += 2;
    cf += f.consts + f.strings;
    ci += f.intConsts + f.recordMeasures.length;
    col += f.indicatorMeasures.length;
    rbit += f.recordMeasures.length;
    lbit += f.listMeasures.length;
    return slot;
  });
}

/** Source of the kernel fusing `fragments` (the cache key of the compiled function). */
export function gradingKernel(fragments: readonly GradingFragment[]): string {
  const decls: Declaration[] = [...COLUMNS];
  const recordDecl: string[] = [];
  const recordTests: string[] = [];
  const listLines: string[] = [];
  const body: string[] = [];
  const slots = layout(fragments);
  // bits of the record measures of documents that count records under a pending objection
  let pendingBits = 0;
  // bits of the record measures of documents with publication periods (their own repair test)
  let lifeBits = 0;
  fragments.forEach((f, j) => {
    if (f.countsPendingObjections) f.recordMeasures.forEach((_, b) => (pendingBits |= 1 << (slots[j]!.rbit + b)));
    if (f.recordLifetimes) f.recordMeasures.forEach((_, b) => (lifeBits |= 1 << (slots[j]!.rbit + b)));
  });
  fragments.forEach((f, j) => {
    const s = slots[j]!;
    const g = `g${j}_`;
    const p = (text: string) => text.replace(/\$/g, g);
    decls.push({ name: `${g}G`, init: `GS[${j}]` }, { name: `${g}R`, init: `RS[${j}]` }, { name: `${g}ci`, init: String(s.ci) });
    let cf = s.cf;
    let ci = s.ci;
    for (let k = 0; k < f.consts; k++) decls.push({ name: `${g}C${k}`, init: `CF[${cf++}]` });
    for (let k = 0; k < f.strings; k++) decls.push({ name: `${g}S${k}`, init: `CF[${cf++}]` });
    for (let k = 0; k < f.intConsts; k++) decls.push({ name: `${g}I${k}`, init: `CI[${ci++}]` });
    if (f.recordLifetimes) decls.push({ name: `${g}XL`, init: `KS[${s.ks}]` }, { name: `${g}MN`, init: `KS[${s.ks + 1}]` });
    const life = f.recordLifetimes ? ` & ${lifetimeJs(`${g}XL`, `${g}MN`, 'lk')}` : '';
    f.recordMeasures.forEach((k, b) => {
      decls.push({ name: `${g}lo${k}`, init: `CI[${ci++}]` });
      recordDecl.push(`${g}m${k} = 0`);
      recordTests.push(`${g}m${k} += (b >>> ${s.rbit + b}) & ${inWindowJs(`${g}lo${k}`)}${life}${consequenceJs(f.recordConsequence?.[b])};`);
    });
    f.indicatorMeasures.forEach((k, c) => {
      decls.push({ name: `${g}V${k}`, init: `VS[${s.col + c}]` }, { name: `${g}T${k}`, init: `TS[${s.col + c}]` }, { name: `${g}H${k}`, init: `${g}V${k}.length !== 0` });
    });
    f.listMeasures.forEach((k, b) => listLines.push(`const ${g}m${k} = (lb >>> ${s.lbit + b}) & 1;`));
    body.push(...f.perEnterprise.map(p), `let ${g}g = 255, ${g}r = 65535;`, ...f.decision.map(p), `${g}G[i] = ${g}g; ${g}R[i] = ${g}r;`);
  });

  const loop = new CodeWriter();
  if (recordTests.length > 0) {
    loop.write(`let ${recordDecl.join(', ')};`);
    loop.block('for (let q = off[i], e = off[i + 1]; q < e; q++) {', (w) => {
      // b: the measures this record counts for — none when the record rule says it does not count
      // at `at` (dated after it, repaired, objection pending: all tests bitwise, no branch per record)
      // (documents counting records under a pending objection: their bits only need the record in force)
      // (documents with publication periods: their bits skip the shared repair test, see lifetimeJs)
      const pendingPart = pendingBits === 0 ? `-(${NO_PENDING_OBJECTION_JS})` : `(-(${NO_PENDING_OBJECTION_JS}) | ${pendingBits | 0})`;
      const live =
        lifeBits !== 0
          ? `-${RECORD_NOT_AFTER_JS} & (-${RECORD_NOT_REPAIRED_JS} | ${lifeBits | 0}) & ${pendingPart}`
          : pendingBits === 0
            ? `-(${RECORD_LIVE_JS})`
            : `-(${RECORD_IN_FORCE_JS}) & ${pendingPart}`;
      // lk: the record's row in the publication-period tables, once per record for every document with periods
      w.write('const d = date[q];', `const b = kbits[kind[q]] & ${live};`, ...(lifeBits !== 0 ? [`const lk = ${LIFETIME_INDEX_JS};`] : []), ...recordTests);
    });
  }
  if (listLines.length > 0) {
    loop.write('let lb = 0;', `for (let q = loff[i], e = loff[i + 1]; q < e; q++) lb |= lbits[lid[q]] & -(${LIST_IN_FORCE_JS});`, ...listLines);
  }
  loop.write(...body);
  const loopText = loop.toString();

  const w = new CodeWriter();
  w.write('"use strict";');
  w.block(`return function grade_${fragments.length}(start, end, at, P, CF, CI, VS, TS, GS, RS, kbits, lbits, KS) {`, (fn) => {
    fn.write(...declared(decls, loopText));
    fn.block('for (let i = start; i < end; i++) {', (inner) => inner.write(...loopText.split('\n')));
  }, '};');
  return w.toString();
}

/** The legend of the kernel fusing `fragments` of the documents `ids`: each document's locals, and the bits of `kbits` and `lbits`. */
export function gradingKernelLegend(fragments: readonly GradingFragment[], ids: readonly string[]): LegendEntry[] {
  const out: LegendEntry[] = [
    { name: 'CF, CI', meaning: { zh: '各文档的数值常量与整数常量（阈值、比较值、等级序号、统计期间）', en: 'numeric and integer constants of the documents (thresholds, compared values, grade indexes, windows)' } },
    { name: 'GS[j], RS[j]', meaning: { zh: '第 j 个文档的等级列与规则列（输出）', en: 'grade and rule columns of document j (output)' } },
  ];
  const slots = layout(fragments);
  fragments.forEach((f, j) => {
    const g = `g${j}_`;
    const s = slots[j]!;
    out.push({ name: `${g}*`, meaning: { zh: `文档 ${ids[j] ?? j} 的局部变量（g、r：等级、规则）`, en: `locals of document ${ids[j] ?? j} (g, r: grade, rule)` } });
    for (const e of f.legend) out.push({ name: e.name.replace(/\$/g, g), meaning: e.meaning });
    f.recordMeasures.forEach((k, b) => out.push({ name: `kbits bit ${s.rbit + b}`, meaning: { zh: `该类记录计入 ${g}m${k}`, en: `records of the kind count for ${g}m${k}` } }));
    f.listMeasures.forEach((k, b) => out.push({ name: `lbits bit ${s.lbit + b}`, meaning: { zh: `该名单对应 ${g}m${k}`, en: `the list is the one of ${g}m${k}` } }));
  });
  return out;
}

/** Splits gradings into runs fused into one kernel each: as many in a row as the bit budget of the shared record and list passes allows. */
export function fusedGroups<G extends { fragment: GradingFragment }>(gradings: readonly G[]): G[][] {
  const out: G[][] = [];
  let start = 0;
  while (start < gradings.length) {
    let end = start;
    let rb = 0;
    let lb = 0;
    while (end < gradings.length) {
      const f = gradings[end]!.fragment;
      if (end > start && (rb + f.recordMeasures.length > MAX_FUSED_BITS || lb + f.listMeasures.length > MAX_FUSED_BITS)) break;
      rb += f.recordMeasures.length;
      lb += f.listMeasures.length;
      end++;
    }
    out.push(gradings.slice(start, end));
    start = end;
  }
  return out;
}

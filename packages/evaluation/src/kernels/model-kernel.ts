/**
 * The industry-model kernel: one generated pass over the members of a model's domain computing, for
 * each member, every indicator's value (column, record count, score or list membership in force), its points (linear / bands /
 * boolean / map of texts) and the weighted sum, in indicator order (the same additions as
 * `indicatorPoints` one by one). Numbers come from `CF` (per indicator: weight, missing points, then
 * the scoring's numbers), so models that differ only in numbers share the kernel. Returns how many
 * members hold a number or boolean in a text-mapped indicator (flagged in `fix`, summed again by the
 * caller).
 *
 * Record counts follow the record rule of the grading the model combines with (`combine.with`,
 * see `modelRecordRules` in run/models.ts): with `lifetimes`, a record past its maximum publication
 * period does not count and a repair counts only as that grading's `repairBeforeMinimum` says
 * (`XL` / `MN`, as in the grading kernel); with `countsPending`, records under a pending objection
 * count (the grading's `pendingObjection: counted`).
 */
import type { IndustryModelDocument } from '@policy/schemas';
import { LIFETIME_COLUMNS, LIST_IN_FORCE_JS, NO_PENDING_OBJECTION_JS, RECORD_NOT_AFTER_JS, RECORD_NOT_REPAIRED_JS, inWindowJs, lifetimeJs } from '../counting.ts';
import type { CompiledIndustryModel, Evaluator, LegendEntry } from '../evaluator.ts';
import type { Population } from '../population.ts';
import type { Declaration } from './code-writer.ts';
import { CodeWriter, declared } from './code-writer.ts';

type Indicators = IndustryModelDocument['content']['indicators'];

export type ModelKernelFn = (
  start: number, end: number, members: Uint32Array, at: number, P: Population, CF: Float64Array, VS: Float64Array[], TS: Uint8Array[],
  DPS: Float64Array[], KM: Uint8Array[], LO: Int32Array, total: Float64Array, fix: Uint8Array, XL: Int32Array, MN: Int32Array,
) => number;

/** How a model's record counts treat publication periods and pending objections (from the grading it combines with). */
export interface ModelRecordFlags {
  /** The grading has publication periods: `XL` / `MN` per record kind apply. */
  lifetimes: boolean;
  /** The grading counts records under a pending objection. */
  countsPending: boolean;
}

/** The flags of model `m` under `ev`: from the grading it combines with (`combine.with`), else neither. */
export function modelRecordFlags(ev: Evaluator, m: CompiledIndustryModel): ModelRecordFlags {
  const withId = m.doc.content.combine.with;
  const g = withId === undefined ? undefined : ev.gradings.find((x) => x.doc.id === withId);
  return { lifetimes: (g?.doc.content.publicationPeriods?.length ?? 0) > 0, countsPending: g?.doc.content.pendingObjection === 'counted' };
}

/** The record rule of a model's counts as generated code (0/1), over the kernel's locals. */
export function modelRecordRuleJs(flags: ModelRecordFlags): string {
  const repair = flags.lifetimes ? lifetimeJs('XL', 'MN') : RECORD_NOT_REPAIRED_JS;
  return `${RECORD_NOT_AFTER_JS} & ${repair}${flags.countsPending ? '' : ` & (${NO_PENDING_OBJECTION_JS})`}`;
}

/** The numbers of a model in `CF` order (see `modelKernel`). */
export function modelConstants(indicators: Indicators, weights: readonly number[]): Float64Array {
  const cf: number[] = [];
  indicators.forEach((def, x) => {
    cf.push(weights[x]!, def.missingPoints);
    const sco = def.scoring;
    if (sco.type === 'linear') cf.push(sco.worst, sco.best);
    else if (sco.type === 'boolean') cf.push(sco.whenTrue, sco.whenFalse);
    else if (sco.type === 'bands') {
      for (const b of sco.bands) {
        cf.push(b.min?.value ?? -Infinity, b.min ? (b.min.inclusive ? 1 : 0) : 1, b.max?.value ?? Infinity, b.max ? (b.max.inclusive ? 1 : 0) : 1, b.points);
      }
    }
  });
  return Float64Array.from(cf);
}

/** Source of the scoring pass of a model with these indicators (the cache key of the compiled function). */
export function modelKernel(indicators: Indicators, flags: ModelRecordFlags = { lifetimes: false, countsPending: false }): string {
  const decls: Declaration[] = [
    { name: 'off', init: 'P.recOffsets' },
    { name: 'kind', init: 'P.recKind' },
    { name: 'date', init: 'P.recDate' },
    { name: 'rep', init: 'P.recRepaired' },
    { name: 'of', init: 'P.recObjFiled' },
    { name: 'orr', init: 'P.recObjResolved' },
    ...LIFETIME_COLUMNS,
    { name: 'score', init: 'P.score' },
    { name: 'loff', init: 'P.listOffsets' },
    { name: 'lid', init: 'P.listId' },
    { name: 'lfrom', init: 'P.listFrom' },
    { name: 'lun', init: 'P.listUntil' },
  ];
  const body = new CodeWriter();
  // one pass over a member's records counts every recordCount indicator (the record rule evaluated
  // once per record: 0/1 as `live`), one pass over its list memberships every listMember indicator
  const recordSums: string[] = [];
  const listSums: string[] = [];
  indicators.forEach((def, x) => {
    if (def.source.from === 'recordCount') recordSums.push(`r${x} += km${x}[kd] & live & ${inWindowJs(`lo${x}`)};`);
    else if (def.source.from === 'listMember') listSums.push(`l${x} |= (lid[q] === li${x}) & on;`);
  });
  if (recordSums.length > 0) {
    body.write(
      `let ${indicators.flatMap((d, x) => (d.source.from === 'recordCount' ? [`r${x} = 0`] : [])).join(', ')};`,
      `for (let q = off[i], e = off[i + 1]; q < e; q++) { const d = date[q], kd = kind[q]; const live = ${modelRecordRuleJs(flags)}; ${recordSums.join(' ')} }`,
    );
  }
  if (listSums.length > 0) {
    body.write(
      `let ${indicators.flatMap((d, x) => (d.source.from === 'listMember' ? [`l${x} = 0`] : [])).join(', ')};`,
      `for (let q = loff[i], e = loff[i + 1]; q < e; q++) { const on = ${LIST_IN_FORCE_JS}; ${listSums.join(' ')} }`,
    );
  }
  let cf = 0;
  const fromCF = (name: string) => decls.push({ name, init: `CF[${cf++}]` });
  indicators.forEach((def, x) => {
    fromCF(`w${x}`);
    fromCF(`miss${x}`);
    const src = def.source;
    if (src.from === 'indicator') {
      decls.push({ name: `V${x}`, init: `VS[${x}]` }, { name: `T${x}`, init: `TS[${x}]` }, { name: `H${x}`, init: `V${x}.length !== 0` });
      body.write(`v = H${x} ? V${x}[i] : NaN; t = H${x} ? T${x}[i] : 0;`);
    } else if (src.from === 'score') {
      body.write('v = score[i]; t = v === v ? 1 : 0;');
    } else if (src.from === 'listMember') {
      // on the list at `at` (counting.ts `onList`): a boolean, never missing; LO[x] holds the list's index in P.lists (-1: nobody on it)
      decls.push({ name: `li${x}`, init: `LO[${x}]` });
      body.write(`v = l${x}; t = 2;`);
    } else {
      // counted in the records' pass above (the record rule of counting.ts, bitwise: km is 0/1 per kind)
      decls.push({ name: `km${x}`, init: `KM[${x}]` }, { name: `lo${x}`, init: `LO[${x}]` });
      body.write(`v = r${x}; t = 1;`);
    }
    const sco = def.scoring;
    // t: 0 missing, 1 number, 2 boolean, 3 text (INDICATOR_*)
    if (sco.type === 'linear') {
      fromCF(`worst${x}`);
      fromCF(`best${x}`);
      decls.push({ name: `span${x}`, init: `best${x} - worst${x}` });
      body.write(`if (t === 0 || t === 3 || v !== v) p = miss${x}; else if (span${x} === 0) p = v === best${x} ? 100 : 0; else { p = ((v - worst${x}) / span${x}) * 100; p = p < 0 ? 0 : p > 100 ? 100 : p; }`);
    } else if (sco.type === 'boolean') {
      fromCF(`yes${x}`);
      fromCF(`no${x}`);
      body.write(`p = t === 0 || t === 3 || v !== v ? miss${x} : v !== 0 ? yes${x} : no${x};`);
    } else if (sco.type === 'bands') {
      const tests: string[] = [];
      sco.bands.forEach((_, b) => {
        for (const part of ['lo', 'loIn', 'hi', 'hiIn', 'pts']) fromCF(`${part}${x}_${b}`);
        tests.push(`${b === 0 ? '' : 'else '}if ((loIn${x}_${b} === 1 ? v >= lo${x}_${b} : v > lo${x}_${b}) && (hiIn${x}_${b} === 1 ? v <= hi${x}_${b} : v < hi${x}_${b})) p = pts${x}_${b};`);
      });
      body.write(`p = miss${x};`, `if (t !== 0 && t !== 3 && v === v) { ${tests.join(' ')} }`);
    } else {
      decls.push({ name: `dp${x}`, init: `DPS[${x}]` });
      body.write(`if (t === 3) p = dp${x}[v]; else if (t === 0 || v !== v) p = miss${x}; else { p = 0; fix[k] = 1; nfix++; }`);
    }
    body.write(`s += w${x} * p;`);
  });
  const bodyText = body.toString();
  const w = new CodeWriter();
  w.write('"use strict";');
  w.block(`return function model_${indicators.length}(start, end, M, at, P, CF, VS, TS, DPS, KM, LO, total, fix, XL, MN) {`, (fn) => {
    fn.write(...declared(decls, bodyText));
    fn.write('let nfix = 0;');
    fn.block('for (let k = start; k < end; k++) {', (loop) => {
      loop.write('const i = M[k];', 'let s = 0, v = 0, t = 0, p = 0;', ...bodyText.split('\n'), 'total[k] = s;');
    });
    fn.write('return nfix;');
  }, '};');
  return w.toString();
}

/** The legend of a model's kernel: which locals belong to which indicator. */
export function modelKernelLegend(indicators: Indicators): LegendEntry[] {
  const out: LegendEntry[] = [
    { name: 'M, i', meaning: { zh: '领域内的市场主体（序号）', en: 'the members of the domain (their indexes)' } },
    { name: 'v, t, p, s', meaning: { zh: '指标值、值类型（0 缺失 1 数字 2 是否 3 文字）、得分、加权总分', en: 'indicator value, value kind (0 missing 1 number 2 boolean 3 text), points, weighted sum' } },
  ];
  indicators.forEach((def, x) => {
    const from = def.source.from === 'indicator' ? def.source.key : def.source.from === 'listMember' ? `listMember ${def.source.list}` : def.source.from;
    out.push({
      name: `*${x}`,
      meaning: { zh: `指标 ${def.id}（${def.label.zh}；来源 ${from}；${def.scoring.type}）：w 权重，miss 缺失得分`, en: `indicator ${def.id} (${def.label.en}; from ${from}; ${def.scoring.type}): w weight, miss points when missing` },
    });
  });
  return out;
}

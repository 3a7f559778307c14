/**
 * The grading compiler: a grading document (already checked by @policy/schemas, see compile.ts)
 * becomes generated fragments — per-enterprise measures and the decision as branch-free code over
 * locals — plus `prepare`, which turns the document's numbers into typed arrays per population and
 * date. The kernels (kernels/grading-kernel.ts) fuse the fragments of a bundle's gradings.
 */
import type { Band, Condition, GradingDocument, LocalizedText, MeasureDef } from '@policy/schemas';
import { measureCountsKind, recordLifetimes, severityOf, windowStart } from '../counting.ts';
import type { CompiledGrading, GradingConstants, GradingFragment, LegendEntry } from '../evaluator.ts';
import { gradingKernel } from '../kernels/grading-kernel.ts';
import type { Population } from '../population.ts';
import { INDICATOR_STRING, STATUSES } from '../population.ts';
import { bandLabel, missingLabel, overrideLabel, ruleLabel } from './labels.ts';

const OPS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '===', '!=': '!==' };

/** One branch of a decision, in order: the first whose test holds decides. */
interface Branch {
  /** Generated 0/1 expression. */
  test: string;
  grade: number;
  rule: number;
  /** Rule id (for the legend). */
  id: string;
}

/** Most branches decided by one bitmask (bit k = branch k holds; the top bit = none holds). */
const MAX_MASK_BRANCHES = 30;

const bandTest = (v: string, b: Band, num: (x: number, what: LocalizedText) => string): string => {
  const parts: string[] = [];
  if (b.min) parts.push(`${v} ${b.min.inclusive ? '>=' : '>'} ${num(b.min.value, { zh: `区间 ${b.id} 的下限`, en: `lower bound of band ${b.id}` })}`);
  if (b.max) parts.push(`${v} ${b.max.inclusive ? '<=' : '<'} ${num(b.max.value, { zh: `区间 ${b.id} 的上限`, en: `upper bound of band ${b.id}` })}`);
  // `&` (not `&&`): both comparisons always run and no branch is taken (see `decisionLines`)
  return parts.length ? parts.join(' & ') : '1';
};

const measureMeaning = (m: MeasureDef): LocalizedText => ({
  zh: `度量 ${m.id}（${m.type}${m.label ? `，${m.label.zh}` : ''}）`,
  en: `measure ${m.id} (${m.type}${m.label ? `, ${m.label.en}` : ''})`,
});

/** The label of an unrated grade that is not in the document's grade set. */
export const UNRATED_LABEL: LocalizedText = { zh: '未评价', en: 'unrated' };

/**
 * Compiles one grading document `doc`, read as `engineView` (the document with its unrated grade
 * appended to the grades when the grade set lacks it: see `withUnratedGrade` in compile.ts). Valid:
 * every grade and measure it names exists.
 */
export function compileGrading(engineView: GradingDocument, doc: GradingDocument, uid: number): CompiledGrading {
  const c = engineView.content;
  const grades = c.grades.map((g) => g.code);
  const gradeLabels = c.grades.map((g) => g.label);
  // the document's own grades are ordered best → worst; an appended unrated grade comes after them
  const ordered = doc.content.grades.length;
  const unrated = c.unratedGrade === undefined ? -1 : grades.indexOf(c.unratedGrade);
  const gradeIndex = (code: string): number => grades.indexOf(code);
  const measures = c.measures;
  const measureIndex = new Map(measures.map((m, k) => [m.id, k]));
  const measureName = (id: string): { zh: string; en: string } => {
    const m = measures[measureIndex.get(id) ?? -1];
    return m?.label ? { zh: m.label.zh, en: m.label.en ?? m.label.zh } : { zh: id, en: id };
  };

  const rules: string[] = [];
  const ruleLabels: LocalizedText[] = [];
  const strings: string[] = [];
  const stringSlots: number[] = [];
  const legend: LegendEntry[] = [];
  // Constants become locals read from CF / CI, so documents that differ only in numbers (a
  // threshold being edited) generate the same source: V8 reuses the compiled, optimised function.
  const consts: number[] = [];
  const intConsts: number[] = [];
  const num = (x: number, what: LocalizedText): string => {
    const name = `$C${consts.push(x) - 1}`;
    legend.push({ name, meaning: what });
    return name;
  };
  const int = (x: number, what?: LocalizedText): string => {
    const name = `$I${intConsts.push(x) - 1}`;
    if (what) legend.push({ name, meaning: what });
    return name;
  };
  const gradeConst = (gi: number) => int(gi, { zh: `等级 ${grades[gi] ?? '无'} 的序号`, en: `index of grade ${grades[gi] ?? 'none'}` });

  const cond = (x: Condition, rule: string): string => {
    // conditions are side-effect free comparisons of locals: bitwise operators evaluate them
    // without branches (0/1 results), which V8 compiles to flag-setting instructions
    if ('all' in x) return `(${x.all.map((y) => cond(y, rule)).join(' & ')})`;
    if ('any' in x) return `(${x.any.map((y) => cond(y, rule)).join(' | ')})`;
    if ('not' in x) return `(${cond(x.not, rule)} ^ 1)`;
    if ('always' in x) return '1';
    const k = measureIndex.get(x.measure)!;
    if (typeof x.value === 'string') {
      const s = strings.length;
      strings.push(x.value);
      stringSlots.push(k);
      legend.push({ name: `$S${s}`, meaning: { zh: `文字 ${JSON.stringify(x.value)} 在 ${x.measure} 列中的编号`, en: `dictionary index of the text ${JSON.stringify(x.value)} in ${x.measure}` } });
      // `$m` is NaN for a text (see the measures below): a text equality reads the column's dictionary index
      const eq = `($H${k} && $T${k}[i] === ${INDICATOR_STRING} && $V${k}[i] === $S${s} ? 1 : 0)`;
      return x.op === '==' ? eq : `(${eq} ^ 1)`;
    }
    const v = typeof x.value === 'boolean' ? (x.value ? 1 : 0) : x.value;
    return `($m${k} ${OPS[x.op]!} ${num(v, { zh: `规则 ${rule} 中与 ${x.measure} 比较的值`, en: `value compared with ${x.measure} in rule ${rule}` })})`;
  };

  // ---- decision
  const branches: Branch[] = [];
  let thresholds: number[] = [];
  let bandsOnScore = false;
  const d = c.decision;
  if (d.type === 'bands') {
    const k = measureIndex.get(d.measure)!;
    bandsOnScore = measures[k]!.type === 'score';
    const missingGrade = d.missingGrade ?? c.unratedGrade;
    if (missingGrade !== undefined) {
      const gi = gradeIndex(missingGrade);
      const id = d.missingRuleId ?? 'missing';
      branches.push({ test: `($m${k} !== $m${k})`, grade: gi, rule: rules.length, id });
      rules.push(id);
      ruleLabels.push(missingLabel(missingGrade, gradeLabels[gi]));
    } else branches.push({ test: `($m${k} !== $m${k})`, grade: 255, rule: 65535, id: '(no value: no grade)' });
    const bset = new Set<number>();
    d.bands.forEach((b) => {
      const gi = gradeIndex(b.grade);
      branches.push({ test: `(${bandTest(`$m${k}`, b, num)})`, grade: gi, rule: rules.length, id: b.id });
      rules.push(b.id);
      ruleLabels.push(bandLabel(b, gradeLabels[gi]));
      if (b.min) bset.add(b.min.value);
      if (b.max) bset.add(b.max.value);
    });
    thresholds = [...bset].filter((x) => x > d.range.min && x < d.range.max).sort((a, b) => a - b);
  } else {
    d.rules.forEach((rule) => {
      const gi = gradeIndex(rule.grade);
      const test = cond(rule.when, rule.id);
      branches.push({ test, grade: gi, rule: rules.length, id: rule.id });
      rules.push(rule.id);
      ruleLabels.push(ruleLabel(rule.grade, gradeLabels[gi], rule.when, measureName));
    });
  }
  const decision = decisionLines(branches, int, intConsts, legend);
  // ---- overrides
  c.overrides.forEach((o) => {
    const gi = gradeIndex(o.grade);
    const ri = rules.length;
    rules.push(o.id);
    ruleLabels.push(overrideLabel(o.grade, gradeLabels[gi], o.when, measureName));
    const test = cond(o.when, o.id);
    const gc = gradeConst(gi);
    const allowed = o.mayImprove ? '1' : `(($g === 255) | ($g === ${gradeConst(unrated)}) | (${gc} > $g))`;
    decision.push(`if ((${test} & ${allowed}) !== 0) { $g = ${gc}; $r = ${ri}; }`);
  });

  // ---- measures
  const recordMeasures: number[] = [];
  const listMeasures: number[] = [];
  const indicatorMeasures: number[] = [];
  const perEnterprise: string[] = [];
  measures.forEach((m, k) => {
    legend.push({ name: `$m${k}`, meaning: measureMeaning(m) });
    switch (m.type) {
      case 'recordCount':
        recordMeasures.push(k);
        legend.push({ name: `$lo${k}`, meaning: { zh: `${m.id} 统计期间开始前一天`, en: `last day before the window of ${m.id}` } });
        break;
      case 'listMember':
        listMeasures.push(k);
        break;
      case 'status':
        perEnterprise.push(`const $m${k} = (status[i] === ${int(STATUSES.indexOf(m.equals), { zh: `状态 ${m.equals} 的代码`, en: `code of status ${m.equals}` })}) | 0;`);
        break;
      case 'score':
        perEnterprise.push(`const $m${k} = score[i];`);
        break;
      case 'indicator':
        indicatorMeasures.push(k);
        legend.push({ name: `$V${k}, $T${k}, $H${k}`, meaning: { zh: `指标列 ${m.key}：数值、值类型、是否存在`, en: `indicator column ${m.key}: values, value kinds, present` } });
        // a text value is no number: compared with a number it reads as missing (NaN: every comparison
        // false but `!=`; a bands decision gives the missing grade) — never its index in the dictionary
        perEnterprise.push(`const $m${k} = $H${k} && $T${k}[i] !== ${INDICATOR_STRING} ? $V${k}[i] : NaN;`);
        break;
    }
  });
  if (c.publicationPeriods?.length) {
    legend.push(
      { name: '$XL', meaning: { zh: '按记录类型：最长公示期开始前一天（记录日期不晚于它即已届满，不再计入）', en: 'per record kind: last day before the maximum publication period (a record dated on or before it no longer counts)' } },
      { name: '$MN', meaning: { zh: '按记录类型：信用修复生效所需的最晚记录日期（最短公示期届满）', en: 'per record kind: latest record date for which a repair takes effect (minimum publication period passed)' } },
    );
  }
  const C = Float64Array.from(consts);
  const CI = Int32Array.from(intConsts);
  const fragment: GradingFragment = {
    consts: consts.length,
    intConsts: intConsts.length,
    strings: strings.length,
    recordMeasures,
    ...(recordMeasures.some((k) => (measures[k] as { seriousConsequence?: boolean }).seriousConsequence !== undefined)
      ? { recordConsequence: recordMeasures.map((k) => (measures[k] as { seriousConsequence?: boolean }).seriousConsequence) }
      : {}),
    ...(c.pendingObjection === 'counted' ? { countsPendingObjections: true } : {}),
    ...(c.publicationPeriods?.length ? { recordLifetimes: true } : {}),
    listMeasures,
    indicatorMeasures,
    perEnterprise,
    decision,
    legend,
  };
  const source = gradingKernel([fragment]);

  const prepare = (pop: Population, at: number): GradingConstants => {
    const severity = pop.kinds.map((kind) => severityOf(c.severities, kind));
    const lo = new Int32Array(measures.length);
    const km: (Uint8Array | null)[] = [];
    const L = new Int32Array(measures.length).fill(-1);
    const V: (Float64Array | null)[] = [];
    const T: (Uint8Array | null)[] = [];
    measures.forEach((m, k) => {
      km.push(null);
      V.push(null);
      T.push(null);
      if (m.type === 'recordCount') {
        lo[k] = windowStart(at, m.window ?? c.window);
        km[k] = Uint8Array.from(pop.kinds, (kind, q) => (measureCountsKind(m, kind, severity[q]!) ? 1 : 0));
      } else if (m.type === 'listMember') L[k] = pop.lists.indexOf(m.list);
      else if (m.type === 'indicator') {
        const col = pop.indicators.get(m.key);
        if (col) {
          V[k] = col.values;
          T[k] = col.types;
        }
      }
    });
    const S = new Float64Array(strings.length);
    strings.forEach((s, j) => {
      const col = pop.indicators.get((measures[stringSlots[j]!] as { key: string }).key);
      S[j] = col ? col.dict.indexOf(s) : -1;
    });
    const life = recordLifetimes(pop, at, c.severities, c.publicationPeriods, c.repairBeforeMinimum);
    return { lo, km, L, V, T, S, C, CI, ...(life ? { life } : {}) };
  };

  return { doc, uid, grades, gradeLabels, ordered, unrated, rules, ruleLabels, measureIndex, source, fragment, prepare, thresholds, bandsOnScore };
}

/**
 * The decision as generated lines setting `$g` / `$r`. Up to 30 branches: every test runs (no
 * short-circuit), the results form a bitmask, its lowest set bit picks the branch and a table in
 * `CI` (from `$ci`, this document's offset) gives grade and rule — no data-dependent branch, so
 * random grades cost no mispredictions. More branches: an if / else chain.
 */
function decisionLines(branches: Branch[], int: (x: number) => string, intConsts: number[], legend: LegendEntry[]): string[] {
  const nb = branches.length;
  if (nb > MAX_MASK_BRANCHES) {
    const out = branches.map((b, k) => `${k === 0 ? '' : 'else '}if (${b.test} !== 0) { $g = ${int(b.grade)}; $r = ${int(b.rule)}; }`);
    out.push('else { $g = 255; $r = 65535; }');
    return out;
  }
  // the tables are read through CI[$ci + offset + bit], not as locals
  const gt = intConsts.length;
  for (const b of branches) int(b.grade);
  int(255);
  const rt = intConsts.length;
  for (const b of branches) int(b.rule);
  int(65535);
  branches.forEach((b, k) => legend.push({ name: `$t bit ${k}`, meaning: { zh: `规则 ${b.id} 成立`, en: `rule ${b.id} holds` } }));
  legend.push({ name: `$t bit ${nb}`, meaning: { zh: '没有规则成立', en: 'no rule holds' } });
  legend.push({ name: '$x', meaning: { zh: '决定规则（最低的成立位）', en: 'the deciding rule (lowest bit set)' } });
  const mask = [...branches.map((b, k) => (k === 0 ? b.test : `${b.test} << ${k}`)), String(2 ** nb)].join(' | ');
  return [
    `const $t = ${mask};`,
    'const $x = 31 - Math.clz32($t & -$t);',
    `$g = CI[$ci + ${gt} + $x]; $r = CI[$ci + ${rt} + $x];`,
  ];
}

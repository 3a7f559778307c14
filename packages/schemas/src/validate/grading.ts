/**
 * The semantic checks of a grading document: grades, severities and measures, the decision (bands
 * or ordered rules with a catch-all), overrides that may only make a grade worse, rules that never
 * decide and grades nothing gives.
 */
import type { Condition, GradingDocument, MeasureDef } from '../documents.ts';
import { escapePointerToken as esc } from '../pointer.ts';
import { gradeNamer } from '../places.ts';
import { covers, mayHold } from '../reach.ts';
import { bandMeetsRange, checkBands } from './bands.ts';
import type { Push } from './collector.ts';
import { checkKinds, KNOWN_RECORD_KINDS } from './collector.ts';
import { checkGrades, checkRuleIds, gradeChecker, unreachableGrades } from './grades.ts';

type ValueType = 'number' | 'boolean' | 'any';
const MEASURE_TYPES: Record<MeasureDef['type'], ValueType> = {
  recordCount: 'number',
  score: 'number',
  listMember: 'boolean',
  status: 'boolean',
  indicator: 'any',
};
const ORDERING_OPS = new Set(['>', '>=', '<', '<=']);

export function checkCondition(cond: Condition, path: string, measures: Map<string, MeasureDef>, push: Push) {
  if ('all' in cond) cond.all.forEach((c, i) => checkCondition(c, `${path}/all/${i}`, measures, push));
  else if ('any' in cond) cond.any.forEach((c, i) => checkCondition(c, `${path}/any/${i}`, measures, push));
  else if ('not' in cond) checkCondition(cond.not, `${path}/not`, measures, push);
  else if ('measure' in cond) {
    const m = measures.get(cond.measure);
    if (!m) {
      push('measures.unknown', `${path}/measure`, { measure: cond.measure, known: [...measures.keys()].join(', ') });
      return;
    }
    const type = MEASURE_TYPES[m.type];
    const shown = JSON.stringify(cond.value);
    if (type === 'boolean' && typeof cond.value !== 'boolean') {
      push('measures.type-mismatch', `${path}/value`, {
        measure: cond.measure,
        detail: `${m.type} 度量的值为是/否，只能与 true 或 false 比较，不能与 ${shown} 比较`,
        detailEn: `a ${m.type} measure is true or false and can only be compared with true or false, not ${shown}`,
      });
    } else if (type === 'number' && typeof cond.value !== 'number') {
      push('measures.type-mismatch', `${path}/value`, {
        measure: cond.measure,
        detail: `${m.type} 度量的值为数字，不能与 ${shown} 比较`,
        detailEn: `a ${m.type} measure is a number and cannot be compared with ${shown}`,
      });
    } else if (typeof cond.value !== 'number' && ORDERING_OPS.has(cond.op)) {
      push('measures.type-mismatch', `${path}/op`, {
        measure: cond.measure,
        detail: `${shown} 不是数字，不能用 ${cond.op} 比较大小，只能用 == 或 !=`,
        detailEn: `${shown} is not a number: use == or !=, not ${cond.op}`,
      });
    }
  }
}

const isCatchAll = (cond: Condition): boolean => 'always' in cond && cond.always === true;

/** The semantic checks of a grading document (see the module comment). */
export function checkGrading(doc: GradingDocument, push: Push) {
  const c = doc.content;
  const gradeName = gradeNamer(doc);
  const known = checkGrades(c.grades, '/content/grades', push);
  const checkGrade = gradeChecker(known, push);
  checkGrade(c.unratedGrade, '/content/unratedGrade');

  for (const kind of Object.keys(c.severities)) {
    if (!KNOWN_RECORD_KINDS.has(kind)) push('kinds.unknown', `/content/severities/${esc(kind)}`, { kind });
  }

  const measures = new Map<string, MeasureDef>();
  c.measures.forEach((m, i) => {
    if (measures.has(m.id)) push('measures.duplicate', `/content/measures/${i}/id`, { measure: m.id });
    else measures.set(m.id, m);
    if (m.type === 'recordCount') checkKinds(m.kinds, `/content/measures/${i}/kinds`, push);
  });

  checkPublicationPeriods(c.publicationPeriods ?? [], push);

  const ruleIds: { id: string; path: string }[] = [];
  const producible: string[] = [];
  // grades some enterprise can actually get (what a band, rule or override provably never gives is left out)
  const reachable = new Set<string>(c.unratedGrade ? [c.unratedGrade] : []);
  const d = c.decision;
  if (d.type === 'bands') {
    const m = measures.get(d.measure);
    if (!m) push('measures.unknown', '/content/decision/measure', { measure: d.measure, known: [...measures.keys()].join(', ') });
    else if (MEASURE_TYPES[m.type] === 'boolean') {
      push('measures.type-mismatch', '/content/decision/measure', {
        measure: d.measure,
        detail: `${m.type} 度量的值为是/否，不能划分分数区间`,
        detailEn: `a ${m.type} measure is true or false and cannot be banded`,
      });
    }
    d.bands.forEach((b, i) => {
      checkGrade(b.grade, `/content/decision/bands/${i}/grade`);
      ruleIds.push({ id: b.id, path: `/content/decision/bands/${i}/id` });
      producible.push(b.grade);
      if (bandMeetsRange(b, d.range)) reachable.add(b.grade);
    });
    if (d.missingRuleId) ruleIds.push({ id: d.missingRuleId, path: '/content/decision/missingRuleId' });
    checkGrade(d.missingGrade, '/content/decision/missingGrade');
    if (d.missingGrade) producible.push(d.missingGrade);
    if (d.missingGrade) reachable.add(d.missingGrade);
    checkBands(d.bands, '/content/decision/bands', d.range, push, gradeNamer(doc));
  } else {
    const catchAll = d.rules.findIndex((r) => isCatchAll(r.when));
    d.rules.forEach((r, i) => {
      checkGrade(r.grade, `/content/decision/rules/${i}/grade`);
      ruleIds.push({ id: r.id, path: `/content/decision/rules/${i}/id` });
      checkCondition(r.when, `/content/decision/rules/${i}/when`, measures, push);
      if (catchAll >= 0 && i > catchAll) {
        push('rules.unreachable', `/content/decision/rules/${i}`, { rule: r.id, catchAll: d.rules[catchAll]!.id });
      } else {
        producible.push(r.grade);
        if (ruleCanApply(r, i, d.rules, measures, push)) reachable.add(r.grade);
      }
    });
    if (catchAll < 0) {
      const last = d.rules.length - 1;
      push('rules.no-catch-all', `/content/decision/rules/${last}`, { rule: d.rules[last]!.id });
    }
  }

  // overrides: by default they may only make a grade worse than anything the decision (or an earlier override) gives
  const order = c.grades.map((g) => g.code).filter((g) => g !== c.unratedGrade);
  const rank = (g: string) => order.indexOf(g);
  let worst = Math.max(-1, ...producible.map(rank));
  c.overrides.forEach((o, i) => {
    checkGrade(o.grade, `/content/overrides/${i}/grade`);
    ruleIds.push({ id: o.id, path: `/content/overrides/${i}/id` });
    checkCondition(o.when, `/content/overrides/${i}/when`, measures, push);
    const r = rank(o.grade);
    if (r >= 0 && r < worst && !o.mayImprove) {
      const [g, w] = [gradeName(o.grade), gradeName(order[worst]!)];
      push('overrides.improves', `/content/overrides/${i}/grade`, { n: i + 1, grade: g.zh, gradeEn: g.en, worse: w.zh, worseEn: w.en });
    }
    worst = Math.max(worst, r);
    if (!mayHold(o.when, measures)) {
      push('rules.never-matches', `/content/overrides/${i}/when`, { what: '强制调整', whatEn: 'Override', rule: o.id, ...NEVER_HOLDS });
    } else reachable.add(o.grade);
  });
  checkRuleIds(ruleIds, push);
  unreachableGrades(c.grades, reachable, '/content/grades', { by: '分数区间、规则或强制调整', byEn: 'band, rule or override' }, push);
}

const NEVER_HOLDS = {
  detail: '条件自相矛盾或超出取值范围（记录数为不小于 0 的整数，分数在 0–100 之间）',
  detailEn: 'its condition contradicts itself or lies outside the possible values (counts are whole numbers ≥ 0, scores lie in 0–100)',
};

/** False (with a warning) when a rule of a rules decision never decides: its condition never holds, or an earlier rule takes every case. */
function ruleCanApply(
  r: { id: string; when: Condition },
  i: number,
  rules: readonly { id: string; when: Condition }[],
  measures: Map<string, MeasureDef>,
  push: Push,
): boolean {
  const path = `/content/decision/rules/${i}/when`;
  if (!mayHold(r.when, measures)) {
    push('rules.never-matches', path, { what: '规则', whatEn: 'Rule', rule: r.id, ...NEVER_HOLDS });
    return false;
  }
  const earlier = rules.slice(0, i).find((e) => !isCatchAll(e.when) && mayHold(e.when, measures) && covers(e.when, r.when, measures));
  if (earlier) {
    push('rules.never-matches', path, {
      what: '规则',
      whatEn: 'Rule',
      rule: r.id,
      detail: `排在前面的规则 ${earlier.id} 已包含它的全部情形（规则按顺序取第一条满足的）`,
      detailEn: `the earlier rule ${earlier.id} already takes every case it matches (the first matching rule decides)`,
    });
    return false;
  }
  return true;
}

const monthsOf = (w: { years?: number; months?: number }): number => (w.years ?? 1) * 12 + (w.months ?? 0);
const periodText = (w: { years?: number; months?: number }): string => `${w.years ?? 1} 年 ${w.months ?? 0} 个月`;

/** Publication periods: unique ids, known kinds, minimum ≤ maximum (per kind, severity and domain), within 3 months … 3 years (a warning), none hidden by an earlier catch-all of its records. */
function checkPublicationPeriods(periods: NonNullable<GradingDocument['content']['publicationPeriods']>, push: Push) {
  const seen = new Set<string>();
  periods.forEach((p, i) => {
    const base = `/content/publicationPeriods/${i}`;
    if (seen.has(p.id)) push('publication.duplicate', `${base}/id`, { period: p.id });
    seen.add(p.id);
    checkKinds(p.kinds, `${base}/kinds`, push);
    if (monthsOf(p.minimum) > monthsOf(p.maximum)) {
      push('publication.minimum-exceeds-maximum', `${base}/minimum`, { period: p.id, minimum: periodText(p.minimum), maximum: periodText(p.maximum) });
    }
    // issue 13 finding 7: a penalty is shown at least 3 months and at most 3 years
    if (monthsOf(p.minimum) < 3) push('publication.minimum-too-short', `${base}/minimum`, { period: p.id, value: periodText(p.minimum) });
    if (monthsOf(p.maximum) > 36) push('publication.maximum-too-long', `${base}/maximum`, { period: p.id, value: periodText(p.maximum) });
    const earlier = periods.slice(0, i).find((e) => (!e.severity || e.severity === p.severity) && (!e.kinds || (p.kinds !== undefined && p.kinds.every((k) => e.kinds!.includes(k)))) && (!e.domains || (p.domains !== undefined && p.domains.every((d) => e.domains!.includes(d)))));
    if (earlier) push('publication.unreachable', base, { period: p.id, earlier: earlier.id });
  });
}

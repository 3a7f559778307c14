/**
 * Validation of policy documents, bundles and enterprise records: zod structure first, then the
 * semantic checks JSON Schema cannot express. Every issue has a stable code, a JSON pointer and a
 * Chinese and an English message; warnings never make `success` false.
 */
import { ahp } from './ahp.ts';
import type {
  Bound,
  Condition,
  DocumentKind,
  DomainAssignmentDocument,
  GradingDocument,
  IndustryModelDocument,
  MeasureDef,
  PolicyDocument,
  SamplingDocument,
  SupervisionItemsDocument,
} from './documents.ts';
import { DOCUMENT_KINDS, documentSchemas } from './documents.ts';
import type { EnterpriseRecord } from './enterprise.ts';
import { enterpriseRecord, RECORD_KINDS } from './enterprise.ts';
import { checkUscc, INDUSTRY_SECTIONS, parseIndustryCode } from './identifiers.ts';
import type { Issue, IssueCode, Severity, ValidationResult } from './issues.ts';
import { valueAtPointer } from './json.ts';
import { escapePointerToken as esc, toPointer } from './pointer.ts';
import type { MessageParams } from './messages.ts';
import { makeIssue } from './messages.ts';
import { addWorkingDays } from './working-days.ts';
import { covers, mayHold } from './reach.ts';
import { staleQuoteIssue, staleQuotes, textChecks } from './stale-text.ts';
import { formatNumber } from './phrasing.ts';
import type { StructuralRemap } from './zod-issues.ts';
import { parseStructure } from './zod-issues.ts';

/** Working days within which a change of a supervision item must be reported (seed 000 一). */
export const ITEM_REPORT_WORKING_DAYS = 10;

/**
 * The system's limits on sampling numbers. They live here, not in the editable document: a document's
 * own `range` per grade is a planning aid, never a safeguard. A ratio or frequency of 0 is allowed
 * with a warning (that grade is never inspected); a table that inspects nobody is an error.
 */
export const SAMPLING_LIMITS = {
  ratioPercent: { min: 0, max: 100 },
  frequencyPerYear: { min: 0, max: 52 },
} as const;

type Push = (code: IssueCode, path: string, params?: MessageParams, severity?: Severity) => void;

function collector(): { issues: Issue[]; push: Push } {
  const issues: Issue[] = [];
  return { issues, push: (code, path, params = {}, severity) => issues.push(makeIssue(code, path, params, severity)) };
}

const KNOWN_RECORD_KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

/** Reports every repeated value of `items` (at the second and later occurrence). */
function duplicates<T>(items: readonly T[], key: (item: T) => string, onDuplicate: (index: number, key: string) => void) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) onDuplicate(i, k);
    seen.add(k);
  });
}

// ---------------------------------------------------------------- documents

const samplingRemap: StructuralRemap = (issue, pointer, input) => {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return undefined;
  const m = /^\/content\/(?:(rows|exceptions)\/\d+\/(ratioPercent|range\/min|range\/max)|(differentiatedShareMinPercent))$/.exec(pointer);
  if (!m) return undefined;
  const field = m[3]
    ? { field: '差异化抽查最低占比', fieldEn: 'Minimum differentiated share' }
    : m[2] === 'ratioPercent'
      ? { field: '抽查比例', fieldEn: 'Sampling ratio' }
      : { field: '比例区间', fieldEn: 'Ratio range bound' };
  const value = valueAtPointer(input, pointer);
  return { code: 'sampling.out-of-range', params: { ...field, value: typeof value === 'number' ? `${value}%` : String(value) } };
};

/**
 * The structural half of `validateDocument`: the document parsed for its `kind` (defaults applied),
 * or the structural issues. Callers that need a document despite semantic errors (e.g. to check the
 * rest of a bundle without cascading "missing document" issues) use this.
 *
 * @example
 * const r = parseDocument(JSON.parse(text)); // r.success → r.data.kind
 */
export function parseDocument(input: unknown): { success: true; data: PolicyDocument } | { success: false; issues: Issue[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
    return {
      success: false,
      issues: [makeIssue('schema.invalid', '', { detail: `文档应为 JSON 对象，实际为 ${got}`, detailEn: `a document must be a JSON object, got ${got}` })],
    };
  }
  const kind = (input as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    return { success: false, issues: [makeIssue('document.unknown-kind', '/kind', { kind: JSON.stringify(kind) ?? 'undefined' })] };
  }
  const parsed = parseStructure(documentSchemas[kind as DocumentKind], input, kind === 'sampling' ? samplingRemap : undefined);
  return parsed.success ? { success: true, data: parsed.data as PolicyDocument } : parsed;
}

/**
 * Validates one policy document: its structure for its `kind`, then the semantic checks of that kind.
 * `data` has zod defaults applied. Warnings leave `success` true.
 *
 * @example
 * const r = validateDocument(JSON.parse(text));
 * if (!r.success) for (const i of r.issues) console.log(i.path, i.code, i.message);
 */
export function validateDocument(input: unknown): ValidationResult<PolicyDocument> {
  const parsed = parseDocument(input);
  if (!parsed.success) return parsed;
  const issues = semanticIssues(parsed.data);
  return issues.some((i) => i.severity === 'error') ? { success: false, issues } : { success: true, data: parsed.data, issues };
}

/** The semantic checks of a structurally valid document. */
export function semanticIssues(doc: PolicyDocument): Issue[] {
  const { issues, push } = collector();
  switch (doc.kind) {
    case 'grading':
      checkGrading(doc, push);
      break;
    case 'industry-model':
      checkIndustryModel(doc, push);
      break;
    case 'sampling':
      checkSampling(doc, push);
      break;
    case 'domain-assignment':
      checkDomainAssignment(doc, push);
      break;
    case 'supervision-items':
      checkSupervisionItems(doc, push);
      break;
  }
  checkTexts(doc, issues);
  return issues;
}

/** Labels, notes, descriptions and ids that quote a number the document does not use there. */
function checkTexts(doc: PolicyDocument, issues: Issue[]) {
  for (const check of textChecks(doc)) for (const s of staleQuotes(check)) issues.push(staleQuoteIssue(s));
}

// ---------------------------------------------------------------- grading

type ValueType = 'number' | 'boolean' | 'any';
const MEASURE_TYPES: Record<MeasureDef['type'], ValueType> = {
  recordCount: 'number',
  score: 'number',
  listMember: 'boolean',
  status: 'boolean',
  indicator: 'any',
};
const ORDERING_OPS = new Set(['>', '>=', '<', '<=']);

function checkGrades(grades: readonly { code: string }[], base: string, push: Push): Set<string> {
  duplicates(grades, (g) => g.code, (i, code) => push('grades.duplicate', `${base}/${i}/code`, { grade: code }));
  return new Set(grades.map((g) => g.code));
}

function gradeChecker(known: Set<string>, push: Push) {
  const list = [...known].join(', ');
  return (grade: string | undefined, path: string) => {
    if (grade !== undefined && !known.has(grade)) push('grades.unknown', path, { grade, known: list });
  };
}

function checkRuleIds(entries: readonly { id: string; path: string }[], push: Push) {
  duplicates(entries, (e) => e.id, (i) => push('rules.duplicate-id', entries[i]!.path, { rule: entries[i]!.id }));
}

function checkKinds(kinds: readonly string[] | undefined, base: string, push: Push) {
  kinds?.forEach((k, j) => {
    if (!KNOWN_RECORD_KINDS.has(k)) push('kinds.unknown', `${base}/${j}`, { kind: k });
  });
}

function checkCondition(cond: Condition, path: string, measures: Map<string, MeasureDef>, push: Push) {
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

function checkGrading(doc: GradingDocument, push: Push) {
  const c = doc.content;
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
    checkBands(d.bands, '/content/decision/bands', d.range, push);
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
      push('overrides.improves', `/content/overrides/${i}/grade`, { rule: o.id, grade: o.grade, worse: order[worst]! });
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

/** True when a band holds at least one value of the range. */
function bandMeetsRange(b: BandLike, range: { min: number; max: number }): boolean {
  const lo: Edge = b.min ?? { value: -Infinity, inclusive: false };
  const hi: Edge = b.max ?? { value: Infinity, inclusive: false };
  const clippedLo: Edge = lo.value < range.min ? { value: range.min, inclusive: true } : lo;
  const clippedHi: Edge = hi.value > range.max ? { value: range.max, inclusive: true } : hi;
  return !emptyInterval(clippedLo, clippedHi);
}

/** Warns at each grade of the set that nothing gives. */
function unreachableGrades(grades: readonly { code: string }[], reachable: ReadonlySet<string>, base: string, by: { by: string; byEn: string }, push: Push) {
  grades.forEach((g, i) => {
    if (!reachable.has(g.code)) push('grades.unreachable', `${base}/${i}/code`, { grade: g.code, ...by });
  });
}

// ---------------------------------------------------------------- bands

interface BandLike {
  id: string;
  min?: Bound;
  max?: Bound;
}
interface Edge {
  value: number;
  inclusive: boolean;
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+∞' : '−∞');
function interval(lo: Edge, hi: Edge): string {
  if (lo.value === hi.value) return num(lo.value);
  return `${lo.inclusive ? '[' : '('}${num(lo.value)}, ${num(hi.value)}${hi.inclusive ? ']' : ')'}`;
}
const emptyInterval = (lo: Edge, hi: Edge) => lo.value > hi.value || (lo.value === hi.value && !(lo.inclusive && hi.inclusive));

/**
 * Checks that bands cover `range` exactly once: empty bands, bounds outside the range, bounds that
 * exclude a range end, gaps and overlaps. Each band is reported at its own pointer.
 */
function checkBands(bands: readonly BandLike[], base: string, range: { min: number; max: number }, push: Push) {
  const unclear = new Set<string>(); // "lo:<i>" / "hi:<i>": a range end left out on purpose-looking bounds
  const live: { i: number; lo: Edge; hi: Edge }[] = [];
  const rangeParams = { min: range.min, max: range.max };
  bands.forEach((b, i) => {
    const lo: Edge = b.min ?? { value: -Infinity, inclusive: false };
    const hi: Edge = b.max ?? { value: Infinity, inclusive: false };
    if (emptyInterval(lo, hi)) {
      push('bands.empty', `${base}/${i}`, { band: b.id, interval: `${lo.inclusive ? '[' : '('}${num(lo.value)}, ${num(hi.value)}${hi.inclusive ? ']' : ')'}` });
      return;
    }
    let outside = false;
    if (b.min && (b.min.value < range.min || b.min.value > range.max || (b.min.value === range.max && !b.min.inclusive))) {
      push('bands.out-of-range', `${base}/${i}/min`, { band: b.id, value: b.min.value, ...rangeParams });
      outside = true;
    }
    if (b.max && (b.max.value > range.max || b.max.value < range.min || (b.max.value === range.min && !b.max.inclusive))) {
      push('bands.out-of-range', `${base}/${i}/max`, { band: b.id, value: b.max.value, ...rangeParams });
      outside = true;
    }
    if (!outside && b.min && b.min.value === range.min && !b.min.inclusive) {
      push('bands.unclear-bound', `${base}/${i}/min/inclusive`, { band: b.id, value: range.min });
      unclear.add(`lo:${i}`);
    }
    if (!outside && b.max && b.max.value === range.max && !b.max.inclusive) {
      push('bands.unclear-bound', `${base}/${i}/max/inclusive`, { band: b.id, value: range.max });
      unclear.add(`hi:${i}`);
    }
    live.push({ i, lo, hi });
  });

  live.sort((a, b) => a.lo.value - b.lo.value || Number(b.lo.inclusive) - Number(a.lo.inclusive));
  let end: Edge = { value: range.min, inclusive: false };
  let endBand: number | undefined;
  const rangeEnd: Edge = { value: range.max, inclusive: true };
  for (const { i, lo, hi } of live) {
    const gapLo: Edge = { value: end.value, inclusive: !end.inclusive };
    let gapHi: Edge = { value: lo.value, inclusive: !lo.inclusive };
    if (gapHi.value > range.max) gapHi = rangeEnd;
    const startsAfterEnd = lo.value > end.value || (lo.value === end.value && !lo.inclusive && !end.inclusive);
    if (startsAfterEnd) {
      const onlyUnclearStart = endBand === undefined && unclear.has(`lo:${i}`);
      if (!emptyInterval(gapLo, gapHi) && !onlyUnclearStart && gapLo.value <= range.max) {
        push('bands.gap', `${base}/${i}/min`, { gap: interval(gapLo, gapHi) });
      }
    } else if (endBand !== undefined && (lo.value < end.value || (lo.inclusive && end.inclusive))) {
      const overlapHi = hi.value < end.value || (hi.value === end.value && !end.inclusive) ? hi : end;
      push('bands.overlap', `${base}/${i}/min`, {
        band: bands[i]!.id,
        other: bands[endBand]!.id,
        overlap: interval(lo, overlapHi),
      });
    }
    if (hi.value > end.value || (hi.value === end.value && hi.inclusive && !end.inclusive)) {
      end = hi;
      endBand = i;
    }
  }
  if (end.value < range.max || (end.value === range.max && !end.inclusive)) {
    const onlyUnclearEnd = end.value === range.max && endBand !== undefined && unclear.has(`hi:${endBand}`);
    if (!onlyUnclearEnd && live.length > 0) {
      push('bands.gap', endBand === undefined ? base : `${base}/${endBand}/max`, {
        gap: interval({ value: end.value, inclusive: !end.inclusive }, rangeEnd),
      });
    }
  }
}

// ---------------------------------------------------------------- industry-model

const SAATY_MIN = 1 / 9 - 1e-9;
const SAATY_MAX = 9 + 1e-9;
const round = (v: number) => String(Number(v.toPrecision(6)));
const reciprocal = (v: number) => (Number.isInteger(v) ? `1/${v}` : Number.isInteger(1 / v) || Math.abs(1 / v - Math.round(1 / v)) < 1e-6 ? String(Math.round(1 / v)) : round(1 / v));

function checkMatrix(matrix: readonly (readonly number[])[], n: number, base: string, what: { matrix: string; matrixEn: string; of: string; ofEn: string }, push: Push) {
  const cols = matrix.map((r) => r.length);
  if (matrix.length !== n || cols.some((c) => c !== n)) {
    const wrongRow = matrix.length === n ? cols.findIndex((c) => c !== n) : -1;
    const actual = cols.every((c) => c === cols[0]) ? `${matrix.length}×${cols[0] ?? 0}` : `${matrix.length} 行，各行列数 ${cols.join('/')}`;
    const actualEn = cols.every((c) => c === cols[0]) ? `${matrix.length}×${cols[0] ?? 0}` : `${matrix.length} rows of ${cols.join('/')} columns`;
    push('ahp.size-mismatch', wrongRow >= 0 ? `${base}/${wrongRow}` : base, { ...what, expected: n, actual, actualEn });
    return;
  }
  let reciprocalOk = true;
  for (let i = 0; i < n; i++) {
    const d = matrix[i]![i]!;
    if (Math.abs(d - 1) > 1e-6) {
      push('ahp.not-reciprocal', `${base}/${i}/${i}`, { row: i + 1, col: i + 1, value: d, expected: 1 });
      reciprocalOk = false;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = matrix[i]![j]!;
      const b = matrix[j]![i]!;
      const aOut = a < SAATY_MIN || a > SAATY_MAX;
      if (aOut) push('ahp.out-of-scale', `${base}/${i}/${j}`, { row: i + 1, col: j + 1, value: a });
      if (!aOut && (b < SAATY_MIN || b > SAATY_MAX)) push('ahp.out-of-scale', `${base}/${j}/${i}`, { row: j + 1, col: i + 1, value: b });
      if (Math.abs(a * b - 1) > 1e-6) {
        push('ahp.not-reciprocal', `${base}/${j}/${i}`, { row: j + 1, col: i + 1, value: b, expected: reciprocal(a) });
        reciprocalOk = false;
      }
    }
  }
  if (reciprocalOk && n >= 3) {
    const { cr } = ahp(matrix);
    if (cr >= 0.1) push('ahp.inconsistent', base, { cr: cr.toFixed(3) });
  }
}

function checkIndustryModel(doc: IndustryModelDocument, push: Push) {
  const c = doc.content;
  const checkGrade = gradeChecker(checkGrades(c.grades, '/content/grades', push), push);

  const defined = new Set<string>();
  c.indicators.forEach((ind, i) => {
    if (defined.has(ind.id)) push('indicators.duplicate', `/content/indicators/${i}/id`, { indicator: ind.id, where: '', whereEn: '' });
    defined.add(ind.id);
    if (ind.source.from === 'recordCount') checkKinds(ind.source.kinds, `/content/indicators/${i}/source/kinds`, push);
  });

  const assigned = new Map<string, string>();
  c.criteria.forEach((cr, ci) => {
    cr.indicators.forEach((ref, j) => {
      const path = `/content/criteria/${ci}/indicators/${j}`;
      if (!defined.has(ref)) push('indicators.unknown', path, { indicator: ref, criterion: cr.id });
      else if (assigned.has(ref)) {
        push('indicators.duplicate', path, { indicator: ref, where: `（已在准则 ${assigned.get(ref)} 中）`, whereEn: ` (already under criterion ${assigned.get(ref)})` });
      } else assigned.set(ref, cr.id);
    });
    checkMatrix(cr.matrix, cr.indicators.length, `/content/criteria/${ci}/matrix`, { matrix: `准则 ${cr.id} 的判断矩阵`, matrixEn: `The judgement matrix of criterion ${cr.id}`, of: '指标', ofEn: 'indicator' }, push);
  });
  c.indicators.forEach((ind, i) => {
    if (!assigned.has(ind.id) && c.indicators.findIndex((x) => x.id === ind.id) === i) {
      push('indicators.unassigned', `/content/indicators/${i}`, { indicator: ind.id });
    }
  });
  checkMatrix(c.criteriaMatrix, c.criteria.length, '/content/criteriaMatrix', { matrix: '准则层判断矩阵', matrixEn: 'The criteria judgement matrix', of: '准则', ofEn: 'criterion' }, push);

  c.thresholds.forEach((b, i) => checkGrade(b.grade, `/content/thresholds/${i}/grade`));
  checkRuleIds(c.thresholds.map((b, i) => ({ id: b.id, path: `/content/thresholds/${i}/id` })), push);
  checkBands(c.thresholds, '/content/thresholds', { min: 0, max: 100 }, push);
  // with worst-of, the general class can also give a grade (by position): only a model-only grade set is judged here
  if (c.combine.method === 'model-only') {
    const reachable = new Set(c.thresholds.filter((b) => bandMeetsRange(b, { min: 0, max: 100 })).map((b) => b.grade));
    unreachableGrades(c.grades, reachable, '/content/grades', { by: '等级阈值', byEn: 'threshold' }, push);
  }
}

// ---------------------------------------------------------------- sampling

function checkSampling(doc: SamplingDocument, push: Push) {
  const rows = doc.content.rows;
  duplicates(rows, (r) => r.grade, (i, grade) => push('grades.duplicate', `/content/rows/${i}/grade`, { grade }));
  rows.forEach((r, i) => {
    if (!r.range) return;
    if (r.range.min > r.range.max) push('sampling.range-inverted', `/content/rows/${i}/range`, { grade: r.grade, ...r.range });
    else if (r.ratioPercent < r.range.min || r.ratioPercent > r.range.max) {
      push('sampling.ratio-outside-range', `/content/rows/${i}/ratioPercent`, { grade: r.grade, value: r.ratioPercent, ...r.range });
    }
  });
  checkSamplingAmounts(doc.content, push);
  // rows run from the best grade to the worst: neither the ratio nor the frequency may fall
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const row = rows[i]!;
    if (row.ratioPercent < prev.ratioPercent) {
      push('sampling.ratio-decreasing', `/content/rows/${i}/ratioPercent`, {
        field: '抽查比例', fieldEn: 'The sampling ratio',
        prevGrade: prev.grade, prevValue: `${prev.ratioPercent}%`, grade: row.grade, value: `${row.ratioPercent}%`,
      });
    }
    if (row.frequencyPerYear < prev.frequencyPerYear) {
      push('sampling.ratio-decreasing', `/content/rows/${i}/frequencyPerYear`, {
        field: '每年抽查次数', fieldEn: 'The inspections per year',
        prevGrade: prev.grade, prevValue: prev.frequencyPerYear, grade: row.grade, value: row.frequencyPerYear,
      });
    }
  }
}

interface SamplingAmount {
  grade: string;
  ratioPercent: number;
  frequencyPerYear: number;
  /** Pointer of the row or exception the numbers come from. */
  path: string;
}

const pctText = (n: number) => `${formatNumber(n)}%`;
/** Inspections per 100 enterprises of a grade per year (ratio % × rounds). */
const yearlyRate = (a: SamplingAmount) => a.ratioPercent * a.frequencyPerYear;

/**
 * The system's limits on every row and exception, zero warnings, the all-zero error, and the worst
 * grade against the best (in the whole table and in each domain with exceptions).
 */
function checkSamplingAmounts(c: SamplingDocument['content'], push: Push) {
  const rows: SamplingAmount[] = c.rows.map((r, i) => ({ ...r, path: `/content/rows/${i}` }));
  const exceptions = c.exceptions.map((e, i) => ({ ...e, path: `/content/exceptions/${i}` }));
  const all = [...rows, ...exceptions];
  const L = SAMPLING_LIMITS;
  for (const a of all) {
    if (a.ratioPercent < L.ratioPercent.min || a.ratioPercent > L.ratioPercent.max) {
      push('sampling.out-of-range', `${a.path}/ratioPercent`, { field: '抽查比例', fieldEn: 'Sampling ratio', value: pctText(a.ratioPercent) });
    }
  }
  if (all.every((a) => yearlyRate(a) <= 0)) {
    push('sampling.all-zero', '/content/rows');
    return;
  }
  for (const a of all) {
    const where = 'domain' in a ? { where: `（领域 ${a.domain}）`, whereEn: ` (domain ${a.domain})` } : { where: '', whereEn: '' };
    if (a.ratioPercent === 0) push('sampling.ratio-zero', `${a.path}/ratioPercent`, { grade: a.grade, field: '抽查比例', fieldEn: 'sampling ratio', ...where });
    if (a.frequencyPerYear === 0) push('sampling.ratio-zero', `${a.path}/frequencyPerYear`, { grade: a.grade, field: '每年抽查次数', fieldEn: 'inspections per year', ...where });
  }
  worstAgainstBest(rows, { where: '', whereEn: '' }, push);
  // a domain exception replaces the table's numbers for that domain and grade
  for (const domain of new Set(exceptions.map((e) => e.domain))) {
    const table = rows.map((r) => exceptions.find((e) => e.domain === domain && e.grade === r.grade) ?? r);
    if (table.every((t, i) => t === rows[i])) continue;
    const where = { where: `（领域 ${domain}）`, whereEn: ` (domain ${domain})` };
    // only what the exceptions change: the table itself was judged above
    if (table[0] !== rows[0] || table.at(-1) !== rows.at(-1)) worstAgainstBest(table, where, push);
    for (let i = 1; i < table.length; i++) {
      const prev = table[i - 1]!;
      const row = table[i]!;
      if (prev === rows[i - 1] && row === rows[i]) continue;
      const at = row === rows[i] ? prev : row;
      if (row.ratioPercent < prev.ratioPercent) {
        push('sampling.ratio-decreasing', `${at.path}/ratioPercent`, {
          field: `领域 ${domain} 的抽查比例`, fieldEn: `In domain ${domain}, the sampling ratio`,
          prevGrade: prev.grade, prevValue: pctText(prev.ratioPercent), grade: row.grade, value: pctText(row.ratioPercent),
        });
      }
      if (row.frequencyPerYear < prev.frequencyPerYear) {
        push('sampling.ratio-decreasing', `${at.path}/frequencyPerYear`, {
          field: `领域 ${domain} 的每年抽查次数`, fieldEn: `In domain ${domain}, the inspections per year`,
          prevGrade: prev.grade, prevValue: prev.frequencyPerYear, grade: row.grade, value: row.frequencyPerYear,
        });
      }
    }
  }
}

/** An error at the worst grade's numbers when it is inspected less per year than the best grade. */
function worstAgainstBest(table: readonly SamplingAmount[], where: { where: string; whereEn: string }, push: Push) {
  if (table.length < 2) return;
  const best = table[0]!;
  const worst = table.at(-1)!;
  if (yearlyRate(worst) >= yearlyRate(best)) return;
  push('sampling.worst-below-best', worst.path, {
    worst: worst.grade,
    best: best.grade,
    ...where,
    worstRate: formatNumber(yearlyRate(worst)),
    worstRatio: pctText(worst.ratioPercent),
    worstFrequency: formatNumber(worst.frequencyPerYear),
    bestRate: formatNumber(yearlyRate(best)),
    bestRatio: pctText(best.ratioPercent),
    bestFrequency: formatNumber(best.frequencyPerYear),
  });
}

// ---------------------------------------------------------------- domain-assignment

function checkDomainAssignment(doc: DomainAssignmentDocument, push: Push) {
  const c = doc.content;
  duplicates(c.departments, (d) => d.id, (i, department) => push('departments.duplicate', `/content/departments/${i}/id`, { department }));
  duplicates(c.domains, (d) => d.id, (i, domain) => push('domains.duplicate', `/content/domains/${i}/id`, { domain }));
  const departments = new Set(c.departments.map((d) => d.id));
  const sections = new Set(INDUSTRY_SECTIONS.map((s) => s.code));
  const claims: { domain: string; prefix: string; normalized: string }[] = [];
  c.domains.forEach((d, i) => {
    if (d.departments.length === 0) push('domains.no-department', `/content/domains/${i}/departments`, { domain: d.id });
    d.departments.forEach((dep, j) => {
      if (!departments.has(dep)) push('domains.unknown-department', `/content/domains/${i}/departments/${j}`, { domain: d.id, department: dep });
    });
    d.match.industryPrefixes.forEach((prefix, j) => {
      const path = `/content/domains/${i}/match/industryPrefixes/${j}`;
      let normalized = prefix;
      if (prefix.length === 1) {
        if (!sections.has(prefix)) {
          push('domains.invalid-code', path, { domain: d.id, prefix, detail: `门类 ${prefix} 不存在`, detailEn: `section ${prefix} does not exist` });
          return;
        }
      } else {
        const parsed = parseIndustryCode(prefix);
        if (!parsed.ok) {
          const division = prefix.slice(1, 3);
          const detail =
            parsed.code === 'industry.section-mismatch'
              ? { detail: `大类 ${division} 属于门类 ${parsed.expectedSection}，不属于 ${prefix[0]}`, detailEn: `division ${division} belongs to section ${parsed.expectedSection}, not ${prefix[0]}` }
              : { detail: `大类 ${division} 不在 GB/T 4754-2017 中`, detailEn: `division ${division} is not in GB/T 4754-2017` };
          push('domains.invalid-code', path, { domain: d.id, prefix, ...detail });
          return;
        }
        normalized = parsed.normalized;
      }
      if (d.match.all) return; // a domain of every enterprise overlaps everything by design
      const clash = claims.find((k) => k.domain !== d.id && (k.normalized.startsWith(normalized) || normalized.startsWith(k.normalized)));
      if (clash) {
        push('domains.code-claimed-twice', path, { domain: d.id, prefix, otherDomain: clash.domain, otherPrefix: clash.prefix });
      }
      claims.push({ domain: d.id, prefix, normalized });
    });
  });
}

// ---------------------------------------------------------------- supervision-items

function checkSupervisionItems(doc: SupervisionItemsDocument, push: Push) {
  const items = doc.content.items;
  duplicates(items, (it) => it.code, (i, item) => push('items.duplicate-code', `/content/items/${i}/code`, { item }));
  items.forEach((it, i) => {
    it.changes.forEach((ch, j) => {
      const deadline = addWorkingDays(ch.date, ITEM_REPORT_WORKING_DAYS);
      const base = `/content/items/${i}/changes/${j}`;
      if (!ch.reportedAt) push('items.report-missing', base, { item: it.code, date: ch.date, deadline });
      else if (ch.reportedAt > deadline) {
        push('items.report-late', `${base}/reportedAt`, { item: it.code, date: ch.date, reportedAt: ch.reportedAt, deadline });
      }
    });
  });
}

// ---------------------------------------------------------------- bundle

/**
 * Cross-document checks of a set of documents evaluated together (usually the newest or in-force
 * version of each id): duplicate versions, and references between documents. Each issue carries the
 * `documentId` it belongs to and a pointer into that document. Domain and department references are
 * checked only when the bundle holds a domain-assignment document.
 *
 * @example
 * validateBundle(newestVersions(documents)) // → [] when every reference resolves
 */
export function validateBundle(documents: readonly PolicyDocument[]): Issue[] {
  const out: Issue[] = [];
  const pushFor = (doc: PolicyDocument): Push => (code, path, params = {}, severity) =>
    out.push({ ...makeIssue(code, path, params, severity), documentId: doc.id });

  const seen = new Set<string>();
  const byId = new Map<string, PolicyDocument>();
  for (const doc of documents) {
    const key = `${doc.id}\u0000${doc.version}`;
    if (seen.has(key)) pushFor(doc)('document.duplicate-id', '/version', { id: doc.id, version: doc.version });
    seen.add(key);
    const cur = byId.get(doc.id);
    if (!cur || doc.version >= cur.version) byId.set(doc.id, doc);
  }

  const assignments = documents.filter((d): d is DomainAssignmentDocument => d.kind === 'domain-assignment');
  const domains = assignments.length ? new Set(assignments.flatMap((a) => a.content.domains.map((d) => d.id))) : undefined;
  const departments = assignments.length ? new Set(assignments.flatMap((a) => a.content.departments.map((d) => d.id))) : undefined;
  const where = (a: { zh: string; en: string }) => ({ where: a.zh, whereEn: a.en });
  const inAssignment = where({ zh: '（部门监管领域分工中没有）', en: ' in the domain assignment' });

  for (const doc of documents) {
    const push = pushFor(doc);
    if (doc.kind === 'sampling') {
      const grading = byId.get(doc.content.grading);
      if (!grading || grading.kind !== 'grading') {
        push('sampling.unknown-grading', '/content/grading', { grading: doc.content.grading });
      } else {
        const g = grading.content;
        const known = new Set(g.grades.map((x) => x.code));
        const list = [...known].join(', ');
        const rowGrades = new Set(doc.content.rows.map((r) => r.grade));
        doc.content.rows.forEach((r, i) => {
          if (!known.has(r.grade)) push('grades.unknown', `/content/rows/${i}/grade`, { grade: r.grade, known: list });
        });
        doc.content.exceptions.forEach((e, i) => {
          if (!known.has(e.grade)) push('grades.unknown', `/content/exceptions/${i}/grade`, { grade: e.grade, known: list });
        });
        // judged above in the document's own row order; here in the grading's order, best to worst
        const ranked = g.grades.map((x) => x.code).filter((code) => code !== g.unratedGrade && rowGrades.has(code));
        const order = doc.content.rows.map((r) => r.grade).filter((code) => ranked.includes(code));
        if (order.join('\u0000') !== ranked.join('\u0000') && new Set(order).size === order.length) {
          push('sampling.rows-out-of-order', '/content/rows', { order: order.join(' > '), expected: ranked.join(' > '), grading: grading.id });
          const table = ranked.map((code) => {
            const i = doc.content.rows.findIndex((r) => r.grade === code);
            return { ...doc.content.rows[i]!, path: `/content/rows/${i}` };
          });
          worstAgainstBest(table, { where: '', whereEn: '' }, push);
        }
        for (const grade of known) {
          if (!rowGrades.has(grade)) {
            // an unrated enterprise may reasonably fall back to a default; a ranked grade may not
            push('sampling.grade-missing', '/content/rows', { grade, grading: grading.id }, grade === g.unratedGrade ? 'warning' : 'error');
          }
        }
      }
      if (domains) {
        doc.content.exceptions.forEach((e, i) => {
          if (!domains.has(e.domain)) push('bundle.unknown-reference', `/content/exceptions/${i}/domain`, { what: '监管领域', whatEn: 'domain', ref: e.domain, ...inAssignment });
        });
      }
    } else if (doc.kind === 'industry-model') {
      const c = doc.content;
      if (domains && !domains.has(c.domain)) {
        push('bundle.unknown-reference', '/content/domain', { what: '监管领域', whatEn: 'domain', ref: c.domain, ...inAssignment });
      }
      if (departments && !departments.has(c.department)) {
        push('bundle.unknown-reference', '/content/department', { what: '部门', whatEn: 'department', ref: c.department, ...where({ zh: '（部门目录中没有）', en: ' in the department directory' }) });
      }
      if (c.combine.with !== undefined && byId.get(c.combine.with)?.kind !== 'grading') {
        push('bundle.unknown-reference', '/content/combine/with', { what: '评价文档', whatEn: 'grading document', ref: c.combine.with, where: '', whereEn: '' });
      }
    } else if (doc.kind === 'supervision-items') {
      if (departments && !departments.has(doc.content.department)) {
        push('bundle.unknown-reference', '/content/department', { what: '部门', whatEn: 'department', ref: doc.content.department, ...where({ zh: '（部门目录中没有）', en: ' in the department directory' }) });
      }
      if (domains) {
        doc.content.items.forEach((it, i) => {
          if (!domains.has(it.domain)) push('items.unknown-domain', `/content/items/${i}/domain`, { item: it.code, domain: it.domain });
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- enterprise records

const enterpriseRemap: StructuralRemap = (issue, pointer, input) => {
  if (issue.code !== 'invalid_format') return undefined;
  const value = String(valueAtPointer(input, pointer));
  if (pointer === '/uscc') return { code: 'uscc.invalid', params: { value } };
  if (pointer === '/industryCode') return { code: 'industry.invalid', params: { value } };
  return undefined;
};

/**
 * Validates one enterprise record (CONTRACTS §1). A wrong USCC check character is a warning naming
 * the expected character; an industry section letter that does not match its division, or an unknown
 * division, is an error. With `line`, every message starts with the line number.
 *
 * @example
 * validateEnterprise({ uscc: '91350100M000100Y43', name: '某公司', industryCode: 'C1391', status: 'active' }, 3)
 * // → { success: true, data: {...}, issues: [] }
 */
export function validateEnterprise(input: unknown, line?: number): ValidationResult<EnterpriseRecord> {
  const parsed = parseStructure(enterpriseRecord, input, enterpriseRemap);
  const issues = parsed.success ? [] : parsed.issues;
  const push: Push = (code, path, params = {}, severity) => issues.push(makeIssue(code, path, params, severity));
  const rec = (input ?? {}) as Record<string, unknown>;
  if (typeof rec.uscc === 'string') {
    const check = checkUscc(rec.uscc);
    if (!check.ok && check.code === 'uscc.check-digit') {
      push('uscc.check-digit', '/uscc', { value: rec.uscc, expected: check.expected ?? '?', actual: rec.uscc[17] ?? '' });
    }
  }
  if (typeof rec.industryCode === 'string') {
    const parsedCode = parseIndustryCode(rec.industryCode);
    const division = /\d{2}/.exec(rec.industryCode)?.[0] ?? '';
    if (!parsedCode.ok && parsedCode.code === 'industry.section-mismatch') {
      push('industry.section-mismatch', '/industryCode', { value: rec.industryCode, division, expected: parsedCode.expectedSection ?? '?' });
    } else if (!parsedCode.ok && parsedCode.code === 'industry.unknown-division') {
      push('industry.unknown-division', '/industryCode', { value: rec.industryCode, division });
    }
  }
  if (line !== undefined) {
    for (const i of issues) {
      i.message = `第 ${line} 行：${i.message}`;
      i.messageEn = `line ${line}: ${i.messageEn}`;
    }
  }
  if (!parsed.success || issues.some((i) => i.severity === 'error')) return { success: false, issues };
  return { success: true, data: parsed.data, issues };
}

/** Prefixes every issue's pointer, e.g. to place an enterprise's issues inside a case file. */
export function prefixIssues(issues: readonly Issue[], prefix: readonly (string | number)[]): Issue[] {
  const p = toPointer(prefix);
  return issues.map((i) => ({ ...i, path: p + i.path }));
}

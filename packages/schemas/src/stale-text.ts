/**
 * Texts that cannot go stale silently: labels, notes, descriptions and rule ids that quote a number
 * ("1年内", "5次以上", "高于85分", "3%", `c-general-over-5`) are checked against the numbers the
 * document actually uses at that place (the window, the rule's thresholds, the band's bounds, the
 * sampling ratio). The validator reports every disagreement; the semantic diff reports those a
 * change made false. Only numbers with a unit are read, so article numbers and dates in notes
 * ("000 三(一)", "2023年", "10月31日") never count.
 */
import type { Band, Condition, GradingContent, IndustryModelContent, MeasureDef, PolicyDocument, SamplingContent, WindowSpec } from './documents.ts';
import type { Issue } from './issues.ts';
import { makeIssue } from './messages.ts';
import { comparisonPhrase, formatNumber, intervalText } from './phrasing.ts';
import type { Phrase } from './phrasing.ts';
import { pointer } from './pointer.ts';

/** What a quoted number counts. */
/** `number`: a bare number of an id (`excellent-above-85`), which says no unit. */
export type QuoteUnit = 'count' | 'years' | 'months' | 'score' | 'percent' | 'perYear' | 'number';

/** A number quoted in a text, with its unit and the words it was read from. */
export interface Quote {
  value: number;
  unit: QuoteUnit;
  text: string;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const RANGE = String.raw`(?:${NUM}\s*(?:至|到|~|～|-|–|—)\s*)?`;
// order matters: earlier patterns claim their characters first ("每年2次" is a frequency, not a count)
const PATTERNS: { unit: QuoteUnit; re: RegExp; fixed?: number }[] = [
  { unit: 'perYear', re: new RegExp(String.raw`每年\s*${RANGE}${NUM}\s*次`, 'g') },
  { unit: 'perYear', re: new RegExp(String.raw`${RANGE}${NUM}\s*次\s*/\s*年`, 'g') },
  { unit: 'perYear', re: new RegExp(String.raw`${RANGE}${NUM}\s*(?:times?|inspections?)\s*(?:a|per)\s*year`, 'gi') },
  { unit: 'months', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*个月`, 'g') },
  { unit: 'months', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*months?\b`, 'gi') },
  { unit: 'years', re: new RegExp(String.raw`(?<![\d.])${RANGE}(\d{1,2})\s*(?:个)?年(?!度)`, 'g') },
  { unit: 'years', re: new RegExp(String.raw`(?<![\d.])${RANGE}(\d{1,2})\s*years?\b`, 'gi') },
  { unit: 'years', re: /\b(?:last|past|previous)\s+year\b/gi, fixed: 1 },
  { unit: 'percent', re: new RegExp(String.raw`${RANGE}${NUM}\s*[%％]`, 'g') },
  { unit: 'score', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*分(?![之钟类级])`, 'g') },
  { unit: 'score', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*points?\b`, 'gi') },
  { unit: 'count', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*(?:次|起|件)`, 'g') },
  { unit: 'count', re: new RegExp(String.raw`(?<![\d.])${RANGE}${NUM}\s*(?:or more\s+|or fewer\s+|or less\s+)?(?:\w+\s+)?(?:records?|times)\b`, 'gi') },
  { unit: 'count', re: new RegExp(String.raw`\b(?:more than|over|at least|up to|at most|fewer than|less than)\s+${NUM}\b`, 'gi') },
];

/**
 * The numbers a text quotes with a unit.
 *
 * @example
 * quotedNumbers('1年内有5次以上一般失信行为记录') // → [{ value: 1, unit: 'years', text: '1年' }, { value: 5, unit: 'count', text: '5次' }]
 */
export function quotedNumbers(text: string): Quote[] {
  const taken: [number, number][] = [];
  const out: (Quote & { at: number })[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      const words = m[0].trim();
      if (p.fixed !== undefined) {
        out.push({ value: p.fixed, unit: p.unit, text: words, at: start });
        continue;
      }
      for (const g of m.slice(1)) if (g !== undefined) out.push({ value: Number(g), unit: p.unit, text: words, at: start });
    }
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...q }) => q);
}

/**
 * The numbers of an id's dash-separated parts (`c-general-over-5` → [5], `b-general-1-to-5` → [1, 5]).
 */
export function idNumbers(id: string): number[] {
  return id
    .split(/[-.]/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

// ---------------------------------------------------------------- facts

/** The numbers a place of the document uses, per unit, with how to say them. */
interface Facts {
  /** Values a quote of the unit may carry without being wrong. */
  ok: Map<QuoteUnit, Set<number>>;
  /** How the document says those numbers ("规则 > 3", "统计期间 2 年"). */
  said: Map<QuoteUnit, Phrase>;
}

/** A text of the document and the numbers it must agree with. */
export interface TextCheck {
  /** Stable across versions: the element and the text field (`rule:c-general-over-5:note`). */
  key: string;
  /** Pointer of the text. */
  path: string;
  /** The text's place in words ("规则 c-general-over-5 的说明"). */
  what: Phrase;
  /** The quotes of the text. */
  quotes: Quote[];
  facts: Facts;
}

/** A quote that disagrees with its place's numbers. */
export interface StaleQuote {
  check: TextCheck;
  quote: Quote;
  /** How the document says the number now. */
  fact: Phrase;
}

const UNIT_ZH: Record<QuoteUnit, string> = { number: '', count: '次', years: '年', months: '个月', score: '分', percent: '%', perYear: '次/年' };

const UNIT_EN: Record<QuoteUnit, string> = { number: '', count: 'times', years: 'years', months: 'months', score: 'points', percent: '%', perYear: 'per year' };

/** A quote as a reader sees it: "5 次", "1 年", "3%" (English: "number 5 (times)"). */
export function quoteText(q: Pick<Quote, 'value' | 'unit'>): Phrase {
  const v = formatNumber(q.value);
  if (q.unit === 'percent') return { zh: `${v}%`, en: `${v}%` };
  if (q.unit === 'number') return { zh: `${v} `, en: `number ${v}` };
  return { zh: `${v} ${UNIT_ZH[q.unit]}`, en: `number ${v} (${UNIT_EN[q.unit]})` };
}

/** The `text.stale-number` issue of a stale quote. */
export function staleQuoteIssue(s: StaleQuote): Issue {
  const q = quoteText(s.quote);
  return makeIssue('text.stale-number', s.check.path, { what: s.check.what.zh, whatEn: s.check.what.en, quoted: q.zh, quotedEn: q.en, fact: s.fact.zh, factEn: s.fact.en });
}

class FactSet {
  readonly ok = new Map<QuoteUnit, Set<number>>();
  readonly said = new Map<QuoteUnit, { zh: string[]; en: string[] }>();
  add(unit: QuoteUnit, values: readonly number[], said: Phrase) {
    const s = this.ok.get(unit) ?? new Set<number>();
    for (const v of values) s.add(v);
    this.ok.set(unit, s);
    const p = this.said.get(unit) ?? { zh: [], en: [] };
    if (!p.zh.includes(said.zh)) {
      p.zh.push(said.zh);
      p.en.push(said.en);
    }
    this.said.set(unit, p);
  }
  facts(): Facts {
    return { ok: this.ok, said: new Map([...this.said].map(([u, p]) => [u, { zh: p.zh.join('、'), en: p.en.join(', ') }])) };
  }
}

function windowFacts(f: FactSet, w: WindowSpec | undefined) {
  const years = w?.years ?? 1;
  const months = w?.months ?? 0;
  const total = years * 12 + months;
  const said = {
    zh: `统计期间 ${`${years ? `${years} 年` : ''}${months ? `${months} 个月` : ''}` || '0'}`,
    en: `the ${[years ? `${years}-year` : '', months ? `${months}-month` : ''].filter(Boolean).join(' ')} window`,
  };
  f.add('years', total % 12 === 0 ? [total / 12] : [years], said);
  f.add('months', months ? [total, months] : [total], said);
}

/** Values a whole-number threshold may be quoted as: "5次以上" means > 5 or ≥ 5 (以上 includes the number in legal Chinese). */
function countValues(op: string, v: number): number[] {
  switch (op) {
    case '>':
    case '<=':
      return [v, v + 1];
    case '>=':
    case '<':
      return [v, v - 1];
    default:
      return [v];
  }
}

interface Compare {
  measure: string;
  op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  value: number;
}

function numericCompares(c: Condition): Compare[] {
  if ('all' in c) return c.all.flatMap(numericCompares);
  if ('any' in c) return c.any.flatMap(numericCompares);
  if ('not' in c) return numericCompares(c.not);
  if ('measure' in c && typeof c.value === 'number') return [{ measure: c.measure, op: c.op, value: c.value }];
  return [];
}

function measureIds(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(measureIds);
  if ('any' in c) return c.any.flatMap(measureIds);
  if ('not' in c) return measureIds(c.not);
  if ('measure' in c) return [c.measure];
  return [];
}

/** The facts of a rule or override: thresholds of its comparisons and the windows of its record counts. */
function ruleFacts(f: FactSet, when: Condition, measures: ReadonlyMap<string, MeasureDef>, docWindow: WindowSpec) {
  const cmp = numericCompares(when);
  const counts = cmp.filter((x) => measures.get(x.measure)?.type === 'recordCount');
  const scores = cmp.filter((x) => measures.get(x.measure)?.type === 'score');
  if (counts.length) {
    const said = counts.map((x) => comparisonPhrase(x.op, x.value));
    f.add('count', counts.flatMap((x) => countValues(x.op, x.value)), { zh: `规则 ${said.map((s) => s.zh).join(' 且 ')}`, en: `the rule's ${said.map((s) => s.en).join(' and ')}` });
  }
  if (scores.length) {
    const said = scores.map((x) => comparisonPhrase(x.op, x.value));
    f.add('score', scores.map((x) => x.value), { zh: `规则 ${said.map((s) => s.zh).join(' 且 ')}`, en: `the rule's ${said.map((s) => s.en).join(' and ')}` });
  }
  const windows = [...new Set(measureIds(when))].map((id) => measures.get(id)).filter((m): m is Extract<MeasureDef, { type: 'recordCount' }> => m?.type === 'recordCount');
  if (windows.length) for (const m of windows) windowFacts(f, m.window ?? docWindow);
  else windowFacts(f, docWindow);
}

function bandFacts(f: FactSet, b: Pick<Band, 'min' | 'max'>) {
  const values = [b.min?.value, b.max?.value].filter((v): v is number => v !== undefined);
  f.add('score', values, { zh: `区间 ${intervalText(b)}`, en: `the band ${intervalText(b)}` });
}

/** Numbers of an id against the facts: any unit the id's element has. */
function idFacts(facts: Facts): Facts {
  const all = new Set<number>();
  const said: string[] = [];
  const saidEn: string[] = [];
  for (const unit of ['count', 'score', 'percent'] as const) {
    for (const v of facts.ok.get(unit) ?? []) all.add(v);
    const s = facts.said.get(unit);
    if (s) {
      said.push(s.zh);
      saidEn.push(s.en);
    }
  }
  return all.size ? { ok: new Map([['number', all]]), said: new Map([['number', { zh: said.join('、'), en: saidEn.join(', ') }]]) } : { ok: new Map(), said: new Map() };
}

function texts(
  out: TextCheck[],
  key: string,
  base: string,
  what: Phrase,
  fields: { field: string; text: string | undefined; zh: string; en: string }[],
  facts: Facts,
) {
  for (const x of fields) {
    if (!x.text) continue;
    const quotes = quotedNumbers(x.text);
    if (quotes.length) out.push({ key: `${key}:${x.field}`, path: `${base}/${x.field.split('.').join('/')}`, what: { zh: `${what.zh} 的${x.zh}`, en: `the ${x.en} of ${what.en}` }, quotes, facts });
  }
}

function idCheck(out: TextCheck[], key: string, path: string, id: string, noun: Phrase, facts: Facts) {
  const nums = idNumbers(id);
  if (!nums.length) return;
  out.push({ key: `${key}:id`, path, what: { zh: `${noun.zh}标识 ${id} `, en: `the id ${id} of the ${noun.en}` }, quotes: nums.map((value) => ({ value, unit: 'number', text: id })), facts: idFacts(facts) });
}

function gradingChecks(c: GradingContent): TextCheck[] {
  const out: TextCheck[] = [];
  const measures = new Map(c.measures.map((m) => [m.id, m]));
  c.measures.forEach((m, i) => {
    if (m.type !== 'recordCount') return;
    const f = new FactSet();
    windowFacts(f, m.window ?? c.window);
    const what = { zh: `度量 ${m.id}`, en: `measure ${m.id}` };
    texts(out, `measure:${m.id}`, pointer('content', 'measures', i), what, [
      { field: 'label.zh', text: m.label?.zh, zh: '名称', en: 'label' },
      { field: 'label.en', text: m.label?.en, zh: '英文名称', en: 'English label' },
    ], f.facts());
  });

  // per grade: the facts of everything that gives it
  const byGrade = new Map<string, FactSet>();
  const gradeFacts = (g: string) => byGrade.get(g) ?? byGrade.set(g, new FactSet()).get(g)!;
  const d = c.decision;
  if (d.type === 'rules') {
    d.rules.forEach((r, i) => {
      const f = new FactSet();
      ruleFacts(f, r.when, measures, c.window);
      ruleFacts(gradeFacts(r.grade), r.when, measures, c.window);
      const base = pointer('content', 'decision', 'rules', i);
      const what = { zh: `规则 ${r.id}`, en: `rule ${r.id}` };
      texts(out, `rule:${r.id}`, base, what, [{ field: 'note', text: r.note, zh: '说明', en: 'note' }], f.facts());
      idCheck(out, `rule:${r.id}`, `${base}/id`, r.id, { zh: '规则', en: 'rule' }, f.facts());
    });
  } else {
    d.bands.forEach((b, i) => {
      const f = new FactSet();
      bandFacts(f, b);
      bandFacts(gradeFacts(b.grade), b);
      idCheck(out, `band:${b.id}`, pointer('content', 'decision', 'bands', i, 'id'), b.id, { zh: '区间', en: 'band' }, f.facts());
    });
  }
  c.overrides.forEach((o, i) => {
    const f = new FactSet();
    ruleFacts(f, o.when, measures, c.window);
    ruleFacts(gradeFacts(o.grade), o.when, measures, c.window);
    const base = pointer('content', 'overrides', i);
    const what = { zh: `强制调整 ${o.id}`, en: `override ${o.id}` };
    texts(out, `override:${o.id}`, base, what, [{ field: 'note', text: o.note, zh: '说明', en: 'note' }], f.facts());
    idCheck(out, `override:${o.id}`, `${base}/id`, o.id, { zh: '强制调整', en: 'override' }, f.facts());
  });
  c.grades.forEach((g, i) => {
    const f = byGrade.get(g.code) ?? new FactSet();
    if (!f.ok.has('years')) windowFacts(f, c.window);
    texts(out, `grade:${g.code}`, pointer('content', 'grades', i), { zh: `等级 ${g.code}`, en: `grade ${g.code}` }, [
      { field: 'label.zh', text: g.label.zh, zh: '名称', en: 'label' },
      { field: 'description', text: g.description, zh: '说明', en: 'description' },
    ], f.facts());
  });
  return out;
}

function industryModelChecks(c: IndustryModelContent): TextCheck[] {
  const out: TextCheck[] = [];
  c.indicators.forEach((ind, i) => {
    if (ind.source.from !== 'recordCount') return;
    const f = new FactSet();
    windowFacts(f, ind.source.window);
    texts(out, `indicator:${ind.id}`, pointer('content', 'indicators', i), { zh: `指标 ${ind.id}`, en: `indicator ${ind.id}` }, [
      { field: 'label.zh', text: ind.label.zh, zh: '名称', en: 'label' },
      { field: 'label.en', text: ind.label.en, zh: '英文名称', en: 'English label' },
    ], f.facts());
  });
  const byGrade = new Map<string, FactSet>();
  c.thresholds.forEach((b, i) => {
    const f = new FactSet();
    bandFacts(f, b);
    const g = byGrade.get(b.grade) ?? byGrade.set(b.grade, new FactSet()).get(b.grade)!;
    bandFacts(g, b);
    idCheck(out, `threshold:${b.id}`, pointer('content', 'thresholds', i, 'id'), b.id, { zh: '等级阈值', en: 'threshold' }, f.facts());
  });
  c.grades.forEach((g, i) => {
    const f = byGrade.get(g.code);
    if (!f) return;
    texts(out, `grade:${g.code}`, pointer('content', 'grades', i), { zh: `等级 ${g.code}`, en: `grade ${g.code}` }, [
      { field: 'description', text: g.description, zh: '说明', en: 'description' },
    ], f.facts());
  });
  return out;
}

function samplingChecks(c: SamplingContent): TextCheck[] {
  const out: TextCheck[] = [];
  const rowFacts = (r: { ratioPercent: number; frequencyPerYear: number; range?: { min: number; max: number } | undefined }) => {
    const f = new FactSet();
    f.add('percent', [r.ratioPercent, ...(r.range ? [r.range.min, r.range.max] : [])], {
      zh: `抽查比例 ${formatNumber(r.ratioPercent)}%${r.range ? `（区间 ${formatNumber(r.range.min)}%–${formatNumber(r.range.max)}%）` : ''}`,
      en: `the ratio ${formatNumber(r.ratioPercent)}%`,
    });
    f.add('perYear', [r.frequencyPerYear], { zh: `每年抽查 ${formatNumber(r.frequencyPerYear)} 次`, en: `${formatNumber(r.frequencyPerYear)} inspections a year` });
    return f.facts();
  };
  c.rows.forEach((r, i) => {
    texts(out, `row:${r.grade}`, pointer('content', 'rows', i), { zh: `抽查比例表中等级 ${r.grade}`, en: `the sampling row of grade ${r.grade}` }, [
      { field: 'note', text: r.note, zh: '说明', en: 'note' },
    ], rowFacts(r));
  });
  c.exceptions.forEach((e, i) => {
    texts(out, `exception:${e.domain}|${e.grade}`, pointer('content', 'exceptions', i), { zh: `领域例外 ${e.domain} ${e.grade}`, en: `the exception for ${e.domain} ${e.grade}` }, [
      { field: 'note', text: e.note, zh: '说明', en: 'note' },
    ], rowFacts(e));
  });
  return out;
}

/** The texts of a document that quote numbers, each with the numbers it must agree with. */
export function textChecks(doc: PolicyDocument): TextCheck[] {
  switch (doc.kind) {
    case 'grading':
      return gradingChecks(doc.content);
    case 'industry-model':
      return industryModelChecks(doc.content);
    case 'sampling':
      return samplingChecks(doc.content);
    case 'domain-assignment':
    case 'supervision-items':
    case 'early-warning':
      return [];
  }
}

/**
 * The quotes of a text that disagree with the numbers of its place. A quote whose unit the place has
 * no number for is not judged.
 */
export function staleQuotes(check: TextCheck): StaleQuote[] {
  const out: StaleQuote[] = [];
  const seen = new Set<string>();
  for (const q of check.quotes) {
    const ok = check.facts.ok.get(q.unit);
    const said = check.facts.said.get(q.unit);
    if (!ok || !said || ok.has(q.value)) continue;
    const k = `${q.unit}:${q.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ check, quote: q, fact: said });
  }
  return out;
}

/**
 * Quotes of the newer version that the change made false: wrong now, right (or absent at the same
 * place) before.
 */
export function staleAfterChange(before: PolicyDocument, after: PolicyDocument): StaleQuote[] {
  const old = new Map(textChecks(before).map((c) => [c.key, c]));
  const out: StaleQuote[] = [];
  for (const check of textChecks(after)) {
    const prev = old.get(check.key);
    if (!prev) continue;
    for (const s of staleQuotes(check)) {
      const wasOk = prev.facts.ok.get(s.quote.unit)?.has(s.quote.value) ?? false;
      if (wasOk) out.push(s);
    }
  }
  return out;
}

/**
 * Places in a document named the way a person sees them on screen: 事项 SCJG-003, 档位「优」,
 * 第 2 条例外规则, 等级「A 类（守信）」… instead of a JSON pointer. The validator's messages start
 * from these; the pointer stays a secondary detail of the issue.
 */
import type { Phrase } from './phrasing.ts';
import type { PointerSegment } from './pointer.ts';

/** Names a document cannot hold itself (the grades of the grading a sampling table follows, domains, departments). */
export interface PlaceNames {
  grade?: (code: string) => Phrase | undefined;
  domain?: (id: string) => Phrase | undefined;
  department?: (id: string) => Phrase | undefined;
}

/** Where in a document: the row as a person names it, and how many path segments that row takes. */
export interface Place {
  place: Phrase;
  /** Path segments the place covers (the rest names a field inside it). */
  used: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const textOf = (v: unknown): Phrase | undefined => {
  const o = obj(v);
  const zh = str(o?.zh);
  return zh ? { zh, en: str(o?.en) ?? zh } : undefined;
};

/**
 * A grade as people read it: its label (优), or code and label for letter grades (A 类（守信）).
 *
 * @example
 * gradeName('A', { zh: '守信', en: 'Trustworthy' }) // → { zh: 'A 类（守信）', en: 'A (Trustworthy)' }
 * gradeName('excellent', { zh: '优', en: 'Excellent' }) // → { zh: '优', en: 'Excellent' }
 */
export function gradeName(code: string, label: Phrase | { zh: string; en?: string | undefined } | undefined): Phrase {
  if (!label) return /^[A-Z]{1,2}$/.test(code) ? { zh: `${code} 类`, en: code } : { zh: code, en: code };
  const en = label.en ?? label.zh;
  if (/^[A-Z]{1,2}$/.test(code) && !label.zh.includes(code)) return { zh: `${code} 类（${label.zh}）`, en: `${code} (${en})` };
  return { zh: label.zh, en };
}

/** The grade names a document holds itself (gradings and industry models), else those of `names`. */
export function gradeNamer(doc: unknown, names: PlaceNames = {}): (code: string) => Phrase {
  const grades = arr(obj(obj(doc)?.content)?.grades);
  return (code) => {
    const g = grades.map(obj).find((x) => x?.code === code);
    if (g) return gradeName(code, textOf(g.label));
    const named = names.grade?.(code);
    return named ? gradeName(code, named) : gradeName(code, undefined);
  };
}

const quoted = (p: Phrase): Phrase => ({ zh: `「${p.zh}」`, en: `“${p.en}”` });
const seq = (zhUnit: string, enUnit: string, i: number): Phrase => ({ zh: `第 ${i + 1} ${zhUnit}`, en: `${enUnit} ${i + 1}` });
const of = (outer: Phrase, inner: Phrase): Phrase => ({ zh: `${outer.zh}${/[A-Za-z0-9]$/.test(outer.zh) ? ' ' : ''}的${inner.zh}`, en: `${inner.en} of ${outer.en}` });

/** A row of a band table (grading bands, industry-model thresholds): its grade, with its number when several bands give that grade. */
function bandPlace(bands: unknown[], i: number, grade: (code: string) => Phrase): Phrase {
  const b = obj(bands[i]);
  const code = str(b?.grade);
  if (!code) return seq('个档位', 'band', i);
  const name = grade(code);
  const same = bands.filter((x) => obj(x)?.grade === code).length;
  return same > 1 ? { zh: `第 ${i + 1} 个档位（${name.zh}）`, en: `band ${i + 1} (${name.en})` } : { zh: `档位${quoted(name).zh}`, en: `band ${quoted(name).en}` };
}

/**
 * The row a path points into, named as on screen; undefined for a place outside any row
 * (e.g. `/title`).
 *
 * @example
 * placeOf(doc, ['content', 'items', 2, 'riskPoints', 0, 'level'])
 * // → { place: { zh: '事项 SCJG-003 的第 1 个风险点', en: 'risk point 1 of item SCJG-003' }, used: 5 }
 */
export function placeOf(doc: unknown, path: readonly PointerSegment[], names: PlaceNames = {}): Place | undefined {
  const d = obj(doc);
  const c = obj(d?.content);
  if (!d || !c || path[0] !== 'content') return undefined;
  const index = (k: number) => (typeof path[k] === 'number' ? (path[k] as number) : /^\d+$/.test(String(path[k] ?? '')) ? Number(path[k]) : undefined);
  const grade = gradeNamer(doc, names);
  const domain = (id: unknown): Phrase | undefined => {
    if (typeof id !== 'string') return undefined;
    const own = arr(c.domains).map(obj).find((x) => x?.id === id);
    return textOf(own?.name) ?? names.domain?.(id) ?? { zh: id, en: id };
  };
  const department = (id: unknown): Phrase | undefined => {
    if (typeof id !== 'string') return undefined;
    const own = arr(c.departments).map(obj).find((x) => x?.id === id);
    return textOf(own?.name) ?? names.department?.(id) ?? { zh: id, en: id };
  };
  const key = path[1];
  const i = index(2);

  if (d.kind === 'supervision-items' && key === 'items' && i !== undefined) {
    const it = obj(arr(c.items)[i]);
    const code = str(it?.code);
    const item: Phrase = code ? { zh: `事项 ${code}`, en: `item ${code}` } : { zh: `第 ${i + 1} 个事项`, en: `item ${i + 1}` };
    const sub = path[3];
    const j = index(4);
    const units: Record<string, [string, string]> = {
      riskPoints: ['个风险点', 'risk point'],
      triggers: ['个触发点', 'trigger'],
      measures: ['条监管措施', 'measure'],
      changes: ['条变更记录', 'change'],
    };
    if (typeof sub === 'string' && units[sub] && j !== undefined) return { place: of(item, seq(units[sub][0], units[sub][1], j)), used: 5 };
    return { place: item, used: 3 };
  }
  if (d.kind === 'grading' || d.kind === 'industry-model') {
    if (key === 'grades' && i !== undefined) {
      const g = obj(arr(c.grades)[i]);
      const label = textOf(g?.label);
      return { place: label ? { zh: `等级${quoted(label).zh}`, en: `grade ${quoted(label).en}` } : seq('个等级', 'grade', i), used: 3 };
    }
    if (d.kind === 'grading' && key === 'decision' && path[2] === 'bands') {
      const k = index(3);
      if (k === undefined) return undefined;
      return { place: bandPlace(arr(obj(c.decision)?.bands), k, grade), used: 4 };
    }
    if (d.kind === 'grading' && key === 'decision' && path[2] === 'rules') {
      const k = index(3);
      if (k === undefined) return undefined;
      const code = str(obj(arr(obj(c.decision)?.rules)[k])?.grade);
      const g = code ? grade(code) : undefined;
      return { place: g ? { zh: `第 ${k + 1} 条规则（${g.zh}）`, en: `rule ${k + 1} (${g.en})` } : seq('条规则', 'rule', k), used: 4 };
    }
    if (key === 'overrides' && i !== undefined) {
      const code = str(obj(arr(c.overrides)[i])?.grade);
      const g = code ? grade(code) : undefined;
      return { place: g ? { zh: `第 ${i + 1} 条强制调整（${g.zh}）`, en: `override ${i + 1} (${g.en})` } : seq('条强制调整', 'override', i), used: 3 };
    }
    if (key === 'measures' && i !== undefined) {
      const m = obj(arr(c.measures)[i]);
      const label = textOf(m?.label) ?? (str(m?.id) ? { zh: String(m!.id), en: String(m!.id) } : undefined);
      return { place: label ? { zh: `度量${quoted(label).zh}`, en: `measure ${quoted(label).en}` } : seq('个度量', 'measure', i), used: 3 };
    }
    if (key === 'thresholds' && i !== undefined) return { place: bandPlace(arr(c.thresholds), i, grade), used: 3 };
    if ((key === 'indicators' || key === 'criteria') && i !== undefined) {
      const label = textOf(obj(arr(c[key])[i])?.label);
      const [zh, en] = key === 'indicators' ? ['指标', 'indicator'] : ['准则', 'criterion'];
      return { place: label ? { zh: `${zh}${quoted(label).zh}`, en: `${en} ${quoted(label).en}` } : seq(`个${zh}`, en, i), used: 3 };
    }
  }
  if (i === undefined) return undefined;
  if (d.kind === 'sampling') {
    if (key === 'rows') {
      const code = str(obj(arr(c.rows)[i])?.grade);
      const g = code ? grade(code) : undefined;
      return { place: g ? { zh: `抽查比例表中等级${quoted(g).zh}一行`, en: `the row of grade ${quoted(g).en}` } : seq('行抽查比例', 'row', i), used: 3 };
    }
    if (key === 'exceptions') {
      const e = obj(arr(c.exceptions)[i]);
      const dn = domain(e?.domain);
      const code = str(e?.grade);
      const g = code ? grade(code) : undefined;
      const what = [dn?.zh, g?.zh].filter(Boolean).join('、');
      const whatEn = [dn?.en, g?.en].filter(Boolean).join(', ');
      return { place: what ? { zh: `第 ${i + 1} 条例外规则（${what}）`, en: `exception ${i + 1} (${whatEn})` } : seq('条例外规则', 'exception', i), used: 3 };
    }
    if (key === 'domainBasis') {
      const dn = domain(obj(arr(c.domainBasis)[i])?.domain);
      return { place: dn ? { zh: `抽查依据中领域${quoted(dn).zh}一行`, en: `the basis of domain ${quoted(dn).en}` } : seq('条领域抽查依据', 'domain basis', i), used: 3 };
    }
    if (key === 'inspectionPlans') {
      const p = obj(arr(c.inspectionPlans)[i]);
      const dep = department(p?.department);
      const year = typeof p?.year === 'number' ? p.year : undefined;
      if (dep && year !== undefined) return { place: { zh: `${dep.zh} ${year} 年抽查计划`, en: `the ${year} plan of ${dep.en}` }, used: 3 };
      return { place: seq('条年度抽查计划', 'yearly plan', i), used: 3 };
    }
  }
  if (d.kind === 'early-warning' && (key === 'rules' || key === 'measures')) {
    const row = obj(arr(c[key])[i]);
    const name = textOf(row?.label) ?? (str(row?.id) ? { zh: String(row!.id), en: String(row!.id) } : undefined);
    const [zh, en] = key === 'rules' ? ['预警规则', 'warning rule'] : ['重点指标', 'key indicator'];
    return { place: name ? { zh: `${zh}${quoted(name).zh}`, en: `${en} ${quoted(name).en}` } : seq(`条${zh}`, en, i), used: 3 };
  }
  if (d.kind === 'domain-assignment' && (key === 'departments' || key === 'domains')) {
    const row = obj(arr(c[key])[i]);
    const name = textOf(row?.name) ?? (str(row?.id) ? { zh: String(row!.id), en: String(row!.id) } : undefined);
    const [zh, en] = key === 'departments' ? ['部门', 'department'] : ['监管领域', 'domain'];
    return { place: name ? { zh: `${zh}${quoted(name).zh}`, en: `${en} ${quoted(name).en}` } : seq(`个${zh}`, en, i), used: 3 };
  }
  return undefined;
}

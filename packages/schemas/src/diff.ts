/**
 * Semantic diff of two versions of a policy document: what changed, said in policy language
 * ("C 类判定：一般失信记录数 > 5 → > 3", "A 类抽查比例 3% → 5%"), in Chinese and English, each
 * sentence located by a JSON pointer. Pure: reviewers read it beside the raw JSON diff.
 */
import { ahp } from './ahp.ts';
import type {
  Band,
  Bound,
  Condition,
  DocumentKind,
  DomainAssignmentContent,
  GradingContent,
  IndicatorDef,
  IndustryModelContent,
  LocalizedText,
  MeasureDef,
  PolicyDocument,
  SamplingContent,
  SupervisionItemsContent,
} from './documents.ts';
import { bandRangePhrase, boundPhrase, comparisonPhrase, conditionPhrase, formatNumber as num } from './phrasing.ts';
import type { MeasureNamer, Phrase } from './phrasing.ts';
import { escapePointerToken, pointer } from './pointer.ts';
import { staleAfterChange, staleQuoteIssue } from './stale-text.ts';

/** One change in policy language. */
export interface DiffSentence {
  zh: string;
  en: string;
  /** JSON pointer of the changed place (in the newer version; in the older one for removals). */
  path: string;
  /** True for a consequence the reviewer must look at, not a change: e.g. a text the change made false. */
  warning?: boolean;
}

export interface SemanticDiff {
  sentences: DiffSentence[];
}

/** One leaf-level change of the raw JSON diff. */
export interface RawChange {
  op: 'add' | 'remove' | 'replace';
  path: string;
  before?: unknown;
  after?: unknown;
}

// ---------------------------------------------------------------- helpers

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const zhName = (l: LocalizedText | undefined, fallback: string) => l?.zh ?? fallback;
const enName = (l: LocalizedText | undefined, fallback: string) => l?.en ?? l?.zh ?? fallback;
const pct = (n: number) => `${num(n)}%`;

/** Elements of two arrays matched by key: added, removed and kept (with both indexes). */
function matchBy<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const b = new Map(before.map((t, i) => [key(t), { t, i }] as const));
  const a = new Map(after.map((t, i) => [key(t), { t, i }] as const));
  const added = [...a].filter(([k]) => !b.has(k)).map(([k, v]) => ({ key: k, ...v }));
  const removed = [...b].filter(([k]) => !a.has(k)).map(([k, v]) => ({ key: k, ...v }));
  const kept = [...a]
    .filter(([k]) => b.has(k))
    .map(([k, v]) => ({ key: k, after: v.t, ai: v.i, before: b.get(k)!.t, bi: b.get(k)!.i }));
  return { added, removed, kept };
}

class Out {
  readonly sentences: DiffSentence[] = [];
  add(path: string, zh: string, en: string) {
    this.sentences.push({ zh, en, path });
  }
}

// ---------------------------------------------------------------- bounds and conditions (words in phrasing.ts)

const boundText = (b: Bound | undefined, side: 'min' | 'max') => boundPhrase(b, side).zh;
const boundTextEn = (b: Bound | undefined, side: 'min' | 'max') => boundPhrase(b, side).en;
const bandRange = (b: { min?: Bound; max?: Bound }) => bandRangePhrase(b).zh;
const bandRangeEn = (b: { min?: Bound; max?: Bound }) => bandRangePhrase(b).en;

const SEVERITY_ZH = { general: '一般失信', serious: '严重失信', ignore: '不计入' } as const;
const SEVERITY_EN = { general: 'general', serious: 'serious', ignore: 'ignored' } as const;
const STATUS_ZH = { active: '存续', 'licence-revoked': '吊销营业执照', deregistered: '注销' } as const;

/** Chinese and English name of a measure as a reviewer would say it. */
function measureName(m: MeasureDef | undefined, id: string): { zh: string; en: string } {
  if (!m) return { zh: id, en: id };
  if (m.label) return { zh: m.label.zh, en: m.label.en ?? m.label.zh };
  switch (m.type) {
    case 'recordCount':
      if (m.kinds) return { zh: `${m.kinds.join('、')} 记录数`, en: `${m.kinds.join(', ')} records` };
      if (m.severity) return { zh: `${SEVERITY_ZH[m.severity]}记录数`, en: `${SEVERITY_EN[m.severity]} records` };
      return { zh: '失信记录数', en: 'dishonesty records' };
    case 'listMember':
      return { zh: `在名单 ${m.list}`, en: `on list ${m.list}` };
    case 'status':
      return { zh: `登记状态为${STATUS_ZH[m.equals]}`, en: `status is ${m.equals}` };
    case 'score':
      return { zh: '公共信用综合评价分', en: 'public credit score' };
    case 'indicator':
      return { zh: `行业指标 ${m.key}`, en: `indicator ${m.key}` };
  }
}

const conditionText = (c: Condition, name: MeasureNamer, lang: 'zh' | 'en'): string => conditionPhrase(c, name)[lang];

/**
 * Differences between two conditions of the same shape, leaf by leaf ("> 5 → > 3"); when the
 * shapes differ, one change of the whole condition.
 */
function conditionChanges(
  b: Condition,
  a: Condition,
  path: string,
  name: MeasureNamer,
): (Phrase & { path: string })[] {
  if (same(a, b)) return [];
  if ('measure' in a && 'measure' in b && a.measure === b.measure) {
    const n = name(a.measure);
    const was = comparisonPhrase(b.op, b.value);
    const now = comparisonPhrase(a.op, a.value);
    return [{ path, zh: `${n.zh} ${was.zh} → ${now.zh}`, en: `${n.en} ${was.en} → ${now.en}` }];
  }
  for (const k of ['all', 'any'] as const) {
    if (k in a && k in b) {
      const la = (a as Record<typeof k, Condition[]>)[k];
      const lb = (b as Record<typeof k, Condition[]>)[k];
      if (la.length === lb.length) return la.flatMap((x, i) => conditionChanges(lb[i]!, x, `${path}/${k}/${i}`, name));
    }
  }
  if ('not' in a && 'not' in b) return conditionChanges(b.not, a.not, `${path}/not`, name);
  return [
    {
      path,
      zh: `条件 ${conditionText(b, name, 'zh')} → ${conditionText(a, name, 'zh')}`,
      en: `condition ${conditionText(b, name, 'en')} → ${conditionText(a, name, 'en')}`,
    },
  ];
}

// ---------------------------------------------------------------- grade sets

interface Grades {
  zh(code: string): string;
  en(code: string): string;
}
function gradeNames(...sets: (readonly { code: string; label: LocalizedText }[] | undefined)[]): Grades {
  const map = new Map<string, LocalizedText>();
  for (const s of sets) for (const g of s ?? []) if (!map.has(g.code)) map.set(g.code, g.label);
  // single-letter classes read "C 类"; named grades read by their label ("优")
  return {
    zh: (code) => (code.length <= 2 ? `${code} 类` : (map.get(code)?.zh ?? code)),
    en: (code) => (code.length <= 2 ? `class ${code}` : (map.get(code)?.en ?? code)),
  };
}

function diffGradeSet(
  out: Out,
  base: string,
  before: readonly { code: string; label: LocalizedText }[],
  after: readonly { code: string; label: LocalizedText }[],
) {
  const m = matchBy(before, after, (g) => g.code);
  for (const g of m.added)
    out.add(`${base}/${g.i}`, `新增等级 ${g.key}（${g.t.label.zh}）`, `grade ${g.key} (${enName(g.t.label, g.key)}) added`);
  for (const g of m.removed)
    out.add(`${base}/${g.i}`, `删除等级 ${g.key}（${g.t.label.zh}）`, `grade ${g.key} (${enName(g.t.label, g.key)}) removed`);
  for (const g of m.kept) {
    if (!same(g.before.label, g.after.label))
      out.add(
        `${base}/${g.ai}/label`,
        `等级 ${g.key} 名称 ${g.before.label.zh} → ${g.after.label.zh}`,
        `grade ${g.key} label ${enName(g.before.label, g.key)} → ${enName(g.after.label, g.key)}`,
      );
  }
  const orderB = before.map((g) => g.code).filter((c) => after.some((x) => x.code === c));
  const orderA = after.map((g) => g.code).filter((c) => before.some((x) => x.code === c));
  if (!same(orderA, orderB))
    out.add(base, `等级顺序 ${orderB.join(' > ')} → ${orderA.join(' > ')}`, `grade order ${orderB.join(' > ')} → ${orderA.join(' > ')}`);
}

// ---------------------------------------------------------------- bands (grading decision, model thresholds)

function diffBands(
  out: Out,
  base: string,
  before: readonly Band[],
  after: readonly Band[],
  grades: Grades,
  what: { zh: string; en: string },
) {
  const pe = what.en ? `${what.en} ` : '';
  const m = matchBy(before, after, (b) => b.id);
  for (const b of m.added)
    out.add(
      `${base}/${b.i}`,
      `${what.zh}新增区间 ${b.key}：${bandRange(b.t)} → ${grades.zh(b.t.grade)}`,
      `${pe}band ${b.key} added: ${bandRangeEn(b.t)} → ${grades.en(b.t.grade)}`,
    );
  for (const b of m.removed)
    out.add(
      `${base}/${b.i}`,
      `${what.zh}删除区间 ${b.key}（${bandRange(b.t)} → ${grades.zh(b.t.grade)}）`,
      `${pe}band ${b.key} removed (${bandRangeEn(b.t)} → ${grades.en(b.t.grade)})`,
    );
  for (const k of m.kept) {
    const p = `${base}/${k.ai}`;
    const label = grades.zh(k.after.grade);
    const labelEn = grades.en(k.after.grade);
    if (k.before.grade !== k.after.grade)
      out.add(`${p}/grade`, `${what.zh}区间 ${k.key} 等级 ${grades.zh(k.before.grade)} → ${label}`, `${pe}band ${k.key} grade ${grades.en(k.before.grade)} → ${labelEn}`);
    for (const side of ['min', 'max'] as const) {
      if (same(k.before[side], k.after[side])) continue;
      const sideZh = side === 'min' ? '下限' : '上限';
      out.add(
        `${p}/${side}`,
        `${what.zh}${label} 区间${sideZh} ${boundText(k.before[side], side)} → ${boundText(k.after[side], side)}`,
        `${pe}${labelEn} band ${side === 'min' ? 'lower' : 'upper'} bound ${boundTextEn(k.before[side], side)} → ${boundTextEn(k.after[side], side)}`,
      );
    }
  }
}

// ---------------------------------------------------------------- grading

function ruleTitle(id: string, grade: string, all: readonly { grade: string }[], grades: Grades) {
  const shared = all.filter((r) => r.grade === grade).length > 1;
  return {
    zh: `${grades.zh(grade)}判定${shared ? `（${id}）` : ''}`,
    en: `${grades.en(grade)} rule${shared ? ` (${id})` : ''}`,
  };
}

function diffRuleList(
  out: Out,
  base: string,
  before: readonly { id: string; grade: string; when: Condition; mayImprove?: boolean }[],
  after: readonly { id: string; grade: string; when: Condition; mayImprove?: boolean }[],
  grades: Grades,
  name: MeasureNamer,
  noun: { zh: string; en: string },
) {
  const m = matchBy(before, after, (r) => r.id);
  for (const r of m.added) {
    out.add(
      `${base}/${r.i}`,
      `新增${noun.zh} ${r.key}（第 ${r.i + 1} 条）：${conditionText(r.t.when, name, 'zh')} → ${grades.zh(r.t.grade)}`,
      `${noun.en} ${r.key} added (position ${r.i + 1}): ${conditionText(r.t.when, name, 'en')} → ${grades.en(r.t.grade)}`,
    );
  }
  for (const r of m.removed)
    out.add(
      `${base}/${r.i}`,
      `删除${noun.zh} ${r.key}：${conditionText(r.t.when, name, 'zh')} → ${grades.zh(r.t.grade)}`,
      `${noun.en} ${r.key} removed: ${conditionText(r.t.when, name, 'en')} → ${grades.en(r.t.grade)}`,
    );
  // a rule "moved" when its position among the rules both versions share changed
  const keptB = before.filter((r) => after.some((x) => x.id === r.id)).map((r) => r.id);
  const keptA = after.filter((r) => before.some((x) => x.id === r.id)).map((r) => r.id);
  for (const k of m.kept) {
    const p = `${base}/${k.ai}`;
    const t = ruleTitle(k.key, k.after.grade, after, grades);
    if (keptB.indexOf(k.key) !== keptA.indexOf(k.key))
      out.add(p, `${noun.zh} ${k.key} 顺序 第 ${k.bi + 1} 条 → 第 ${k.ai + 1} 条`, `${noun.en} ${k.key} moved from position ${k.bi + 1} to ${k.ai + 1}`);
    if (k.before.grade !== k.after.grade)
      out.add(`${p}/grade`, `${noun.zh} ${k.key} 等级 ${grades.zh(k.before.grade)} → ${grades.zh(k.after.grade)}`, `${noun.en} ${k.key} grade ${grades.en(k.before.grade)} → ${grades.en(k.after.grade)}`);
    for (const c of conditionChanges(k.before.when, k.after.when, `${p}/when`, name))
      out.add(c.path, `${t.zh}：${c.zh}`, `${t.en}: ${c.en}`);
    if (Boolean(k.before.mayImprove) !== Boolean(k.after.mayImprove))
      out.add(
        `${p}/mayImprove`,
        `${noun.zh} ${k.key} ${k.after.mayImprove ? '允许提升等级' : '不再允许提升等级'}`,
        `${noun.en} ${k.key} ${k.after.mayImprove ? 'may now improve a grade' : 'may no longer improve a grade'}`,
      );
  }
}

function windowText(w: { years?: number; months?: number } | undefined) {
  const y = w?.years ?? 1;
  const mo = w?.months ?? 0;
  return {
    zh: `${y ? `${y} 年` : ''}${mo ? `${mo} 个月` : ''}` || '0',
    en: [y ? `${y} year${y > 1 ? 's' : ''}` : '', mo ? `${mo} month${mo > 1 ? 's' : ''}` : ''].filter(Boolean).join(' ') || '0',
  };
}

function measureDesc(m: MeasureDef) {
  const n = measureName(m, m.id);
  return { zh: `${m.id}（${n.zh}）`, en: `${m.id} (${n.en})` };
}

function diffGrading(out: Out, b: GradingContent, a: GradingContent) {
  const grades = gradeNames(a.grades, b.grades);
  diffGradeSet(out, '/content/grades', b.grades, a.grades);
  if (b.unratedGrade !== a.unratedGrade)
    out.add('/content/unratedGrade', `未评价等级 ${b.unratedGrade ?? '无'} → ${a.unratedGrade ?? '无'}`, `unrated grade ${b.unratedGrade ?? 'none'} → ${a.unratedGrade ?? 'none'}`);
  if (!same(windowText(b.window), windowText(a.window))) {
    const wb = windowText(b.window);
    const wa = windowText(a.window);
    out.add('/content/window', `统计期间 ${wb.zh} → ${wa.zh}`, `look-back window ${wb.en} → ${wa.en}`);
  }
  const kinds = new Set([...Object.keys(b.severities ?? {}), ...Object.keys(a.severities ?? {})]);
  for (const kind of [...kinds].sort()) {
    const sb = b.severities?.[kind];
    const sa = a.severities?.[kind];
    if (sb === sa) continue;
    // kinds not listed count as general
    out.add(
      pointer('content', 'severities', kind),
      `记录类型 ${kind}：${SEVERITY_ZH[sb ?? 'general']}${sb ? '' : '（默认）'} → ${SEVERITY_ZH[sa ?? 'general']}${sa ? '' : '（默认）'}`,
      `record kind ${kind}: ${SEVERITY_EN[sb ?? 'general']}${sb ? '' : ' (default)'} → ${SEVERITY_EN[sa ?? 'general']}${sa ? '' : ' (default)'}`,
    );
  }
  const mm = matchBy(b.measures ?? [], a.measures ?? [], (x) => x.id);
  for (const x of mm.added) {
    const d = measureDesc(x.t);
    out.add(`/content/measures/${x.i}`, `新增度量 ${d.zh}`, `measure ${d.en} added`);
  }
  for (const x of mm.removed) {
    const d = measureDesc(x.t);
    out.add(`/content/measures/${x.i}`, `删除度量 ${d.zh}`, `measure ${d.en} removed`);
  }
  for (const x of mm.kept) {
    if (same(x.before, x.after)) continue;
    const p = `/content/measures/${x.ai}`;
    const db = measureDesc(x.before);
    const da = measureDesc(x.after);
    if (db.zh !== da.zh) out.add(p, `度量 ${db.zh} → ${da.zh}`, `measure ${db.en} → ${da.en}`);
    else out.add(p, `度量 ${x.key} 定义已修改`, `measure ${x.key} definition changed`);
    const xb = x.before as Record<string, unknown>;
    const xa = x.after as Record<string, unknown>;
    if (!same(xb['window'], xa['window']) && (xb['window'] || xa['window'])) {
      const wb = windowText(xb['window'] as never);
      const wa = windowText(xa['window'] as never);
      out.add(`${p}/window`, `度量 ${x.key} 统计期间 ${xb['window'] ? wb.zh : '默认'} → ${xa['window'] ? wa.zh : '默认'}`, `measure ${x.key} window ${xb['window'] ? wb.en : 'default'} → ${xa['window'] ? wa.en : 'default'}`);
    }
  }
  const byIdA = new Map((a.measures ?? []).map((x) => [x.id, x]));
  const byIdB = new Map((b.measures ?? []).map((x) => [x.id, x]));
  const name: MeasureNamer = (id) => measureName(byIdA.get(id) ?? byIdB.get(id), id);

  const db = b.decision;
  const da = a.decision;
  if (db.type !== da.type) {
    out.add('/content/decision/type', `判定方式 ${db.type === 'bands' ? '分数区间' : '规则表'} → ${da.type === 'bands' ? '分数区间' : '规则表'}`, `decision ${db.type} → ${da.type}`);
  } else if (db.type === 'bands' && da.type === 'bands') {
    if (db.measure !== da.measure)
      out.add('/content/decision/measure', `分数度量 ${name(db.measure).zh} → ${name(da.measure).zh}`, `banded measure ${name(db.measure).en} → ${name(da.measure).en}`);
    if (!same(db.range, da.range))
      out.add('/content/decision/range', `取值范围 ${num(db.range.min)}–${num(db.range.max)} → ${num(da.range.min)}–${num(da.range.max)}`, `range ${num(db.range.min)}–${num(db.range.max)} → ${num(da.range.min)}–${num(da.range.max)}`);
    if (db.missingGrade !== da.missingGrade)
      out.add('/content/decision/missingGrade', `无分数时等级 ${db.missingGrade ? grades.zh(db.missingGrade) : '无'} → ${da.missingGrade ? grades.zh(da.missingGrade) : '无'}`, `grade without a score ${db.missingGrade ? grades.en(db.missingGrade) : 'none'} → ${da.missingGrade ? grades.en(da.missingGrade) : 'none'}`);
    diffBands(out, '/content/decision/bands', db.bands, da.bands, grades, { zh: '', en: '' });
  } else if (db.type === 'rules' && da.type === 'rules') {
    diffRuleList(out, '/content/decision/rules', db.rules, da.rules, grades, name, { zh: '规则', en: 'rule' });
  }
  diffRuleList(out, '/content/overrides', b.overrides ?? [], a.overrides ?? [], grades, name, { zh: '强制调整', en: 'override' });
}

// ---------------------------------------------------------------- industry-model

function globalWeights(c: IndustryModelContent): Map<string, number> {
  const res = new Map<string, number>();
  const top = ahp(c.criteriaMatrix).weights;
  c.criteria.forEach((cr, i) => {
    const local = ahp(cr.matrix).weights;
    cr.indicators.forEach((ind, j) => res.set(ind, (res.get(ind) ?? 0) + (top[i] ?? 0) * (local[j] ?? 0)));
  });
  return res;
}

function scoringText(s: IndicatorDef['scoring']): string {
  switch (s.type) {
    case 'linear':
      return `线性 ${num(s.worst)}→0 分、${num(s.best)}→100 分`;
    case 'bands':
      return `分段 ${s.bands.map((x) => `${bandRange(x)}: ${num(x.points)} 分`).join('；')}`;
    case 'boolean':
      return `是 ${num(s.whenTrue)} 分 / 否 ${num(s.whenFalse)} 分`;
    case 'map':
      return `取值 ${Object.entries(s.values).map(([k, v]) => `${k}: ${num(v)} 分`).join('；')}；其他 ${num(s.otherwise)} 分`;
  }
}

function diffIndustryModel(out: Out, b: IndustryModelContent, a: IndustryModelContent) {
  const grades = gradeNames(a.grades, b.grades);
  if (b.domain !== a.domain) out.add('/content/domain', `监管领域 ${b.domain} → ${a.domain}`, `domain ${b.domain} → ${a.domain}`);
  if (b.department !== a.department) out.add('/content/department', `主管部门 ${b.department} → ${a.department}`, `department ${b.department} → ${a.department}`);
  diffGradeSet(out, '/content/grades', b.grades, a.grades);
  const im = matchBy(b.indicators, a.indicators, (x) => x.id);
  for (const x of im.added) out.add(`/content/indicators/${x.i}`, `新增指标 ${x.t.label.zh}（${x.key}）：${scoringText(x.t.scoring)}`, `indicator ${enName(x.t.label, x.key)} (${x.key}) added`);
  for (const x of im.removed) out.add(`/content/indicators/${x.i}`, `删除指标 ${x.t.label.zh}（${x.key}）`, `indicator ${enName(x.t.label, x.key)} (${x.key}) removed`);
  for (const x of im.kept) {
    const p = `/content/indicators/${x.ai}`;
    const n = x.after.label.zh;
    const ne = enName(x.after.label, x.key);
    if (!same(x.before.label, x.after.label)) out.add(`${p}/label`, `指标 ${x.key} 名称 ${x.before.label.zh} → ${n}`, `indicator ${x.key} label ${enName(x.before.label, x.key)} → ${ne}`);
    if (!same(x.before.source, x.after.source)) out.add(`${p}/source`, `指标 ${n} 数据来源已修改`, `indicator ${ne} source changed`);
    if (!same(x.before.scoring, x.after.scoring))
      out.add(`${p}/scoring`, `指标 ${n} 计分：${scoringText(x.before.scoring)} → ${scoringText(x.after.scoring)}`, `indicator ${ne} scoring changed`);
    if (x.before.missingPoints !== x.after.missingPoints)
      out.add(`${p}/missingPoints`, `指标 ${n} 缺失得分 ${num(x.before.missingPoints)} → ${num(x.after.missingPoints)}`, `indicator ${ne} points when missing ${num(x.before.missingPoints)} → ${num(x.after.missingPoints)}`);
  }
  const cm = matchBy(b.criteria, a.criteria, (x) => x.id);
  for (const x of cm.added) out.add(`/content/criteria/${x.i}`, `新增准则 ${x.t.label.zh}（指标 ${x.t.indicators.join('、')}）`, `criterion ${enName(x.t.label, x.key)} added`);
  for (const x of cm.removed) out.add(`/content/criteria/${x.i}`, `删除准则 ${x.t.label.zh}`, `criterion ${enName(x.t.label, x.key)} removed`);
  for (const x of cm.kept) {
    if (!same(x.before.indicators, x.after.indicators))
      out.add(`/content/criteria/${x.ai}/indicators`, `准则 ${x.after.label.zh} 指标 ${x.before.indicators.join('、')} → ${x.after.indicators.join('、')}`, `criterion ${enName(x.after.label, x.key)} indicators ${x.before.indicators.join(', ')} → ${x.after.indicators.join(', ')}`);
  }
  // AHP: report the resulting weights, which is what a reviewer judges, not the matrix cells
  const topB = ahp(b.criteriaMatrix).weights;
  const topA = ahp(a.criteriaMatrix).weights;
  for (const x of cm.kept) {
    const wb = topB[x.bi] ?? 0;
    const wa = topA[x.ai] ?? 0;
    if (Math.abs(wa - wb) >= 0.0005)
      out.add(`/content/criteriaMatrix`, `AHP 准则权重 ${x.after.label.zh} ${(wb * 100).toFixed(1)}% → ${(wa * 100).toFixed(1)}%`, `AHP criterion weight ${enName(x.after.label, x.key)} ${(wb * 100).toFixed(1)}% → ${(wa * 100).toFixed(1)}%`);
  }
  const gb = globalWeights(b);
  const ga = globalWeights(a);
  const labelOf = new Map([...b.indicators, ...a.indicators].map((i) => [i.id, i.label]));
  for (const [ind, wa] of ga) {
    const wb = gb.get(ind);
    if (wb === undefined || Math.abs(wa - wb) < 0.0005) continue;
    const critIdx = a.criteria.findIndex((c) => c.indicators.includes(ind));
    out.add(
      `/content/criteria/${critIdx}/matrix`,
      `AHP 权重 ${zhName(labelOf.get(ind), ind)} ${(wb * 100).toFixed(1)}% → ${(wa * 100).toFixed(1)}%`,
      `AHP weight ${enName(labelOf.get(ind), ind)} ${(wb * 100).toFixed(1)}% → ${(wa * 100).toFixed(1)}%`,
    );
  }
  diffBands(out, '/content/thresholds', b.thresholds, a.thresholds, grades, { zh: '等级阈值 ', en: 'threshold' });
  if (!same(b.combine, a.combine)) {
    const t = (c: IndustryModelContent['combine']) => (c.method === 'worst-of' ? `取与 ${c.with ?? '通用评价'} 较差者` : '仅按行业模型');
    out.add('/content/combine', `与通用分类结合：${t(b.combine)} → ${t(a.combine)}`, `combination ${b.combine.method}${b.combine.with ? ` with ${b.combine.with}` : ''} → ${a.combine.method}${a.combine.with ? ` with ${a.combine.with}` : ''}`);
  }
}

// ---------------------------------------------------------------- sampling

const ONSITE_ZH = { 'on-trigger': '无事不扰', normal: '常规', focused: '重点关注', always: '必要时实地核查' } as const;

function diffSampling(out: Out, b: SamplingContent, a: SamplingContent) {
  const g = (code: string) => (code.length <= 2 ? `${code} 类` : code);
  const ge = (code: string) => (code.length <= 2 ? `class ${code}` : code);
  if (b.grading !== a.grading) out.add('/content/grading', `依据的评价 ${b.grading} → ${a.grading}`, `driving grading ${b.grading} → ${a.grading}`);
  const rm = matchBy(b.rows, a.rows, (r) => r.grade);
  for (const r of rm.added)
    out.add(`/content/rows/${r.i}`, `新增 ${g(r.key)}抽查比例 ${pct(r.t.ratioPercent)}，每年 ${num(r.t.frequencyPerYear)} 次`, `${ge(r.key)} sampling added: ${pct(r.t.ratioPercent)}, ${num(r.t.frequencyPerYear)} per year`);
  for (const r of rm.removed) out.add(`/content/rows/${r.i}`, `删除 ${g(r.key)}抽查比例`, `${ge(r.key)} sampling removed`);
  for (const r of rm.kept) {
    const p = `/content/rows/${r.ai}`;
    if (r.before.ratioPercent !== r.after.ratioPercent)
      out.add(`${p}/ratioPercent`, `${g(r.key)}抽查比例 ${pct(r.before.ratioPercent)} → ${pct(r.after.ratioPercent)}`, `${ge(r.key)} sampling ratio ${pct(r.before.ratioPercent)} → ${pct(r.after.ratioPercent)}`);
    if (r.before.frequencyPerYear !== r.after.frequencyPerYear)
      out.add(`${p}/frequencyPerYear`, `${g(r.key)}每年抽查次数 ${num(r.before.frequencyPerYear)} → ${num(r.after.frequencyPerYear)}`, `${ge(r.key)} inspections per year ${num(r.before.frequencyPerYear)} → ${num(r.after.frequencyPerYear)}`);
    if (!same(r.before.range, r.after.range)) {
      const t = (x: { min: number; max: number } | undefined) => (x ? `${pct(x.min)}–${pct(x.max)}` : '无');
      out.add(`${p}/range`, `${g(r.key)}比例区间 ${t(r.before.range)} → ${t(r.after.range)}`, `${ge(r.key)} ratio range ${t(r.before.range).replace('无', 'none')} → ${t(r.after.range).replace('无', 'none')}`);
    }
    if (r.before.onSite !== r.after.onSite)
      out.add(`${p}/onSite`, `${g(r.key)}现场检查 ${ONSITE_ZH[r.before.onSite]} → ${ONSITE_ZH[r.after.onSite]}`, `${ge(r.key)} on-site rule ${r.before.onSite} → ${r.after.onSite}`);
  }
  const ek = (e: SamplingContent['exceptions'][number]) => `${e.domain}|${e.grade}`;
  const em = matchBy(b.exceptions ?? [], a.exceptions ?? [], ek);
  for (const e of em.added)
    out.add(`/content/exceptions/${e.i}`, `新增领域例外 ${e.t.domain} ${g(e.t.grade)}：抽查比例 ${pct(e.t.ratioPercent)}，每年 ${num(e.t.frequencyPerYear)} 次`, `exception added for ${e.t.domain} ${ge(e.t.grade)}: ${pct(e.t.ratioPercent)}, ${num(e.t.frequencyPerYear)} per year`);
  for (const e of em.removed) out.add(`/content/exceptions/${e.i}`, `删除领域例外 ${e.t.domain} ${g(e.t.grade)}`, `exception removed for ${e.t.domain} ${ge(e.t.grade)}`);
  for (const e of em.kept) {
    const p = `/content/exceptions/${e.ai}`;
    if (e.before.ratioPercent !== e.after.ratioPercent)
      out.add(`${p}/ratioPercent`, `领域 ${e.after.domain} ${g(e.after.grade)}抽查比例 ${pct(e.before.ratioPercent)} → ${pct(e.after.ratioPercent)}`, `${e.after.domain} ${ge(e.after.grade)} sampling ratio ${pct(e.before.ratioPercent)} → ${pct(e.after.ratioPercent)}`);
    if (e.before.frequencyPerYear !== e.after.frequencyPerYear)
      out.add(`${p}/frequencyPerYear`, `领域 ${e.after.domain} ${g(e.after.grade)}每年抽查次数 ${num(e.before.frequencyPerYear)} → ${num(e.after.frequencyPerYear)}`, `${e.after.domain} ${ge(e.after.grade)} inspections per year ${num(e.before.frequencyPerYear)} → ${num(e.after.frequencyPerYear)}`);
  }
  if (b.differentiatedShareMinPercent !== a.differentiatedShareMinPercent)
    out.add('/content/differentiatedShareMinPercent', `差异化抽查最低占比 ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`, `minimum differentiated sampling share ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`);
}

// ---------------------------------------------------------------- domain-assignment

function diffDomainAssignment(out: Out, b: DomainAssignmentContent, a: DomainAssignmentContent) {
  const depts = new Map([...b.departments, ...a.departments].map((d) => [d.id, d]));
  const dz = (id: string) => depts.get(id)?.shortName ?? depts.get(id)?.name.zh ?? id;
  const de = (id: string) => depts.get(id)?.name.en ?? id;
  const dm = matchBy(b.departments, a.departments, (d) => d.id);
  for (const d of dm.added) out.add(`/content/departments/${d.i}`, `新增部门 ${d.t.name.zh}（${d.key}）`, `department ${enName(d.t.name, d.key)} (${d.key}) added`);
  for (const d of dm.removed) out.add(`/content/departments/${d.i}`, `删除部门 ${d.t.name.zh}（${d.key}）`, `department ${enName(d.t.name, d.key)} (${d.key}) removed`);
  for (const d of dm.kept)
    if (!same(d.before.name, d.after.name) || d.before.shortName !== d.after.shortName)
      out.add(`/content/departments/${d.ai}`, `部门 ${d.key} 名称 ${d.before.name.zh} → ${d.after.name.zh}`, `department ${d.key} renamed ${enName(d.before.name, d.key)} → ${enName(d.after.name, d.key)}`);

  const om = matchBy(b.domains, a.domains, (d) => d.id);
  const matchText = (m: DomainAssignmentContent['domains'][number]['match']) =>
    m.all ? '全部市场主体' : `行业代码 ${(m.industryPrefixes ?? []).join('、') || '无'}`;
  for (const d of om.added) {
    out.add(`/content/domains/${d.i}`, `新增领域 ${d.t.name.zh}（${matchText(d.t.match)}）`, `domain ${enName(d.t.name, d.key)} added`);
    for (const dep of d.t.departments)
      out.add(`/content/domains/${d.i}/departments`, `${dz(dep)} 增加领域 ${d.t.name.zh}`, `${de(dep)} takes on domain ${enName(d.t.name, d.key)}`);
  }
  for (const d of om.removed) {
    out.add(`/content/domains/${d.i}`, `删除领域 ${d.t.name.zh}`, `domain ${enName(d.t.name, d.key)} removed`);
    for (const dep of d.t.departments)
      out.add(`/content/domains/${d.i}/departments`, `${dz(dep)} 移除领域 ${d.t.name.zh}`, `${de(dep)} loses domain ${enName(d.t.name, d.key)}`);
  }
  for (const d of om.kept) {
    const p = `/content/domains/${d.ai}`;
    const n = d.after.name.zh;
    const ne = enName(d.after.name, d.key);
    if (!same(d.before.name, d.after.name)) out.add(`${p}/name`, `领域 ${d.key} 名称 ${d.before.name.zh} → ${n}`, `domain ${d.key} renamed ${enName(d.before.name, d.key)} → ${ne}`);
    for (const dep of d.after.departments)
      if (!d.before.departments.includes(dep)) out.add(`${p}/departments`, `${dz(dep)} 增加领域 ${n}`, `${de(dep)} takes on domain ${ne}`);
    for (const dep of d.before.departments)
      if (!d.after.departments.includes(dep)) out.add(`${p}/departments`, `${dz(dep)} 移除领域 ${n}`, `${de(dep)} loses domain ${ne}`);
    const pb = d.before.match.industryPrefixes ?? [];
    const pa = d.after.match.industryPrefixes ?? [];
    const plus = pa.filter((x) => !pb.includes(x));
    const minus = pb.filter((x) => !pa.includes(x));
    if (plus.length) out.add(`${p}/match/industryPrefixes`, `领域 ${n} 增加行业代码 ${plus.join('、')}`, `domain ${ne} adds industry codes ${plus.join(', ')}`);
    if (minus.length) out.add(`${p}/match/industryPrefixes`, `领域 ${n} 移除行业代码 ${minus.join('、')}`, `domain ${ne} drops industry codes ${minus.join(', ')}`);
    if (Boolean(d.before.match.all) !== Boolean(d.after.match.all))
      out.add(`${p}/match/all`, `领域 ${n} ${d.after.match.all ? '改为覆盖全部市场主体' : '不再覆盖全部市场主体'}`, `domain ${ne} ${d.after.match.all ? 'now covers every enterprise' : 'no longer covers every enterprise'}`);
  }
}

// ---------------------------------------------------------------- supervision-items

const METHOD_ZH = { 'double-random': '双随机抽查', 'key-inspection': '重点检查', 'credit-supervision': '信用监管', trigger: '触发式监管' } as const;

function diffSupervisionItems(out: Out, b: SupervisionItemsContent, a: SupervisionItemsContent) {
  if (b.department !== a.department) out.add('/content/department', `部门 ${b.department} → ${a.department}`, `department ${b.department} → ${a.department}`);
  const m = matchBy(b.items, a.items, (i) => i.code);
  for (const x of m.added)
    out.add(`/content/items/${x.i}`, `新增监管事项 ${x.key} ${x.t.name}（${METHOD_ZH[x.t.method]}，领域 ${x.t.domain}）`, `supervision item ${x.key} "${x.t.name}" added (${x.t.method}, domain ${x.t.domain})`);
  for (const x of m.removed) out.add(`/content/items/${x.i}`, `删除监管事项 ${x.key} ${x.t.name}`, `supervision item ${x.key} "${x.t.name}" removed`);
  for (const x of m.kept) {
    const p = `/content/items/${x.ai}`;
    const n = `${x.key} ${x.after.name}`;
    const fields = [
      ['name', '名称', 'name'],
      ['domain', '领域', 'domain'],
      ['legalBasis', '设定依据', 'legal basis'],
      ['target', '检查对象', 'target'],
    ] as const;
    for (const [f, zh, en] of fields)
      if (x.before[f] !== x.after[f])
        out.add(`${p}/${f}`, `事项 ${n} ${zh} ${x.before[f] ?? '无'} → ${x.after[f] ?? '无'}`, `item ${x.key} ${en} ${x.before[f] ?? 'none'} → ${x.after[f] ?? 'none'}`);
    if (x.before.method !== x.after.method)
      out.add(`${p}/method`, `事项 ${n} 监管方式 ${METHOD_ZH[x.before.method]} → ${METHOD_ZH[x.after.method]}`, `item ${x.key} method ${x.before.method} → ${x.after.method}`);
    const lists = [
      ['riskPoints', '风险点', 'risk point'],
      ['triggers', '触发点', 'trigger'],
      ['measures', '监管措施', 'measure'],
    ] as const;
    for (const [f, zh, en] of lists) {
      const lm = matchBy<{ id: string; description: string }>(x.before[f] ?? [], x.after[f] ?? [], (t) => t.id);
      for (const t of lm.added) out.add(`${p}/${f}/${t.i}`, `事项 ${n} 增加${zh}：${t.t.description}`, `item ${x.key} ${en} added: ${t.t.description}`);
      for (const t of lm.removed) out.add(`${p}/${f}/${t.i}`, `事项 ${n} 删除${zh}：${t.t.description}`, `item ${x.key} ${en} removed: ${t.t.description}`);
      for (const t of lm.kept)
        if (!same(t.before, t.after))
          out.add(`${p}/${f}/${t.ai}`, `事项 ${n} ${zh} ${t.key}：${t.before.description} → ${t.after.description}`, `item ${x.key} ${en} ${t.key} changed`);
    }
    const cb = x.before.changes ?? [];
    const ca = x.after.changes ?? [];
    if (ca.length > cb.length)
      for (let i = cb.length; i < ca.length; i++) {
        const c = ca[i]!;
        const type = { added: '新增', changed: '变更', removed: '删除' }[c.type];
        out.add(`${p}/changes/${i}`, `事项 ${n} 登记${type}记录 ${c.date}${c.reportedAt ? `，${c.reportedAt} 报送` : '，未报送'}`, `item ${x.key} records a change (${c.type}) on ${c.date}${c.reportedAt ? `, reported ${c.reportedAt}` : ', not reported'}`);
      }
    else if (!same(cb, ca)) out.add(`${p}/changes`, `事项 ${n} 变更记录已修改`, `item ${x.key} change log edited`);
  }
}

// ---------------------------------------------------------------- entry points

/**
 * What changed between two versions of a document, as sentences in policy language.
 *
 * @example
 * semanticDiff('sampling', v1, v2).sentences
 * // → [{ zh: 'A 类抽查比例 3% → 5%', en: 'class A sampling ratio 3% → 5%', path: '/content/rows/0/ratioPercent' }]
 */
export function semanticDiff(kind: DocumentKind, before: PolicyDocument, after: PolicyDocument): SemanticDiff {
  const out = new Out();
  if (before.title !== after.title) out.add('/title', `标题 ${before.title} → ${after.title}`, `title ${before.titleEn ?? before.title} → ${after.titleEn ?? after.title}`);
  if (before.owner !== after.owner) out.add('/owner', `所属部门 ${before.owner} → ${after.owner}`, `owner ${before.owner} → ${after.owner}`);
  if (before.effectiveFrom !== after.effectiveFrom)
    out.add('/effectiveFrom', `生效日期 ${before.effectiveFrom} → ${after.effectiveFrom}`, `effective from ${before.effectiveFrom} → ${after.effectiveFrom}`);
  if (before.kind !== after.kind || before.kind !== kind) {
    out.add('/kind', `文档类型 ${before.kind} → ${after.kind}`, `kind ${before.kind} → ${after.kind}`);
    return out;
  }
  switch (kind) {
    case 'grading':
      diffGrading(out, before.content as GradingContent, after.content as GradingContent);
      break;
    case 'industry-model':
      diffIndustryModel(out, before.content as IndustryModelContent, after.content as IndustryModelContent);
      break;
    case 'sampling':
      diffSampling(out, before.content as SamplingContent, after.content as SamplingContent);
      break;
    case 'domain-assignment':
      diffDomainAssignment(out, before.content as DomainAssignmentContent, after.content as DomainAssignmentContent);
      break;
    case 'supervision-items':
      diffSupervisionItems(out, before.content as SupervisionItemsContent, after.content as SupervisionItemsContent);
      break;
  }
  // labels, notes and ids still quoting a number this change replaced
  for (const stale of staleAfterChange(before, after)) {
    const i = staleQuoteIssue(stale);
    out.sentences.push({ zh: i.message, en: i.messageEn, path: i.path, warning: true });
  }
  if (out.sentences.length === 0 && !same(before.content, after.content))
    out.add('/content', '内容有其他修改（见 JSON 差异）', 'other content changes (see the JSON diff)');
  return out;
}

/**
 * Leaf-level JSON differences, objects by key and arrays by index, each with a JSON pointer.
 *
 * @example
 * rawDiff({ a: 1, b: [1] }, { a: 2, b: [1, 2] })
 * // → [{ op: 'replace', path: '/a', before: 1, after: 2 }, { op: 'add', path: '/b/1', after: 2 }]
 */
export function rawDiff(before: unknown, after: unknown, path = ''): RawChange[] {
  if (same(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const res: RawChange[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= before.length) res.push({ op: 'add', path: p, after: after[i] });
      else if (i >= after.length) res.push({ op: 'remove', path: p, before: before[i] });
      else res.push(...rawDiff(before[i], after[i], p));
    }
    return res;
  }
  if (isObj(before) && isObj(after)) {
    const res: RawChange[] = [];
    for (const k of Object.keys(before)) {
      const p = `${path}/${escapePointerToken(k)}`;
      if (!(k in after)) res.push({ op: 'remove', path: p, before: before[k] });
      else res.push(...rawDiff(before[k], after[k], p));
    }
    for (const k of Object.keys(after)) if (!(k in before)) res.push({ op: 'add', path: `${path}/${escapePointerToken(k)}`, after: after[k] });
    return res;
  }
  return [{ op: 'replace', path: path || '', before, after }];
}

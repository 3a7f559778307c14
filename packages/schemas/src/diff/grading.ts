/**
 * Changes of a grading document in policy language: grades, window, severities, measures, the
 * decision (bands or rules, condition by condition: "一般失信记录数 > 5 → > 3") and overrides.
 */
import type { Condition, GradingContent, MeasureDef } from '../documents.ts';
import { comparisonPhrase, conditionPhrase, formatNumber as num } from '../phrasing.ts';
import type { MeasureNamer, Phrase } from '../phrasing.ts';
import { pointer } from '../pointer.ts';
import { diffBands } from './bands.ts';
import type { Grades } from './grades.ts';
import { diffGradeSet, gradeNames } from './grades.ts';
import type { Out } from './sentences.ts';
import { matchBy, same } from './sentences.ts';

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

/** The changes of a grading document (see the module comment). */
export function diffGrading(out: Out, b: GradingContent, a: GradingContent) {
  const grades = gradeNames(a.grades, b.grades);
  diffGradeSet(out, '/content/grades', b.grades, a.grades);
  if (b.unratedGrade !== a.unratedGrade)
    out.add('/content/unratedGrade', `未评价等级 ${b.unratedGrade ?? '无'} → ${a.unratedGrade ?? '无'}`, `unrated grade ${b.unratedGrade ?? 'none'} → ${a.unratedGrade ?? 'none'}`);
  if (!same(windowText(b.window), windowText(a.window))) {
    const wb = windowText(b.window);
    const wa = windowText(a.window);
    out.add('/content/window', `统计期间 ${wb.zh} → ${wa.zh}`, `look-back window ${wb.en} → ${wa.en}`);
  }
  if (b.pendingObjection !== a.pendingObjection) {
    const zh = (v: GradingContent['pendingObjection']) => (v === 'counted' ? '照常计入' : `不计入${v ? '' : '（默认）'}`);
    const en = (v: GradingContent['pendingObjection']) => (v === 'counted' ? 'counted' : `excluded${v ? '' : ' (default)'}`);
    out.add('/content/pendingObjection', `异议期间记录的处理：${zh(b.pendingObjection)} → ${zh(a.pendingObjection)}`, `records under a pending objection: ${en(b.pendingObjection)} → ${en(a.pendingObjection)}`);
  }
  diffPublicationPeriods(out, b, a);
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

/** Publication periods (by id) and the treatment of repairs before the minimum. */
function diffPublicationPeriods(out: Out, b: GradingContent, a: GradingContent) {
  const pb = b.publicationPeriods ?? [];
  const pa = a.publicationPeriods ?? [];
  const text = (p: NonNullable<GradingContent['publicationPeriods']>[number]) => {
    const min = windowText(p.minimum);
    const max = windowText(p.maximum);
    const who = `${p.kinds ? p.kinds.join('、') : '所有类型'}${p.severity ? `（${SEVERITY_ZH[p.severity]}）` : ''}${p.domains ? `，领域 ${p.domains.join('、')}，` : ''}`;
    const whoEn = `${p.kinds ? p.kinds.join(', ') : 'every kind'}${p.severity ? ` (${p.severity})` : ''}${p.domains ? `, domains ${p.domains.join(', ')}` : ''}`;
    return { zh: `${who}最短 ${min.zh}、最长 ${max.zh}`, en: `${whoEn}: minimum ${min.en}, maximum ${max.en}` };
  };
  pa.forEach((p, i) => {
    const old = pb.find((x) => x.id === p.id);
    const ta = text(p);
    if (!old) out.add(`/content/publicationPeriods/${i}`, `新增公示期 ${p.id}：${ta.zh}`, `publication period ${p.id} added: ${ta.en}`);
    else {
      const tb = text(old);
      if (tb.zh !== ta.zh) out.add(`/content/publicationPeriods/${i}`, `公示期 ${p.id}：${tb.zh} → ${ta.zh}`, `publication period ${p.id}: ${tb.en} → ${ta.en}`);
    }
  });
  for (const p of pb) {
    if (!pa.some((x) => x.id === p.id)) out.add('/content/publicationPeriods', `删除公示期 ${p.id}（${text(p).zh}）：该类记录不再因公示期届满而停止计入`, `publication period ${p.id} removed (${text(p).en}): such records no longer stop counting when it ends`);
  }
  if (b.repairBeforeMinimum !== a.repairBeforeMinimum) {
    const zh = (v: GradingContent['repairBeforeMinimum']) => (v === 'deferred' ? '最短公示期届满后才生效' : `自修复之日起生效${v ? '' : '（默认）'}`);
    const en = (v: GradingContent['repairBeforeMinimum']) => (v === 'deferred' ? 'effective once the minimum has passed' : `effective from the repair date${v ? '' : ' (default)'}`);
    out.add('/content/repairBeforeMinimum', `最短公示期内的信用修复：${zh(b.repairBeforeMinimum)} → ${zh(a.repairBeforeMinimum)}`, `repairs before the minimum publication period: ${en(b.repairBeforeMinimum)} → ${en(a.repairBeforeMinimum)}`);
  }
}

/**
 * Changes of an industry-model document in policy language: domain and department, grades,
 * indicators and their scoring, criteria, the AHP weights that result from the matrices (what a
 * reviewer judges, not the matrix cells), thresholds and the combination with the general grading;
 * the general classification's own sentences (classification, dimensions, refines) in general-risk.ts.
 */
import { ahp } from '../ahp.ts';
import type { IndicatorDef, IndustryModelContent } from '../documents.ts';
import { LIST_NAMES } from '../enterprise.ts';
import { formatNumber as num } from '../phrasing.ts';
import { bandRange, diffBands } from './bands.ts';
import { diffGradeSet, gradeNames } from './grades.ts';
import type { Out } from './sentences.ts';
import { enName, matchBy, same, zhName } from './sentences.ts';
import { diffClassification, diffDimension, diffRefines } from './general-risk.ts';

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

/** Where an indicator's value comes from, in words ([zh, en]). */
export function sourceText(s: IndicatorDef['source']): [string, string] {
  switch (s.from) {
    case 'indicator':
      return [`行业指标 ${s.key}`, `indicator ${s.key}`];
    case 'recordCount': {
      const w = s.window ?? { years: 1, months: 0 };
      const span = `${w.years ? `${w.years}年` : ''}${w.months ? `${w.months}个月` : ''}` || '0个月';
      const spanEn = `${w.years ? `${w.years} y` : ''}${w.years && w.months ? ' ' : ''}${w.months ? `${w.months} m` : ''}` || '0 m';
      return [`${span}内${s.kinds ? ` ${s.kinds.join('、')} ` : '失信'}记录数`, `${s.kinds ? `${s.kinds.join(', ')} ` : ''}records in ${spanEn}`];
    }
    case 'score':
      return ['公共信用综合评价分', 'public credit score'];
    case 'listMember': {
      const n = LIST_NAMES[s.list] ?? { zh: s.list, en: s.list };
      return [`是否列入${n.zh}`, `on the ${n.en}`];
    }
  }
}

/** The changes of an industry-model document (see the module comment). */
export function diffIndustryModel(out: Out, b: IndustryModelContent, a: IndustryModelContent) {
  const grades = gradeNames(a.grades, b.grades);
  diffClassification(out, b, a);
  if (b.domain !== a.domain) out.add('/content/domain', `监管领域 ${b.domain ?? '全量企业'} → ${a.domain ?? '全量企业'}`, `domain ${b.domain ?? 'every enterprise'} → ${a.domain ?? 'every enterprise'}`);
  if (b.department !== a.department) out.add('/content/department', `主管部门 ${b.department} → ${a.department}`, `department ${b.department} → ${a.department}`);
  diffGradeSet(out, '/content/grades', b.grades, a.grades);
  const im = matchBy(b.indicators, a.indicators, (x) => x.id);
  for (const x of im.added) {
    out.add(`/content/indicators/${x.i}`, `新增指标 ${x.t.label.zh}（${x.key}，${sourceText(x.t.source)[0]}）：${scoringText(x.t.scoring)}`, `indicator ${enName(x.t.label, x.key)} (${x.key}, ${sourceText(x.t.source)[1]}) added`);
  }
  for (const x of im.removed) out.add(`/content/indicators/${x.i}`, `删除指标 ${x.t.label.zh}（${x.key}）`, `indicator ${enName(x.t.label, x.key)} (${x.key}) removed`);
  for (const x of im.kept) {
    const p = `/content/indicators/${x.ai}`;
    const n = x.after.label.zh;
    const ne = enName(x.after.label, x.key);
    if (!same(x.before.label, x.after.label)) out.add(`${p}/label`, `指标 ${x.key} 名称 ${x.before.label.zh} → ${n}`, `indicator ${x.key} label ${enName(x.before.label, x.key)} → ${ne}`);
    if (!same(x.before.source, x.after.source)) {
      const [bz, be] = sourceText(x.before.source);
      const [az, ae] = sourceText(x.after.source);
      out.add(`${p}/source`, `指标 ${n} 数据来源 ${bz} → ${az}`, `indicator ${ne} source ${be} → ${ae}`);
    }
    if (!same(x.before.scoring, x.after.scoring))
      out.add(`${p}/scoring`, `指标 ${n} 计分：${scoringText(x.before.scoring)} → ${scoringText(x.after.scoring)}`, `indicator ${ne} scoring changed`);
    if (x.before.missingPoints !== x.after.missingPoints)
      out.add(`${p}/missingPoints`, `指标 ${n} 缺失得分 ${num(x.before.missingPoints)} → ${num(x.after.missingPoints)}`, `indicator ${ne} points when missing ${num(x.before.missingPoints)} → ${num(x.after.missingPoints)}`);
  }
  const cm = matchBy(b.criteria, a.criteria, (x) => x.id);
  for (const x of cm.added) out.add(`/content/criteria/${x.i}`, `新增准则 ${x.t.label.zh}（指标 ${x.t.indicators.join('、')}）`, `criterion ${enName(x.t.label, x.key)} added`);
  for (const x of cm.removed) out.add(`/content/criteria/${x.i}`, `删除准则 ${x.t.label.zh}`, `criterion ${enName(x.t.label, x.key)} removed`);
  for (const x of cm.kept) {
    diffDimension(out, `/content/criteria/${x.ai}/dimension`, x.key, x.before, x.after);
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
  diffRefines(out, b.combine.refines, a.combine.refines);
  if (!same({ ...b.combine, refines: undefined }, { ...a.combine, refines: undefined })) {
    const t = (c: IndustryModelContent['combine']) => (c.method === 'worst-of' ? `取与 ${c.with ?? '通用评价'} 较差者` : '仅按行业模型');
    out.add('/content/combine', `与通用分类结合：${t(b.combine)} → ${t(a.combine)}`, `combination ${b.combine.method}${b.combine.with ? ` with ${b.combine.with}` : ''} → ${a.combine.method}${a.combine.with ? ` with ${a.combine.with}` : ''}`);
  }
}

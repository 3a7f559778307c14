/**
 * Changes of a sampling document in policy language ("A 类抽查比例 3% → 5%"): the grading it follows,
 * the rows per grade, the domain exceptions, the per-domain basis, the minimum differentiated share, its
 * target year and the yearly plans (户数 by method, with the differentiated share they give).
 */
import type { InspectionPlan, SamplingContent } from '../documents.ts';
import { planTotal, sharePercentText } from '../plan-share.ts';
import { formatNumber as num } from '../phrasing.ts';
import type { Out } from './sentences.ts';
import { matchBy, pct, same } from './sentences.ts';

const ONSITE_ZH = { 'on-trigger': '无事不扰', normal: '常规', focused: '重点关注', 'when-necessary': '必要时主动实施现场检查', always: '每次均实地核查' } as const;

/** The changes of a sampling document (see the module comment). */
export function diffSampling(out: Out, b: SamplingContent, a: SamplingContent) {
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
  const bm = matchBy(b.domainBasis ?? [], a.domainBasis ?? [], (x) => x.domain);
  for (const x of bm.added)
    out.add(`/content/domainBasis/${x.i}`, `领域 ${x.key} 改按 ${x.t.document} 的等级抽查（原按依据的评价 ${b.grading}）`, `domain ${x.key} is now sampled by the grades of ${x.t.document} (was ${b.grading})`);
  for (const x of bm.removed)
    out.add(`/content/domainBasis/${x.i}`, `领域 ${x.key} 不再按 ${x.t.document} 抽查，改按依据的评价 ${a.grading}`, `domain ${x.key} is no longer sampled by ${x.t.document} but by ${a.grading}`);
  for (const x of bm.kept)
    if (x.before.document !== x.after.document)
      out.add(`/content/domainBasis/${x.ai}/document`, `领域 ${x.key} 的抽查依据 ${x.before.document} → ${x.after.document}`, `sampling basis of domain ${x.key} ${x.before.document} → ${x.after.document}`);
  const order = (c: SamplingContent) => (c.domainBasis ?? []).map((x) => x.domain).filter((d) => bm.kept.some((k) => k.key === d)).join('\u0000');
  if (order(b) !== order(a)) out.add('/content/domainBasis', '按领域的抽查依据的先后顺序改变（同属多个领域的市场主体按先列出的依据抽查）', 'order of the per-domain bases changed (an enterprise in several domains follows the first listed)');
  if (b.differentiatedShareMinPercent !== a.differentiatedShareMinPercent)
    out.add('/content/differentiatedShareMinPercent', `差异化抽查最低占比 ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`, `minimum differentiated sampling share ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`);
  if (b.differentiatedShareYear !== a.differentiatedShareYear) {
    const y = (v: number | undefined) => (v === undefined ? '每年' : `${v} 年`);
    const ye = (v: number | undefined) => (v === undefined ? 'every year' : String(v));
    out.add('/content/differentiatedShareYear', `差异化抽查占比目标年度 ${y(b.differentiatedShareYear)} → ${y(a.differentiatedShareYear)}`, `target year of the differentiated share ${ye(b.differentiatedShareYear)} → ${ye(a.differentiatedShareYear)}`);
  }
  const share = (p: InspectionPlan) => {
    const t = planTotal(p);
    return t > 0 ? `${sharePercentText((p.enterprises.differentiated / t) * 100)}%` : '—';
  };
  const pm = matchBy(b.inspectionPlans ?? [], a.inspectionPlans ?? [], (p) => `${p.department}|${p.year}`);
  const label = (p: InspectionPlan) => `${p.department} ${p.year} 年抽查计划`;
  const labelEn = (p: InspectionPlan) => `${p.year} plan of ${p.department}`;
  for (const p of pm.added)
    out.add(`/content/inspectionPlans/${p.i}`, `新增${label(p.t)}：计划检查 ${planTotal(p.t)} 户，差异化抽查占比 ${share(p.t)}`, `${labelEn(p.t)} added: ${planTotal(p.t)} enterprises, differentiated share ${share(p.t)}`);
  for (const p of pm.removed) out.add(`/content/inspectionPlans/${p.i}`, `删除${label(p.t)}`, `${labelEn(p.t)} removed`);
  const METHOD_ZH = { differentiated: '差异化抽查', targeted: '定向抽查', complaint: '投诉举报核查', fullCoverage: '全覆盖检查' } as const;
  for (const p of pm.kept) {
    const changed = (Object.keys(METHOD_ZH) as (keyof typeof METHOD_ZH)[]).filter((m) => p.before.enterprises[m] !== p.after.enterprises[m]);
    if (changed.length === 0) continue;
    const parts = changed.map((m) => `${METHOD_ZH[m]} ${p.before.enterprises[m]} → ${p.after.enterprises[m]} 户`).join('，');
    const partsEn = changed.map((m) => `${m} ${p.before.enterprises[m]} → ${p.after.enterprises[m]}`).join(', ');
    out.add(`/content/inspectionPlans/${p.ai}/enterprises`, `${label(p.after)}：${parts}；差异化抽查占比 ${share(p.before)} → ${share(p.after)}`, `${labelEn(p.after)}: ${partsEn}; differentiated share ${share(p.before)} → ${share(p.after)}`);
  }
}

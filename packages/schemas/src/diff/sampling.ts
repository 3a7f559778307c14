/**
 * Changes of a sampling document in policy language ("A 类抽查比例 3% → 5%"): the grading it follows,
 * the rows per grade, the domain exceptions and the minimum differentiated share.
 */
import type { SamplingContent } from '../documents.ts';
import { formatNumber as num } from '../phrasing.ts';
import type { Out } from './sentences.ts';
import { matchBy, pct, same } from './sentences.ts';

const ONSITE_ZH = { 'on-trigger': '无事不扰', normal: '常规', focused: '重点关注', always: '必要时实地核查' } as const;

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
  if (b.differentiatedShareMinPercent !== a.differentiatedShareMinPercent)
    out.add('/content/differentiatedShareMinPercent', `差异化抽查最低占比 ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`, `minimum differentiated sampling share ${pct(b.differentiatedShareMinPercent)} → ${pct(a.differentiatedShareMinPercent)}`);
}

/**
 * Changes of an early-warning document in policy language: rules added and removed, and each kept
 * rule's name, condition (thresholds said in words on both sides: 「公共信用综合评价分 < 60 → < 70」),
 * the departments warned and the domains covered; key indicators added, removed and redefined.
 */
import type { EarlyWarningContent, MeasureDef } from '../documents.ts';
import { triggerConditionPhrase } from '../trigger-phrase.ts';
import type { Out } from './sentences.ts';
import { matchBy, same } from './sentences.ts';

const list = (xs: readonly string[] | undefined, none: string) => (xs && xs.length ? xs.join('、') : none);

/** A key indicator's window, kinds and list in words (what a redefinition changes). */
function measureWords(m: MeasureDef): { zh: string; en: string } {
  switch (m.type) {
    case 'recordCount': {
      const w = m.window ?? { years: 1, months: 0 };
      const zhW = `${w.years ? `${w.years}年` : ''}${w.months ? `${w.months}个月` : ''}` || '0个月';
      return { zh: `近${zhW}内${m.kinds ? `（${m.kinds.join('、')}）` : ''}记录数`, en: `records within ${w.years}y ${w.months}m${m.kinds ? ` (${m.kinds.join(', ')})` : ''}` };
    }
    case 'listMember':
      return { zh: `名单 ${m.list}`, en: `list ${m.list}` };
    case 'status':
      return { zh: `登记状态为 ${m.equals}`, en: `status ${m.equals}` };
    case 'score':
      return { zh: '公共信用综合评价分', en: 'public credit score' };
    case 'indicator':
      return { zh: `行业指标 ${m.key}`, en: `indicator ${m.key}` };
  }
}

/** The changes of an early-warning document (see the module comment). */
export function diffEarlyWarning(out: Out, b: EarlyWarningContent, a: EarlyWarningContent) {
  if (b.department !== a.department) out.add('/content/department', `部门 ${b.department} → ${a.department}`, `department ${b.department} → ${a.department}`);
  const name = (c: EarlyWarningContent) => (id: string) => {
    const m = c.measures.find((x) => x.id === id);
    return { zh: m?.label?.zh ?? id, en: m?.label?.en ?? m?.label?.zh ?? id };
  };
  const phrase = (c: EarlyWarningContent, r: EarlyWarningContent['rules'][number]) => triggerConditionPhrase(r.when, name(c));
  const rm = matchBy(b.rules, a.rules, (r) => r.id);
  for (const x of rm.added) {
    const p = phrase(a, x.t);
    out.add(`/content/rules/${x.i}`, `新增预警规则「${x.t.label.zh}」：${p.zh} 时预警 ${list(x.t.notify, '无')}`, `warning rule ${x.key} added: warns ${x.t.notify.join(', ')} when ${p.en}`);
  }
  for (const x of rm.removed) out.add(`/content/rules/${x.i}`, `删除预警规则「${x.t.label.zh}」`, `warning rule ${x.key} removed`);
  for (const x of rm.kept) {
    const p = `/content/rules/${x.ai}`;
    const n = `「${x.after.label.zh}」`;
    if (!same(x.before.label, x.after.label)) out.add(`${p}/label`, `预警规则 ${x.key} 名称「${x.before.label.zh}」→「${x.after.label.zh}」`, `warning rule ${x.key} renamed`);
    // the condition in words on both sides; a redefined key indicator shows in the measures below
    const [pb, pa] = [phrase(b, x.before), phrase(a, x.after)];
    if (!same(x.before.when, x.after.when) || pb.zh !== pa.zh)
      out.add(`${p}/when`, `预警规则${n}的预警条件：${pb.zh} → ${pa.zh}`, `warning rule ${x.key} condition: ${pb.en} → ${pa.en}`);
    if (!same(x.before.notify, x.after.notify))
      out.add(`${p}/notify`, `预警规则${n}的预警对象 ${list(x.before.notify, '无')} → ${list(x.after.notify, '无')}`, `warning rule ${x.key} warns ${x.before.notify.join(', ')} → ${x.after.notify.join(', ')}`);
    if (!same(x.before.domains, x.after.domains))
      out.add(`${p}/domains`, `预警规则${n}的适用领域 ${list(x.before.domains, '全部企业')} → ${list(x.after.domains, '全部企业')}`, `warning rule ${x.key} domains ${x.before.domains?.join(', ') ?? 'all'} → ${x.after.domains?.join(', ') ?? 'all'}`);
    if (x.before.note !== x.after.note) out.add(`${p}/note`, `预警规则${n}的依据已修改`, `warning rule ${x.key} note changed`);
  }
  const mm = matchBy(b.measures, a.measures, (m) => m.id);
  for (const x of mm.added) out.add(`/content/measures/${x.i}`, `新增重点指标 ${x.key}（${x.t.label?.zh ?? measureWords(x.t).zh}）`, `key indicator ${x.key} added`);
  for (const x of mm.removed) out.add(`/content/measures/${x.i}`, `删除重点指标 ${x.key}`, `key indicator ${x.key} removed`);
  for (const x of mm.kept) {
    if (same(x.before, x.after)) continue;
    const [wb, wa] = [measureWords(x.before), measureWords(x.after)];
    const how = wb.zh !== wa.zh ? `：${wb.zh} → ${wa.zh}` : '';
    out.add(`/content/measures/${x.ai}`, `重点指标 ${x.after.label?.zh ?? x.key} 的定义已修改${how}`, `key indicator ${x.key} redefined${wb.en !== wa.en ? `: ${wb.en} → ${wa.en}` : ''}`);
  }
}

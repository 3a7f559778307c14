/**
 * Changes of a supervision-items document in policy language: items added and removed, and each
 * kept item's fields, risk points, triggers, measures and change log.
 */
import type { SupervisionItemsContent } from '../documents.ts';
import type { TriggerCondition } from '../trigger-condition.ts';
import { triggerConditionPhrase } from '../trigger-phrase.ts';
import type { Out } from './sentences.ts';
import { matchBy, same } from './sentences.ts';

const METHOD_ZH = { 'double-random': '双随机抽查', 'key-inspection': '重点检查', 'credit-supervision': '信用监管', trigger: '触发式监管' } as const;

/** The changes of a supervision-items document (see the module comment). */
export function diffSupervisionItems(out: Out, b: SupervisionItemsContent, a: SupervisionItemsContent) {
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
      const lm = matchBy<{ id: string; description: string; condition?: TriggerCondition }>(x.before[f] ?? [], x.after[f] ?? [], (t) => t.id);
      for (const t of lm.added) out.add(`${p}/${f}/${t.i}`, `事项 ${n} 增加${zh}：${t.t.description}`, `item ${x.key} ${en} added: ${t.t.description}`);
      for (const t of lm.removed) out.add(`${p}/${f}/${t.i}`, `事项 ${n} 删除${zh}：${t.t.description}`, `item ${x.key} ${en} removed: ${t.t.description}`);
      for (const t of lm.kept) {
        if (t.before.description !== t.after.description || (f !== 'triggers' && !same(t.before, t.after)))
          out.add(`${p}/${f}/${t.ai}`, `事项 ${n} ${zh} ${t.key}：${t.before.description} → ${t.after.description}`, `item ${x.key} ${en} ${t.key} changed`);
        if (f === 'triggers') diffCondition(out, `${p}/${f}/${t.ai}/condition`, n, x.key, t.key, t.before, t.after, measureName(a));
      }
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
  const mm = matchBy(b.measures ?? [], a.measures ?? [], (m) => m.id);
  for (const x of mm.added) out.add(`/content/measures/${x.i}`, `新增触发条件度量 ${x.key}（${x.t.label?.zh ?? x.t.type}）`, `trigger measure ${x.key} added`);
  for (const x of mm.removed) out.add(`/content/measures/${x.i}`, `删除触发条件度量 ${x.key}`, `trigger measure ${x.key} removed`);
  for (const x of mm.kept) if (!same(x.before, x.after)) out.add(`/content/measures/${x.ai}`, `触发条件度量 ${x.key} 的定义已修改`, `trigger measure ${x.key} redefined`);
}

type Named = { condition?: TriggerCondition };
const measureName = (c: SupervisionItemsContent) => (id: string) => {
  const m = c.measures?.find((x) => x.id === id);
  return { zh: m?.label?.zh ?? id, en: m?.label?.en ?? id };
};

/** A trigger point's condition added, removed or changed (the sentence says both sides). */
function diffCondition(out: Out, path: string, n: string, item: string, trigger: string, before: Named, after: Named, name: (id: string) => { zh: string; en: string }) {
  if (same(before.condition, after.condition)) return;
  const say = (c: TriggerCondition | undefined) => (c ? triggerConditionPhrase(c, name) : { zh: '无（仅文字）', en: 'none (text only)' });
  const [pb, pa] = [say(before.condition), say(after.condition)];
  out.add(path, `事项 ${n} 触发点 ${trigger} 的触发条件：${pb.zh} → ${pa.zh}`, `item ${item} trigger ${trigger} condition: ${pb.en} → ${pa.en}`);
}

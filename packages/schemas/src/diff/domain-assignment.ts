/**
 * Changes of a domain-assignment document in policy language: departments, domains, which
 * department takes on or loses which domain, and the industry codes of each domain.
 */
import type { DomainAssignmentContent } from '../documents.ts';
import type { Out } from './sentences.ts';
import { enName, matchBy, same } from './sentences.ts';

/** The changes of a domain-assignment document (see the module comment). */
export function diffDomainAssignment(out: Out, b: DomainAssignmentContent, a: DomainAssignmentContent) {
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

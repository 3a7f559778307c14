/**
 * Scoping by content: a department's documents (industry models, supervision-item lists, early-warning rules) may name
 * only that department and the domains the domain assignment in force gives it. The owner of a
 * document says who may edit it; this check says what it may be about. Pure: the caller supplies the
 * owner (from the store, never from the edited content) and the assignment in force.
 */
import type { DomainAssignmentContent, DomainAssignmentDocument, PolicyDocument } from './documents.ts';
import type { Issue } from './issues.ts';
import { DEPARTMENT_KINDS } from './lifecycle.ts';
import { makeIssue } from './messages.ts';
import { pointer } from './pointer.ts';

const WHAT = {
  'industry-model': { zh: '行业评价模型', en: 'industry models' },
  'supervision-items': { zh: '监管事项', en: 'supervision items' },
  'early-warning': { zh: '风险预警规则', en: 'early-warning rules' },
} as const;

/** The Chinese and English names of departments and domains of an assignment (ids when unknown). */
function namer(assignment: DomainAssignmentContent | undefined) {
  const deps = new Map((assignment?.departments ?? []).map((d) => [d.id, d]));
  const doms = new Map((assignment?.domains ?? []).map((d) => [d.id, d]));
  return {
    department: (id: string) => {
      const d = deps.get(id);
      return { zh: d ? `${d.shortName ?? d.name.zh}（${id}）` : id, en: d?.name.en ? `${d.name.en} (${id})` : id };
    },
    domain: (id: string) => {
      const d = doms.get(id);
      return { zh: d ? `${d.name.zh}（${id}）` : id, en: d?.name.en ? `${d.name.en} (${id})` : id };
    },
    domains: doms,
  };
}

/**
 * The ids of the domains the assignment gives a department (a domain with several responsible
 * departments is given to each of them).
 *
 * @example
 * assignedDomains(assignment.content, 'transport') // → Set { 'transport' }
 */
export function assignedDomains(assignment: DomainAssignmentContent, department: string): Set<string> {
  return new Set(assignment.domains.filter((d) => d.departments.includes(department)).map((d) => d.id));
}

/**
 * Violations of a department document's scope, as errors with JSON pointers: the department it
 * names must be its owner, and every domain it names must be assigned to the owner by `assignment`
 * (the domain assignment in force; without one, only the department is checked). Documents of the
 * credit office, and kinds departments do not own, are not restricted: the result is empty.
 *
 * @example
 * checkScope(transportModelSavedByMarketRegulation, 'market-regulation', assignmentInForce)
 * // → [{ code: 'scope.foreign-department', path: '/content/department', … },
 * //    { code: 'scope.domain-not-assigned', path: '/content/domain', … }]
 */
export function checkScope(
  doc: PolicyDocument,
  owner: string,
  assignment?: DomainAssignmentDocument | DomainAssignmentContent,
): Issue[] {
  if (!DEPARTMENT_KINDS.includes(doc.kind)) return [];
  if (doc.kind !== 'industry-model' && doc.kind !== 'supervision-items' && doc.kind !== 'early-warning') return [];
  const a = assignment && 'content' in assignment ? assignment.content : assignment;
  const names = namer(a);
  const ownerName = names.department(owner);
  const what = WHAT[doc.kind];
  const issues: Issue[] = [];

  if (doc.content.department !== owner) {
    const named = names.department(doc.content.department);
    issues.push(
      makeIssue('scope.foreign-department', pointer('content', 'department'), {
        department: named.zh,
        departmentEn: named.en,
        owner: ownerName.zh,
        ownerEn: ownerName.en,
        what: what.zh,
        whatEn: what.en,
      }),
    );
  }
  if (!a) return issues;

  const mine = assignedDomains(a, owner);
  const checkDomain = (domain: string, path: string) => {
    if (mine.has(domain)) return;
    const d = names.domains.get(domain);
    const responsible = d?.departments.map((x) => names.department(x)) ?? [];
    const named = names.domain(domain);
    issues.push(
      makeIssue('scope.domain-not-assigned', path, {
        domain: named.zh,
        domainEn: named.en,
        owner: ownerName.zh,
        ownerEn: ownerName.en,
        what: what.zh,
        whatEn: what.en,
        detail: !d ? '部门监管领域分工中没有该领域' : responsible.length ? `该领域由${responsible.map((r) => r.zh).join('、')}负责` : '该领域没有责任部门',
        detailEn: !d
          ? 'the domain assignment has no such domain'
          : responsible.length
            ? `the domain belongs to ${responsible.map((r) => r.en).join(', ')}`
            : 'the domain has no responsible department',
      }),
    );
  };
  // the general classification (no domain) grades every enterprise: no domain to own
  if (doc.kind === 'industry-model') {
    if (doc.content.domain !== undefined) checkDomain(doc.content.domain, pointer('content', 'domain'));
  }
  else if (doc.kind === 'supervision-items') doc.content.items.forEach((it, i) => checkDomain(it.domain, pointer('content', 'items', i, 'domain')));
  // early-warning rules: the domains a rule is limited to are the owner's (the departments it warns may be any)
  else doc.content.rules.forEach((r, i) => r.domains?.forEach((d, j) => checkDomain(d, pointer('content', 'rules', i, 'domains', j))));
  return issues;
}

/**
 * Cross-document checks of a bundle: duplicate versions and references between documents (the
 * grading a sampling table follows, domains, departments, the grading an industry model combines with).
 */
import type { DomainAssignmentDocument, PolicyDocument } from '../documents.ts';
import { isGradeCondition, triggerLeaves } from '../trigger-condition.ts';
import type { Issue } from '../issues.ts';
import { makeIssue } from '../messages.ts';
import type { Push } from './collector.ts';
import { checkRefinesInBundle } from './general-risk.ts';
import { checkEarlyWarningInBundle } from './early-warning.ts';
import { worstAgainstBest } from './sampling.ts';

/**
 * Cross-document checks of a set of documents evaluated together (usually the newest or in-force
 * version of each id): duplicate versions, and references between documents. Each issue carries the
 * `documentId` it belongs to and a pointer into that document. Domain and department references are
 * checked only when the bundle holds a domain-assignment document.
 *
 * @example
 * validateBundle(newestVersions(documents)) // → [] when every reference resolves
 */
export function validateBundle(documents: readonly PolicyDocument[]): Issue[] {
  const out: Issue[] = [];
  const pushFor = (doc: PolicyDocument): Push => (code, path, params = {}, severity) =>
    out.push({ ...makeIssue(code, path, params, severity), documentId: doc.id });

  const seen = new Set<string>();
  const byId = new Map<string, PolicyDocument>();
  for (const doc of documents) {
    const key = `${doc.id}\u0000${doc.version}`;
    if (seen.has(key)) pushFor(doc)('document.duplicate-id', '/version', { id: doc.id, version: doc.version });
    seen.add(key);
    const cur = byId.get(doc.id);
    if (!cur || doc.version >= cur.version) byId.set(doc.id, doc);
  }

  const assignments = documents.filter((d): d is DomainAssignmentDocument => d.kind === 'domain-assignment');
  const domains = assignments.length ? new Set(assignments.flatMap((a) => a.content.domains.map((d) => d.id))) : undefined;
  const departments = assignments.length ? new Set(assignments.flatMap((a) => a.content.departments.map((d) => d.id))) : undefined;
  const where = (a: { zh: string; en: string }) => ({ where: a.zh, whereEn: a.en });
  const inAssignment = where({ zh: '（部门监管领域分工中没有）', en: ' in the domain assignment' });

  for (const doc of documents) {
    const push = pushFor(doc);
    if (doc.kind === 'sampling') {
      const grading = byId.get(doc.content.grading);
      if (!grading || grading.kind !== 'grading') {
        push('sampling.unknown-grading', '/content/grading', { grading: doc.content.grading });
      } else {
        const g = grading.content;
        const known = new Set(g.grades.map((x) => x.code));
        const list = [...known].join(', ');
        const rowGrades = new Set(doc.content.rows.map((r) => r.grade));
        // a row or an exception names a grade of a document that decides somewhere: the grading's or a basis document's
        const basisGrades = (doc.content.domainBasis ?? []).flatMap((b) => {
          const d = byId.get(b.document);
          return d && (d.kind === 'grading' || d.kind === 'industry-model') ? d.content.grades.map((x) => x.code) : [];
        });
        const knownAll = new Set([...known, ...basisGrades]);
        doc.content.rows.forEach((r, i) => {
          if (!knownAll.has(r.grade)) push('grades.unknown', `/content/rows/${i}/grade`, { grade: r.grade, known: knownAll.size > known.size ? [...knownAll].join(', ') : list });
        });
        doc.content.exceptions.forEach((e, i) => {
          if (!knownAll.has(e.grade)) push('grades.unknown', `/content/exceptions/${i}/grade`, { grade: e.grade, known: [...knownAll].join(', ') });
        });
        // judged above in the document's own row order; here in the grading's order, best to worst
        const ranked = g.grades.map((x) => x.code).filter((code) => code !== g.unratedGrade && rowGrades.has(code));
        const order = doc.content.rows.map((r) => r.grade).filter((code) => ranked.includes(code));
        if (order.join('\u0000') !== ranked.join('\u0000') && new Set(order).size === order.length) {
          push('sampling.rows-out-of-order', '/content/rows', { order: order.join(' > '), expected: ranked.join(' > '), grading: grading.id });
          const table = ranked.map((code) => {
            const i = doc.content.rows.findIndex((r) => r.grade === code);
            return { ...doc.content.rows[i]!, path: `/content/rows/${i}` };
          });
          worstAgainstBest(table, { where: '', whereEn: '' }, push);
        }
        for (const grade of known) {
          if (!rowGrades.has(grade)) {
            // an unrated enterprise may reasonably fall back to a default; a ranked grade may not
            push('sampling.grade-missing', '/content/rows', { grade, grading: grading.id }, grade === g.unratedGrade ? 'warning' : 'error');
          }
        }
      }
      if (domains) {
        doc.content.exceptions.forEach((e, i) => {
          if (!domains.has(e.domain)) push('bundle.unknown-reference', `/content/exceptions/${i}/domain`, { what: '监管领域', whatEn: 'domain', ref: e.domain, ...inAssignment });
        });
      }
      checkBasis(doc, byId, domains, push);
      if (departments) {
        (doc.content.inspectionPlans ?? []).forEach((p, i) => {
          if (!departments.has(p.department)) {
            push('bundle.unknown-reference', `/content/inspectionPlans/${i}/department`, { what: '部门', whatEn: 'department', ref: p.department, ...where({ zh: '（部门目录中没有）', en: ' in the department directory' }) });
          }
        });
      }
    } else if (doc.kind === 'industry-model') {
      const c = doc.content;
      if (domains && c.domain !== undefined && !domains.has(c.domain)) {
        push('bundle.unknown-reference', '/content/domain', { what: '监管领域', whatEn: 'domain', ref: c.domain, ...inAssignment });
      }
      if (departments && !departments.has(c.department)) {
        push('bundle.unknown-reference', '/content/department', { what: '部门', whatEn: 'department', ref: c.department, ...where({ zh: '（部门目录中没有）', en: ' in the department directory' }) });
      }
      if (c.combine.with !== undefined && byId.get(c.combine.with)?.kind !== 'grading') {
        push('bundle.unknown-reference', '/content/combine/with', { what: '评价文档', whatEn: 'grading document', ref: c.combine.with, where: '', whereEn: '' });
      }
      checkRefinesInBundle(doc, byId, push);
    } else if (doc.kind === 'supervision-items') {
      if (departments && !departments.has(doc.content.department)) {
        push('bundle.unknown-reference', '/content/department', { what: '部门', whatEn: 'department', ref: doc.content.department, ...where({ zh: '（部门目录中没有）', en: ' in the department directory' }) });
      }
      if (domains) {
        doc.content.items.forEach((it, i) => {
          if (!domains.has(it.domain)) push('items.unknown-domain', `/content/items/${i}/domain`, { item: it.code, domain: it.domain });
        });
      }
      checkTriggerGrades(doc, byId, push);
    } else if (doc.kind === 'early-warning') {
      checkEarlyWarningInBundle(doc, byId, departments, domains, push);
    }
  }
  return out;
}

/**
 * The per-domain sampling basis: each document exists and grades (a grading or an industry model),
 * each domain is assigned, every ranked grade of the document has a row (its enterprises would
 * otherwise fall back to the normal row), and an industry model decides in its own domain.
 */
function checkBasis(doc: Extract<PolicyDocument, { kind: 'sampling' }>, byId: ReadonlyMap<string, PolicyDocument>, domains: ReadonlySet<string> | undefined, push: Push) {
  const rowGrades = new Set(doc.content.rows.map((r) => r.grade));
  (doc.content.domainBasis ?? []).forEach((b, i) => {
    const path = `/content/domainBasis/${i}`;
    if (domains && !domains.has(b.domain)) {
      push('bundle.unknown-reference', `${path}/domain`, { what: '监管领域', whatEn: 'domain', ref: b.domain, where: '（部门监管领域分工中没有）', whereEn: ' in the domain assignment' });
    }
    const d = byId.get(b.document);
    if (!d || (d.kind !== 'grading' && d.kind !== 'industry-model')) {
      push('bundle.unknown-reference', `${path}/document`, { what: '评价或行业模型文档', whatEn: 'grading or industry-model document', ref: b.document, where: '', whereEn: '' });
      return;
    }
    const unrated = d.kind === 'grading' ? d.content.unratedGrade : undefined;
    for (const g of d.content.grades) {
      if (!rowGrades.has(g.code)) push('sampling.grade-missing', `${path}/document`, { grade: g.code, grading: d.id }, g.code === unrated ? 'warning' : 'error');
    }
    // the general classification (no domain) grades every enterprise, so it may decide in any domain
    if (d.kind === 'industry-model' && d.content.domain !== undefined && d.content.domain !== b.domain) {
      push('sampling.basis-domain-mismatch', `${path}/document`, { document: d.id, modelDomain: d.content.domain, domain: b.domain, grading: doc.content.grading });
    }
  });
}

/**
 * The grade leaves of trigger conditions (`{ document, grades }`): the document is a grading or an
 * industry model of the bundle and each grade is one of its grades (a grading's unrated grade included).
 */
function checkTriggerGrades(doc: Extract<PolicyDocument, { kind: 'supervision-items' }>, byId: ReadonlyMap<string, PolicyDocument>, push: Push) {
  doc.content.items.forEach((it, i) =>
    (it.triggers ?? []).forEach((tr, j) => {
      if (!tr.condition) return;
      const named = { item: `${it.code}（${it.name}）`, itemEn: it.code, trigger: tr.id };
      for (const { leaf, path } of triggerLeaves(tr.condition, `/content/items/${i}/triggers/${j}/condition`)) {
        if (!isGradeCondition(leaf)) continue;
        const d = byId.get(leaf.document);
        if (!d || (d.kind !== 'grading' && d.kind !== 'industry-model')) {
          push('triggers.unknown-document', `${path}/document`, { ...named, document: leaf.document });
          continue;
        }
        const known = d.content.grades.map((g) => g.code);
        const unrated = d.kind === 'grading' ? d.content.unratedGrade : undefined;
        if (unrated !== undefined && !known.includes(unrated)) known.push(unrated);
        leaf.grades.forEach((g, k) => {
          if (!known.includes(g)) push('triggers.unknown-grade', `${path}/grades/${k}`, { ...named, grade: g, document: d.id, known: known.join(', ') });
        });
      }
    }),
  );
}

/**
 * The semantic checks of an early-warning document (003 第十三条): rule ids once, the key indicators
 * defined once and counted by record kind (severities belong to gradings), each rule's condition
 * comparing defined key indicators with values of their type, a rule that always holds (it would
 * warn every enterprise) and a department warned twice. The grades and documents a condition names,
 * and the departments and domains a rule names, are checked against the bundle (validate/bundle.ts).
 */
import type { Condition, EarlyWarningDocument, EarlyWarningRule, MeasureDef, PolicyDocument } from '../documents.ts';
import { isGradeCondition, triggerLeaves } from '../trigger-condition.ts';
import type { Push } from './collector.ts';
import { checkKinds, duplicates } from './collector.ts';
import { checkCondition } from './grading.ts';

/** A rule as messages name it: 「label」（id） in Chinese, id "label" in English. */
export function ruleNamed(r: Pick<EarlyWarningRule, 'id' | 'label'>): { rule: string; ruleEn: string } {
  return { rule: `「${r.label.zh}」（${r.id}）`, ruleEn: `${r.id} "${r.label.en ?? r.label.zh}"` };
}

/** True when a condition holds whatever the enterprise (always, or all/any/not built only from that). */
function alwaysHolds(c: EarlyWarningRule['when']): boolean | undefined {
  if ('always' in c) return true;
  if ('all' in c) return c.all.every((x) => alwaysHolds(x) === true) ? true : undefined;
  if ('any' in c) return c.any.some((x) => alwaysHolds(x) === true) ? true : undefined;
  if ('not' in c) return alwaysHolds(c.not) === true ? false : undefined;
  return undefined;
}

/** The semantic checks of an early-warning document (see the module comment). */
export function checkEarlyWarning(doc: EarlyWarningDocument, push: Push) {
  const c = doc.content;
  const measures = new Map<string, MeasureDef>();
  c.measures.forEach((m, i) => {
    if (measures.has(m.id)) push('measures.duplicate', `/content/measures/${i}/id`, { measure: m.id });
    else measures.set(m.id, m);
    if (m.type === 'recordCount') {
      checkKinds(m.kinds, `/content/measures/${i}/kinds`, push);
      if (m.severity !== undefined) push('warnings.measure-severity', `/content/measures/${i}/severity`, { measure: m.id });
    }
  });
  duplicates(c.rules, (r) => r.id, (i, rule) => push('warnings.duplicate-rule', `/content/rules/${i}/id`, { rule }));
  const known = measures.size ? [...measures.keys()].join(', ') : '无';
  c.rules.forEach((r, i) => {
    const named = ruleNamed(r);
    const base = `/content/rules/${i}`;
    // the gradings' check of comparisons, its issues said of this rule
    const wrapped: Push = (code, path, params = {}, severity) => {
      if (code === 'measures.unknown') push('warnings.unknown-measure', path, { ...named, measure: params.measure, known, knownEn: measures.size ? known : 'none' }, severity);
      else push(code === 'measures.type-mismatch' ? 'warnings.type-mismatch' : code, path, { ...params, ...named }, severity);
    };
    // grade leaves carry no measure: the gradings' check passes over them
    checkCondition(r.when as Condition, `${base}/when`, measures, wrapped);
    if (alwaysHolds(r.when) === true) push('warnings.always', `${base}/when`, named);
    duplicates(r.notify, (d) => d, (j, department) => push('warnings.duplicate-notify', `${base}/notify/${j}`, { ...named, department }));
  });
}

/**
 * The bundle's side of an early-warning document: its department, the departments it warns and the
 * domains its rules cover exist in the domain assignment (when the bundle has one), and each grade
 * leaf names a grading or industry model of the bundle and grades of it (a grading's unrated grade included).
 */
export function checkEarlyWarningInBundle(
  doc: EarlyWarningDocument,
  byId: ReadonlyMap<string, PolicyDocument>,
  departments: ReadonlySet<string> | undefined,
  domains: ReadonlySet<string> | undefined,
  push: Push,
) {
  const notIn = (what: string, whatEn: string, ref: string, path: string, zh: string, en: string) =>
    push('bundle.unknown-reference', path, { what, whatEn, ref, where: zh, whereEn: en });
  const directory = ['（部门目录中没有）', ' in the department directory'] as const;
  if (departments && !departments.has(doc.content.department)) notIn('部门', 'department', doc.content.department, '/content/department', ...directory);
  doc.content.rules.forEach((r, i) => {
    const base = `/content/rules/${i}`;
    if (departments) r.notify.forEach((d, j) => departments.has(d) || notIn('预警对象部门', 'warned department', d, `${base}/notify/${j}`, ...directory));
    if (domains) r.domains?.forEach((d, j) => domains.has(d) || notIn('监管领域', 'domain', d, `${base}/domains/${j}`, '（部门监管领域分工中没有）', ' in the domain assignment'));
    const named = ruleNamed(r);
    for (const { leaf, path } of triggerLeaves(r.when, `${base}/when`)) {
      if (!isGradeCondition(leaf)) continue;
      const d = byId.get(leaf.document);
      if (!d || (d.kind !== 'grading' && d.kind !== 'industry-model')) {
        push('warnings.unknown-document', `${path}/document`, { ...named, document: leaf.document });
        continue;
      }
      const known = d.content.grades.map((g) => g.code);
      const unrated = d.kind === 'grading' ? d.content.unratedGrade : undefined;
      if (unrated !== undefined && !known.includes(unrated)) known.push(unrated);
      leaf.grades.forEach((g, k) => {
        if (!known.includes(g)) push('warnings.unknown-grade', `${path}/grades/${k}`, { ...named, grade: g, document: d.id, known: known.join(', ') });
      });
    }
  });
}

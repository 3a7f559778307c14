/**
 * The general (通用) risk classification in the engine (003 第七条–第九条; @policy/schemas general-risk.ts):
 * an industry model with `classification: "general"` has no domain and scores every enterprise in
 * the register; a specialised model whose `combine.refines` names it (第九条 专业分类可在通用分类基础上
 * 进行细化分类) is, with worst-of, also no better than the general class (by position), decided by
 * its `refines:<id>` rule. General classifications are evaluated before the models that refine them.
 */
import { isGeneralModel } from '@policy/schemas';
import type { LocalizedText } from '@policy/schemas';
import type { CompiledIndustryModel } from './evaluator.ts';
import type { DocumentResult } from './result.ts';
import { NO_GRADE } from './result.ts';
import type { DomainTables } from './run/domains.ts';
import { copyColumn } from './run/columns.ts';

/** The rule id of the refinement step (`refines:<general classification id>`). */
export const refinesRule = (general: string) => `refines:${general}`;

/** The label of the refinement step. */
export function refinesLabel(general: string): LocalizedText {
  return { zh: `专业分类在通用风险分类（${general}）基础上细化：不优于通用分类`, en: `refines the general risk class (${general}): no better than it` };
}

/** 1 for each domain set whose enterprises a model grades: every set in the register for the general classification. */
export function memberSets(m: CompiledIndustryModel, dt: DomainTables, domainIdx: number): Uint8Array {
  const inSet = new Uint8Array(dt.domainSets.length);
  const general = isGeneralModel(m.doc);
  dt.domainSets.forEach((set, s) => {
    inSet[s] = general ? (set.outside ? 0 : 1) : dt.inDomain(s, domainIdx) ? 1 : 0;
  });
  return inSet;
}

/** General classifications first (a model that refines one reads its grades), otherwise in document order. */
export function generalFirst<T extends { doc: CompiledIndustryModel['doc'] }>(models: T[]): T[] {
  return [...models.filter((m) => isGeneralModel(m.doc)), ...models.filter((m) => !isGeneralModel(m.doc))];
}

/**
 * A specialised model's result refined by the general class: with worst-of, a member whose general
 * grade is worse (by position, capped at the model's worst grade) takes it, decided by the refines
 * rule. Returns a new result; `r` is not changed (it may be cached).
 */
export function refineWithGeneral(m: CompiledIndustryModel, r: DocumentResult, general: DocumentResult | undefined): DocumentResult {
  const ref = m.doc.content.combine.refines;
  if (ref === undefined || general === undefined || m.doc.content.combine.method !== 'worst-of') return r;
  const rule = m.rules.indexOf(refinesRule(ref));
  const grade = copyColumn(r.grade);
  const rules = copyColumn(r.rule);
  const maxModel = m.grades.length - 1;
  const gg = general.grade;
  for (let i = 0; i < grade.length; i++) {
    const g = grade[i]!;
    if (g === NO_GRADE) continue;
    const q = gg[i]!;
    if (q === NO_GRADE || q >= general.ordered) continue;
    const pos = q > maxModel ? maxModel : q;
    if (pos > g) {
      grade[i] = pos;
      rules[i] = rule;
    }
  }
  return { ...r, grade, rule: rules };
}

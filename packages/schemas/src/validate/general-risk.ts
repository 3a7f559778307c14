/**
 * The semantic checks particular to the general (通用) and the specialised (专业) classification
 * (003 第七条–第九条; ../general-risk.ts): a specialised model names its domain; the general one has
 * none, refines nothing, and tags every criterion with one of the five dimensions (a warning names a
 * dimension without criteria); in a set, `combine.refines` names a general classification.
 */
import type { IndustryModelDocument, PolicyDocument } from '../documents.ts';
import type { RiskDimension } from '../general-risk.ts';
import { isGeneralModel, RISK_DIMENSION_LABELS, RISK_DIMENSIONS } from '../general-risk.ts';
import type { Push } from './collector.ts';

const dimensionList = RISK_DIMENSIONS.map((d) => RISK_DIMENSION_LABELS[d].zh).join('、');
const dimensionListEn = RISK_DIMENSIONS.map((d) => RISK_DIMENSION_LABELS[d].en).join(', ');

/** The checks particular to the general and the specialised classification (see the module comment). */
export function checkClassification(doc: IndustryModelDocument, push: Push) {
  const c = doc.content;
  if (!isGeneralModel(doc)) {
    if (c.domain === undefined) push('model.domain-missing', '/content/domain', { document: doc.title });
    return;
  }
  if (c.domain !== undefined) push('general.has-domain', '/content/domain', { domain: c.domain });
  if (c.combine.refines !== undefined) push('general.refines', '/content/combine/refines', { ref: c.combine.refines });
  const seen = new Set<RiskDimension>();
  c.criteria.forEach((cr, i) => {
    if (cr.dimension === undefined) push('general.dimension-missing', `/content/criteria/${i}/dimension`, { criterion: cr.label.zh, criterionEn: cr.label.en ?? cr.id, dimensions: dimensionList, dimensionsEn: dimensionListEn });
    else seen.add(cr.dimension);
  });
  for (const d of RISK_DIMENSIONS) {
    if (!seen.has(d)) push('general.dimension-absent', '/content/criteria', { dimension: RISK_DIMENSION_LABELS[d].zh, dimensionEn: RISK_DIMENSION_LABELS[d].en });
  }
}

/** In a set of documents: `combine.refines` names a general classification of the set. */
export function checkRefinesInBundle(doc: IndustryModelDocument, byId: ReadonlyMap<string, PolicyDocument>, push: Push) {
  const ref = doc.content.combine.refines;
  if (ref === undefined) return;
  const d = byId.get(ref);
  if (!d || d.kind !== 'industry-model' || !isGeneralModel(d)) {
    const where = d ? { where: '（该文档不是通用分类）', whereEn: ' (that document is not a general classification)' } : { where: '', whereEn: '' };
    push('bundle.unknown-reference', '/content/combine/refines', { what: '通用风险分类文档', whatEn: 'general risk classification', ref, ...where });
  }
}

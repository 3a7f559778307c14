/**
 * Sentences of the semantic diff particular to the general risk classification (../general-risk.ts):
 * the classification (通用 / 专业), the dimension of a criterion and the general class a specialised
 * model refines.
 */
import type { IndustryModelContent } from '../documents.ts';
import type { RiskDimension } from '../general-risk.ts';
import { RISK_DIMENSION_LABELS } from '../general-risk.ts';
import type { Out } from './sentences.ts';

const classification = (c: IndustryModelContent) => (c.classification === 'general' ? { zh: '通用分类', en: 'general' } : { zh: '专业分类', en: 'specialised' });
const dimension = (d: RiskDimension | undefined) => (d === undefined ? { zh: '未标明', en: 'none' } : RISK_DIMENSION_LABELS[d]);

/** 分类模式 专业分类 → 通用分类. */
export function diffClassification(out: Out, b: IndustryModelContent, a: IndustryModelContent) {
  const cb = classification(b);
  const ca = classification(a);
  if (cb.zh !== ca.zh) out.add('/content/classification', `分类模式 ${cb.zh} → ${ca.zh}`, `classification ${cb.en} → ${ca.en}`);
}

/** 准则 social 的所属维度 社会评价 → 动态信息. */
export function diffDimension(out: Out, path: string, criterion: string, b: { dimension?: RiskDimension | undefined }, a: { dimension?: RiskDimension | undefined }) {
  if (b.dimension === a.dimension) return;
  const db = dimension(b.dimension);
  const da = dimension(a.dimension);
  out.add(path, `准则 ${criterion} 的所属维度 ${db.zh} → ${da.zh}`, `criterion ${criterion} dimension ${db.en} → ${da.en}`);
}

/** 细化通用风险分类 X / 不再细化通用风险分类 X / 细化的通用风险分类 X → Y. */
export function diffRefines(out: Out, b: string | undefined, a: string | undefined) {
  if (b === a) return;
  const path = '/content/combine/refines';
  if (b === undefined) out.add(path, `细化通用风险分类 ${a!}`, `refines the general risk class ${a!}`);
  else if (a === undefined) out.add(path, `不再细化通用风险分类 ${b}`, `no longer refines the general risk class ${b}`);
  else out.add(path, `细化的通用风险分类 ${b} → ${a}`, `refined general risk class ${b} → ${a}`);
}

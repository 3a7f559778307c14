/**
 * The general (通用) enterprise credit risk classification of 003 第七条–第九条, written as an
 * industry-model document with `classification: "general"`: common indicators that apply to every
 * enterprise, grouped by criteria each tagged with one of the five dimensions of the national
 * practice (企业基础属性、动态信息、监管信息、关联关系、社会评价), AHP-weighted, banded into A 低 / B 一般 /
 * C 较高 / D 高. A specialised (专业) industry model refines it through `combine.refines` (第九条:
 * 专业分类可在通用分类基础上进行细化分类). This module holds the dimension and classification enums
 * (the semantic checks particular to the two classifications are in validate/general-risk.ts; the
 * AHP, band and grade checks are those of every industry model, validate/industry-model.ts).
 */
import { z } from 'zod';
import type { LocalizedText } from './document-blocks.ts';

const t = (title: string, description: string) => ({ title, description });

/** The five dimensions of the general classification's indicator system. */
export const RISK_DIMENSIONS = ['basic-attributes', 'dynamic', 'supervision', 'relations', 'social'] as const;
export type RiskDimension = (typeof RISK_DIMENSIONS)[number];

export const RISK_DIMENSION_LABELS: Record<RiskDimension, LocalizedText> = {
  'basic-attributes': { zh: '企业基础属性', en: 'Basic attributes' },
  dynamic: { zh: '动态信息', en: 'Dynamic information' },
  supervision: { zh: '监管信息', en: 'Supervision information' },
  relations: { zh: '关联关系', en: 'Related parties' },
  social: { zh: '社会评价', en: 'Social evaluation' },
};

export const riskDimension = z
  .enum(RISK_DIMENSIONS)
  .meta(
    t(
      '所属维度',
      'Dimension of the general classification: basic-attributes 企业基础属性 / dynamic 动态信息 / supervision 监管信息 / relations 关联关系 / social 社会评价.',
    ),
  );

export const modelClassification = z
  .enum(['general', 'specialised'])
  .meta(
    t(
      '分类模式',
      'general = 通用分类 (common indicators, every enterprise, no domain; 003 第七条、第八条); specialised = 专业分类 (a domain\'s own indicators; the default when absent).',
    ),
  );
export type ModelClassification = z.infer<typeof modelClassification>;

/** True for the general (通用) classification: it grades every enterprise in the register, not a domain. */
export function isGeneralModel(doc: { content: { classification?: ModelClassification | undefined } }): boolean {
  return doc.content.classification === 'general';
}

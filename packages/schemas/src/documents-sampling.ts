/**
 * The sampling document (双随机、一公开 ratios and frequencies per grade, the basis per domain, yearly
 * inspection plans); documents.ts re-exports it and builds its envelope.
 */
import { z } from 'zod';
import { id } from './document-blocks.ts';

const t = (title: string, description: string) => ({ title, description });

export const percent = z.number().min(0).max(100).meta(t('百分比', 'Percent, 0–100.'));

export const samplingRow = z
  .object({
    grade: z.string().min(1).meta(t('等级', 'Grade code of the driving grading document.')),
    ratioPercent: percent.meta(t('抽查比例(%)', 'Share of the enterprises of this grade drawn per round.')),
    range: z
      .object({ min: percent, max: percent })
      .strict()
      .optional()
      .meta(t('比例区间(%)', 'The allowed range the ratio is chosen within, e.g. 5–20%.')),
    frequencyPerYear: z.number().min(0).max(52).meta(t('每年抽查次数', 'Rounds per year.')),
    onSite: z
      .enum(['on-trigger', 'normal', 'focused', 'when-necessary', 'always'])
      .meta(
        t(
          '现场检查',
          'on-trigger 无事不扰 / normal 常规 / focused 重点关注 / when-necessary 必要时主动实施现场检查 (000 四(三), 003 第十二条(四): D 类) / always 每次抽查均实地核查.',
        ),
      ),
    note: z.string().optional().meta(t('说明', 'Explanation shown to reviewers.')),
  })
  .strict()
  .meta(t('抽查比例', 'Sampling for one grade.'));
export type SamplingRow = z.infer<typeof samplingRow>;

/** Per domain: the grading or industry model whose grade decides an enterprise's sampling row. */
export const samplingBasis = z
  .object({
    domain: id.meta(t('监管领域', 'Domain id from the domain-assignment document.')),
    document: id.meta(
      t(
        '依据的评价或行业模型',
        'Id of the grading or industry-model document whose grade decides the sampling row of the enterprises of this domain (an industry model grades only the enterprises of its own domain; the others keep the default).',
      ),
    ),
    note: z.string().optional().meta(t('说明', 'Why this document decides (the seed sentence).')),
  })
  .strict()
  .meta(t('领域抽查依据', 'Which grading or industry model decides sampling in one domain.'));
export type SamplingBasis = z.infer<typeof samplingBasis>;

/** Inspection methods of a yearly plan (002 (六)): differentiated by credit risk, or chosen otherwise. */
export const INSPECTION_METHODS = ['differentiated', 'targeted', 'complaint', 'fullCoverage'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

const enterpriseCount = z.number().int().min(0);

/** One department's planned inspections of one year, in enterprises (户数), by how they are chosen. */
export const inspectionPlan = z
  .object({
    department: id.meta(t('部门', 'Department id from the domain-assignment document.')),
    year: z.number().int().min(2000).max(2100).meta(t('年度', 'Plan year, e.g. 2023.')),
    enterprises: z
      .object({
        differentiated: enterpriseCount.meta(t('差异化抽查户数', 'Enterprises chosen by credit-risk differentiated sampling (双随机 at the ratios of their grade).')),
        targeted: enterpriseCount.meta(t('定向抽查户数', 'Enterprises chosen by targeted (定向) inspection, not by credit risk.')),
        complaint: enterpriseCount.meta(t('投诉举报核查户数', 'Enterprises inspected on a complaint or report (投诉举报), a big-data alert or a referred case.')),
        fullCoverage: enterpriseCount.meta(t('全覆盖检查户数', 'Enterprises inspected because every enterprise of a kind must be (全覆盖).')),
      })
      .strict()
      .meta(
        t(
          '计划检查户数',
          'Distinct enterprises (户数, not inspections): each enterprise counts once, under the method that chose it, however often it is inspected.',
        ),
      ),
    note: z.string().optional().meta(t('说明', 'Where the figures come from.')),
  })
  .strict()
  .meta(t('年度抽查计划', 'A department\'s planned inspections of one year, by method.'));
export type InspectionPlan = z.infer<typeof inspectionPlan>;

export const samplingContent = z
  .object({
    grading: id.meta(
      t(
        '依据的评价',
        'Id of the grading document whose grades drive sampling: the default for every enterprise that no entry of 按领域的抽查依据 decides (the public credit class).',
      ),
    ),
    domainBasis: z
      .array(samplingBasis)
      .optional()
      .meta(
        t(
          '按领域的抽查依据',
          'Per domain, the grading or industry model whose grade decides sampling (000 四(三): 根据公共信用评价或行业信用风险分级分类结果). An enterprise takes the first entry, in this order, of a domain it belongs to whose document grades it; otherwise 依据的评价 decides. Absent or empty: 依据的评价 decides for every enterprise, as documents without this field always meant.',
        ),
      ),
    rows: z.array(samplingRow).min(1).meta(t('抽查比例表', 'One row per grade, best to worst.')),
    exceptions: z
      .array(
        z
          .object({
            domain: id.meta(t('监管领域', 'Domain id.')),
            grade: z.string().min(1),
            ratioPercent: percent,
            frequencyPerYear: z.number().min(0).max(52),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta(t('领域例外', 'Per-domain ratios that replace the table for that domain and grade.')),
    differentiatedShareMinPercent: percent.meta(
      t('差异化抽查最低占比(%)', 'Minimum share of inspected enterprises (户数) chosen by credit-risk differentiated sampling (seed 002 (六): 70).'),
    ),
    differentiatedShareYear: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .meta(t('差异化抽查占比目标年度', 'The year the minimum share applies to (seed 002 (六): 2023). Absent: every year.')),
    inspectionPlans: z
      .array(inspectionPlan)
      .optional()
      .meta(
        t(
          '年度抽查计划（户数）',
          'Per department and year, the planned inspected enterprises by method; the differentiated share (differentiated ÷ all, in distinct enterprises) is checked against 差异化抽查最低占比 for the target year.',
        ),
      ),
    sources: z.array(z.string()).default([]).meta(t('依据', 'Where the numbers come from.')),
    inspectLicenceRevoked: z
      .boolean()
      .optional()
      .meta(
        t(
          '吊销营业执照企业纳入抽查',
          'Whether enterprises whose business licence is revoked (吊销, not deregistered) are still drawn, at the row of their grade. Default true: the seeds grade them D (000 三(一)) and raise D\'s ratio strongly (000 四(三)), i.e. they stay under supervision until deregistered. false: no sampling row, never drawn.',
        ),
      ),
  })
  .strict()
  .meta(t('抽查比例设置', 'Double-random sampling ratios and frequencies per grade.'));
export type SamplingContent = z.infer<typeof samplingContent>;

/**
 * The policy document kinds, written once as zod schemas. Everything else derives from here:
 * TypeScript types (`z.infer`), JSON Schema draft 2020-12 for forms and editors (`json-schema.ts`),
 * and structural validation (`validate.ts`). Every field carries a Chinese `title` and a `description`
 * because the admin forms are generated from them.
 */
import { z } from 'zod';
import { band, bound, comparisonOp, condition, gradeSet, id, localizedText } from './document-blocks.ts';
import { calendarDate } from './identifiers.ts';
import { LIST_IDS } from './enterprise.ts';
import { earlyWarningContentSchema } from './early-warning.ts';
import { modelClassification, riskDimension } from './general-risk.ts';
import { samplingContent } from './documents-sampling.ts';
import { triggerConditionSchema } from './trigger-condition.ts';

const t = (title: string, description: string) => ({ title, description });

export * from './document-blocks.ts';
export * from './documents-sampling.ts';
export * from './general-risk.ts';

// ---------------------------------------------------------------- grading

export const recordSeverity = z
  .enum(['general', 'serious', 'ignore'])
  .meta(t('严重程度', 'general = 一般失信, serious = 严重失信, ignore = 不计入.'));
export type RecordSeverity = z.infer<typeof recordSeverity>;

export const windowSpec = z
  .object({
    years: z.number().int().min(0).max(10).default(1).meta(t('年', 'Whole years.')),
    months: z.number().int().min(0).max(120).default(0).meta(t('月', 'Additional months.')),
  })
  .strict()
  .meta(t('统计期间', 'How far back records count: a record counts when at − window < date ≤ at.'));
export type WindowSpec = z.infer<typeof windowSpec>;

export const measureDef = z
  .discriminatedUnion('type', [
    z
      .object({
        id,
        type: z.literal('recordCount').meta(t('类型', 'Number of counting records.')),
        label: localizedText.optional(),
        severity: recordSeverity.optional().meta(t('按严重程度', 'Count only records whose kind has this severity.')),
        kinds: z.array(z.string().min(1)).min(1).optional().meta(t('按记录类型', 'Count only records of these kinds.')),
        window: windowSpec.optional().meta(t('统计期间', 'Overrides the document window for this measure.')),
        seriousConsequence: z
          .boolean()
          .optional()
          .meta(t('按是否造成严重后果', 'true: count only records that caused serious consequences; false: only those that did not; absent: both.')),
      })
      .strict()
      .meta(t('记录数', 'Number of dishonesty records that count at the evaluation date.')),
    z
      .object({
        id,
        type: z.literal('listMember'),
        label: localizedText.optional(),
        list: z.string().min(1).meta(t('名单', 'List id, e.g. serious-dishonesty.')),
      })
      .strict()
      .meta(t('名单状态', 'True when the enterprise is on the list at the evaluation date.')),
    z
      .object({
        id,
        type: z.literal('status'),
        label: localizedText.optional(),
        equals: z.enum(['active', 'licence-revoked', 'deregistered']).meta(t('登记状态', 'True when status equals this.')),
      })
      .strict()
      .meta(t('登记状态', 'True when the registration status equals the given value.')),
    z
      .object({ id, type: z.literal('score'), label: localizedText.optional() })
      .strict()
      .meta(t('公共信用综合评价分', 'The publicCreditScore (NaN when not rated).')),
    z
      .object({
        id,
        type: z.literal('indicator'),
        label: localizedText.optional(),
        key: z.string().min(1).meta(t('行业指标键', 'Key in the enterprise record\'s indicators object.')),
      })
      .strict()
      .meta(t('行业指标值', 'A value from the enterprise record\'s indicators.')),
  ])
  .meta(t('度量', 'A value derived from the enterprise record at the evaluation date.'));
export type MeasureDef = z.infer<typeof measureDef>;

export const bandsDecision = z
  .object({
    type: z.literal('bands').meta(t('判定方式', 'Score bands.')),
    measure: id.meta(t('分数度量', 'The measure whose value is banded (usually the score).')),
    bands: z.array(band).min(1).meta(t('分数区间', 'Bands that must cover the range without gap or overlap.')),
    range: z
      .object({ min: z.number(), max: z.number() })
      .strict()
      .meta(t('取值范围', 'The range the bands must cover, e.g. 0–100.')),
    missingGrade: z.string().min(1).optional().meta(t('无分数时等级', 'Grade when the measure has no value (未评价).')),
    missingRuleId: id.optional().meta(t('无分数规则标识', 'Rule id reported when the value is missing.')),
  })
  .strict()
  .meta(t('分数区间判定', 'The grade follows from which band the score falls in.'));

export const decisionRule = z
  .object({
    id: id.meta(t('规则标识', 'Rule id reported in results.')),
    grade: z.string().min(1).meta(t('等级', 'Grade given when the condition holds.')),
    when: condition,
    note: z.string().optional().meta(t('依据', 'Where the rule comes from (seed text, article).')),
  })
  .strict()
  .meta(t('判定规则', 'One row of the rule table.'));
export type DecisionRule = z.infer<typeof decisionRule>;

export const rulesDecision = z
  .object({
    type: z.literal('rules').meta(t('判定方式', 'Ordered rule table, first match.')),
    rules: z.array(decisionRule).min(1).meta(t('规则表', 'Ordered; the last rule must be a catch-all ({"always": true}).')),
  })
  .strict()
  .meta(t('规则表判定', 'The first rule whose condition holds decides the grade.'));

export const override = z
  .object({
    id: id.meta(t('规则标识', 'Rule id reported when the override decides.')),
    grade: z.string().min(1).meta(t('等级', 'Grade set by the override.')),
    when: condition,
    mayImprove: z
      .boolean()
      .optional()
      .meta(t('允许提升等级', 'Overrides only worsen a grade unless this is true.')),
    note: z.string().optional().meta(t('依据', 'Where the override comes from.')),
  })
  .strict()
  .meta(t('强制调整', 'Applied after the decision; by default it may only make the grade worse.'));
export type Override = z.infer<typeof override>;

export const pendingObjection = z
  .enum(['excluded', 'counted'])
  .meta(
    t(
      '异议期间记录的处理',
      'Records under an objection pending at the evaluation date (objection filed, not yet resolved): excluded = 不计入 (the default when absent), counted = 照常计入.',
    ),
  );
export type PendingObjection = z.infer<typeof pendingObjection>;

export const publicationPeriod = z
  .object({
    id,
    kinds: z.array(z.string().min(1)).min(1).optional().meta(t('记录类型', 'Record kinds this period applies to (none: every kind).')),
    severity: z.enum(['general', 'serious']).optional().meta(t('严重程度', 'Only kinds of this severity under the document\'s severities (none: both).')),
    domains: z
      .array(id)
      .min(1)
      .optional()
      .meta(t('适用领域', 'Only records whose domain (records[].domain, the domain of the authority that made them) is one of these (none: records of every domain and without one).')),
    minimum: windowSpec.meta(t('最短公示期', 'Minimum publication period: under repairBeforeMinimum = deferred, a repair takes effect only once the record is this old.')),
    maximum: windowSpec.meta(t('最长公示期', 'Maximum publication period: a record at least this old (date ≤ at − maximum) no longer counts, whatever the window.')),
    note: z.string().optional().meta(t('依据', 'Where the period comes from.')),
  })
  .strict()
  .meta(t('公示期', 'Publication period of a record kind / severity / domain; the first period that matches a record applies, a record no period matches has no maximum.'));
export type PublicationPeriod = z.infer<typeof publicationPeriod>;

export const repairBeforeMinimum = z
  .enum(['effective', 'deferred'])
  .meta(t('最短公示期内的信用修复', 'A repair dated before the record\'s minimum publication period ends: effective = 自修复之日起不计入 (the default when absent), deferred = 最短公示期届满后才不计入.'));
export type RepairBeforeMinimum = z.infer<typeof repairBeforeMinimum>;

export const gradingContent = z
  .object({
    grades: gradeSet,
    unratedGrade: z
      .string()
      .min(1)
      .optional()
      .meta(t('未评价等级', 'A grade outside the best→worst order, for enterprises that cannot be rated.')),
    window: windowSpec.meta(t('统计期间', 'Default look-back window for record counts (1 year).')),
    severities: z
      .record(z.string(), recordSeverity)
      .meta(t('记录类型严重程度', 'Maps each record kind to general, serious or ignore. Kinds not listed are general.')),
    pendingObjection: pendingObjection.optional(),
    publicationPeriods: z
      .array(publicationPeriod)
      .optional()
      .meta(t('公示期', 'Minimum and maximum publication periods per record kind and severity (CONTRACTS §1): a record past its maximum no longer counts.')),
    repairBeforeMinimum: repairBeforeMinimum.optional(),
    measures: z.array(measureDef).meta(t('度量', 'Values derived from each enterprise record.')),
    decision: z
      .discriminatedUnion('type', [bandsDecision, rulesDecision])
      .meta(t('判定', 'Score bands or an ordered rule table.')),
    overrides: z.array(override).default([]).meta(t('强制调整', 'Applied in order after the decision.')),
  })
  .strict()
  .meta(t('评价规则', 'Grading: grades, measures, decision and overrides.'));
export type GradingContent = z.infer<typeof gradingContent>;

// ---------------------------------------------------------------- industry-model

export const indicatorScoring = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('linear'),
        worst: z.number().meta(t('最差值', 'Value that scores 0 points.')),
        best: z.number().meta(t('最好值', 'Value that scores 100 points; may be below worst for "lower is better".')),
      })
      .strict()
      .meta(t('线性得分', 'Points rise linearly from worst (0) to best (100), clamped.')),
    z
      .object({
        type: z.literal('bands'),
        bands: z
          .array(
            z
              .object({
                min: bound.optional(),
                max: bound.optional(),
                points: z.number().min(0).max(100).meta(t('得分', 'Points 0–100.')),
              })
              .strict()
              .meta(t('分段', 'Values between min and max score the given points.')),
          )
          .min(1)
          .meta(t('分段', 'The bands, each with its points.')),
      })
      .strict()
      .meta(t('分段得分', 'Points by the band the value falls in.')),
    z
      .object({
        type: z.literal('boolean'),
        whenTrue: z.number().min(0).max(100).meta(t('是', 'Points when true.')),
        whenFalse: z.number().min(0).max(100).meta(t('否', 'Points when false.')),
      })
      .strict()
      .meta(t('是否得分', 'Points for a yes/no indicator.')),
    z
      .object({
        type: z.literal('map'),
        values: z.record(z.string(), z.number().min(0).max(100)).meta(t('取值得分', 'Points for each value.')),
        otherwise: z.number().min(0).max(100).meta(t('其他值', 'Points for any other value.')),
      })
      .strict()
      .meta(t('取值得分', 'Points for an enumerated value.')),
  ])
  .meta(t('计分方式', 'How an indicator value becomes 0–100 points.'));
export type IndicatorScoring = z.infer<typeof indicatorScoring>;

export const indicatorSource = z
  .discriminatedUnion('from', [
    z
      .object({ from: z.literal('indicator'), key: z.string().min(1).meta(t('行业指标键', 'Key in indicators.')) })
      .strict()
      .meta(t('行业指标', 'From the enterprise record\'s indicators.')),
    z
      .object({
        from: z.literal('recordCount'),
        kinds: z.array(z.string().min(1)).min(1).optional().meta(t('记录类型', 'Only these kinds; all kinds when absent.')),
        window: windowSpec.optional(),
      })
      .strict()
      .meta(t('失信记录数', 'Counting records in the window.')),
    z.object({ from: z.literal('score') }).strict().meta(t('公共信用综合评价分', 'publicCreditScore.')),
    z
      .object({
        from: z.literal('listMember'),
        list: z.enum(LIST_IDS).meta(t('名单', 'List id: serious-dishonesty, joint-punishment or abnormal-operation.')),
      })
      .strict()
      .meta(
        t(
          '名单状态',
          'Whether the enterprise itself is on the list at the evaluation date (from ≤ date < until, as a grading\'s list condition): true/false, scored as yes/no.',
        ),
      ),
  ])
  .meta(t('数据来源', 'Where the indicator value comes from.'));

export const indicatorDef = z
  .object({
    id,
    label: localizedText,
    source: indicatorSource,
    scoring: indicatorScoring,
    missingPoints: z.number().min(0).max(100).meta(t('缺失得分', 'Points when the value is missing.')),
  })
  .strict()
  .meta(t('行业指标', 'One industry indicator with its scoring.'));
export type IndicatorDef = z.infer<typeof indicatorDef>;

export const judgementMatrix = z
  .array(z.array(z.number().positive()))
  .min(1)
  .meta(
    t(
      '判断矩阵',
      'AHP pairwise comparison matrix (Saaty 1–9): a[i][j] = importance of i over j; a[j][i] must be 1/a[i][j].',
    ),
  );

export const criterionDef = z
  .object({
    id,
    label: localizedText,
    indicators: z.array(id).min(1).meta(t('指标', 'Ids of the indicators under this criterion, in matrix order.')),
    matrix: judgementMatrix,
    dimension: riskDimension.optional(),
  })
  .strict()
  .meta(t('准则层', 'An AHP criterion grouping indicators.'));

export const industryModelContent = z
  .object({
    classification: modelClassification.optional(),
    domain: id
      .optional()
      .meta(t('监管领域', 'Domain id from the domain-assignment document; required for a specialised model, absent for the general classification (every enterprise).')),
    department: id.meta(t('主管部门', 'Department that owns the model.')),
    grades: gradeSet.meta(t('等级设置', 'Model grades from best to worst (A 优秀 … D 差).')),
    indicators: z.array(indicatorDef).min(1),
    criteria: z.array(criterionDef).min(1).meta(t('准则层', 'Criteria; each has a judgement matrix over its indicators.')),
    criteriaMatrix: judgementMatrix.meta(t('准则层判断矩阵', 'Judgement matrix over the criteria, in criteria order.')),
    thresholds: z.array(band).min(1).meta(t('等级阈值', 'Bands over the 0–100 weighted score.')),
    combine: z
      .object({
        with: id.optional().meta(t('通用评价', 'Id of the grading document giving the general class.')),
        method: z
          .enum(['model-only', 'worst-of'])
          .meta(t('结合方式', 'model-only: the model grade; worst-of: the worse of model and general (by position).')),
        refines: id
          .optional()
          .meta(t('细化的通用分类', 'Id of the general risk classification (an industry model with classification general) this specialised model refines (003 第九条): with worst-of, the grade is also no better than the general class (by position).')),
      })
      .strict()
      .meta(t('与通用分类结合', 'How the model grade combines with the general class.')),
  })
  .strict()
  .meta(t('行业评价模型', 'A department\'s industry model (通用+专业).'));
export type IndustryModelContent = z.infer<typeof industryModelContent>;

// ---------------------------------------------------------------- domain-assignment

export const departmentDef = z
  .object({
    id,
    name: localizedText,
    shortName: z.string().optional().meta(t('简称', 'Short Chinese name, e.g. 市场监管局.')),
  })
  .strict()
  .meta(t('部门', 'A municipal department.'));
export type DepartmentDef = z.infer<typeof departmentDef>;

export const domainDef = z
  .object({
    id,
    name: localizedText,
    departments: z.array(id).meta(t('责任部门', 'Responsible department ids; at least one.')),
    match: z
      .object({
        industryPrefixes: z
          .array(z.string().regex(/^[A-T](\d{2}(\d{1,2})?)?$/))
          .default([])
          .meta(t('行业代码前缀', 'GB/T 4754-2017 prefixes with section letter: C, C14, C139, C1391.')),
        all: z.boolean().default(false).meta(t('全部市场主体', 'True when every enterprise falls in this domain.')),
      })
      .strict()
      .meta(t('归属条件', 'How an enterprise falls into the domain.')),
    note: z.string().optional().meta(t('依据', 'Source text.')),
  })
  .strict()
  .meta(t('监管领域', 'A supervision domain and its responsible departments.'));
export type DomainDef = z.infer<typeof domainDef>;

export const domainAssignmentContent = z
  .object({
    departments: z.array(departmentDef).min(1).meta(t('部门目录', 'The department directory.')),
    domains: z.array(domainDef).min(1).meta(t('监管领域', 'Domains and their responsible departments.')),
  })
  .strict()
  .meta(t('部门监管领域分工', 'Which department supervises which domain.'));
export type DomainAssignmentContent = z.infer<typeof domainAssignmentContent>;

// ---------------------------------------------------------------- supervision-items

/** The condition of a trigger point (trigger-condition.ts): the gradings' language plus grades under named documents. */
export const triggerCondition = triggerConditionSchema(id, comparisonOp);
export type { GradeCondition, TriggerCompare, TriggerCondition } from './trigger-condition.ts';
export { isGradeCondition, isTriggerCompare, triggerLeaves } from './trigger-condition.ts';

const textItem = z
  .object({ id, description: z.string().min(1).meta(t('内容', 'Text.')) })
  .strict();

export const supervisionItem = z
  .object({
    code: z.string().min(1).meta(t('事项编码', 'Item code, unique within the department.')),
    name: z.string().min(1).meta(t('事项名称', 'Item name.')),
    domain: id.meta(t('监管领域', 'Domain id.')),
    legalBasis: z.string().min(1).meta(t('设定依据', 'Law or regulation.')),
    method: z
      .enum(['double-random', 'key-inspection', 'credit-supervision', 'trigger'])
      .meta(t('监管方式', 'double-random 双随机抽查 / key-inspection 重点检查 / credit-supervision 信用监管 / trigger 触发式监管.')),
    target: z.string().optional().meta(t('检查对象', 'Who is inspected.')),
    riskPoints: z
      .array(textItem.extend({ level: z.enum(['low', 'medium', 'high']).meta(t('风险等级', 'Risk level.')) }))
      .default([])
      .meta(t('风险点', 'Risk points of the item.')),
    triggers: z
      .array(
        textItem.extend({
          condition: triggerCondition
            .optional()
            .meta(t('触发条件', 'The trigger point as a condition over the enterprise data (grades under named documents, this document\'s measures); absent: text only, never evaluated.')),
        }),
      )
      .default([])
      .meta(t('触发点', 'Events that trigger supervision.')),
    measures: z.array(textItem).default([]).meta(t('监管措施', 'Measures taken.')),
    changes: z
      .array(
        z
          .object({
            date: calendarDate('变更日期', 'change date').meta(t('变更日期', 'When the item was added, changed or removed.')),
            type: z.enum(['added', 'changed', 'removed']).meta(t('变更类型', 'added / changed / removed.')),
            reportedAt: calendarDate('报送日期', 'report date').optional().meta(t('报送日期', 'When the change was reported to the credit office.')),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta(t('变更记录', 'Changes must be reported within 10 working days.')),
  })
  .strict()
  .meta(t('监管事项', 'One credit supervision item.'));
export type SupervisionItem = z.infer<typeof supervisionItem>;

export const supervisionItemsContent = z
  .object({
    department: id.meta(t('部门', 'Department id.')),
    items: z.array(supervisionItem).min(1).meta(t('监管事项清单', 'The department\'s credit supervision items.')),
    measures: z
      .array(measureDef)
      .optional()
      .meta(t('触发条件度量', 'Values derived from each enterprise record that trigger conditions compare (as a grading\'s measures; record counts over 1 year unless the measure has its own window, by record kind: no severity filter).')),
  })
  .strict()
  .meta(t('信用监管事项清单', 'A department\'s list of credit supervision items.'));
export type SupervisionItemsContent = z.infer<typeof supervisionItemsContent>;

// ---------------------------------------------------------------- early-warning

/** A department's early-warning rules (early-warning.ts): key indicators, thresholds as conditions, who is warned. */
export const earlyWarningContent = earlyWarningContentSchema(id, localizedText, measureDef, triggerCondition);
export type EarlyWarningContent = z.infer<typeof earlyWarningContent>;
export type { EarlyWarningRule } from './early-warning.ts';

// ---------------------------------------------------------------- envelope

export const DOCUMENT_KINDS = ['grading', 'industry-model', 'sampling', 'domain-assignment', 'supervision-items', 'early-warning'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const envelope = {
  $schema: z.string().optional().meta(t('模式', 'URI of the JSON Schema of this kind.')),
  id: id.meta(t('文档标识', 'Stable document id, e.g. public-credit-class.')),
  owner: id.meta(t('所属部门', 'credit-office or a department id.')),
  version: z.number().int().min(1).meta(t('版本号', 'Version number, from 1.')),
  title: z.string().min(1).meta(t('标题', 'Title in Chinese.')),
  titleEn: z.string().optional().meta(t('英文标题', 'Title in English.')),
  description: z.string().optional().meta(t('说明', 'What the document is for.')),
  effectiveFrom: calendarDate('生效日期', 'effective date').meta(t('生效日期', 'The version is in force from this date.')),
  sources: z.array(z.string()).optional().meta(t('政策依据', 'Source documents.')),
};

export const gradingDocument = z
  .object({ ...envelope, kind: z.literal('grading'), content: gradingContent })
  .strict()
  .meta({ id: 'grading', ...t('评价规则文档', 'Grading document.') });
export const industryModelDocument = z
  .object({ ...envelope, kind: z.literal('industry-model'), content: industryModelContent })
  .strict()
  .meta({ id: 'industry-model', ...t('行业评价模型文档', 'Industry model document.') });
export const samplingDocument = z
  .object({ ...envelope, kind: z.literal('sampling'), content: samplingContent })
  .strict()
  .meta({ id: 'sampling', ...t('抽查比例文档', 'Sampling document.') });
export const domainAssignmentDocument = z
  .object({ ...envelope, kind: z.literal('domain-assignment'), content: domainAssignmentContent })
  .strict()
  .meta({ id: 'domain-assignment', ...t('部门分工文档', 'Domain assignment document.') });
export const supervisionItemsDocument = z
  .object({ ...envelope, kind: z.literal('supervision-items'), content: supervisionItemsContent })
  .strict()
  .meta({ id: 'supervision-items', ...t('监管事项清单文档', 'Supervision items document.') });

export const earlyWarningDocument = z
  .object({ ...envelope, kind: z.literal('early-warning'), content: earlyWarningContent })
  .strict()
  .meta({ id: 'early-warning', ...t('风险预警规则文档', 'Early-warning rules document.') });

export type GradingDocument = z.infer<typeof gradingDocument>;
export type IndustryModelDocument = z.infer<typeof industryModelDocument>;
export type SamplingDocument = z.infer<typeof samplingDocument>;
export type DomainAssignmentDocument = z.infer<typeof domainAssignmentDocument>;
export type SupervisionItemsDocument = z.infer<typeof supervisionItemsDocument>;
export type EarlyWarningDocument = z.infer<typeof earlyWarningDocument>;

export const policyDocument = z.discriminatedUnion('kind', [
  gradingDocument,
  industryModelDocument,
  samplingDocument,
  domainAssignmentDocument,
  supervisionItemsDocument,
  earlyWarningDocument,
]);
export type PolicyDocument = z.infer<typeof policyDocument>;
/** What a document looks like before defaults are applied (as written in a file or form). */
export type PolicyDocumentInput = z.input<typeof policyDocument>;

export const documentSchemas = {
  grading: gradingDocument,
  'industry-model': industryModelDocument,
  sampling: samplingDocument,
  'domain-assignment': domainAssignmentDocument,
  'supervision-items': supervisionItemsDocument,
  'early-warning': earlyWarningDocument,
} as const satisfies Record<DocumentKind, z.ZodType>;

/** A set of documents evaluated together: usually the set in force at a date. */
export interface PolicyBundle {
  documents: PolicyDocument[];
}

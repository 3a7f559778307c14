/** The enterprise record of CONTRACTS.md §1: one JSON object per line of a .jsonl file. */
import { z } from 'zod';
import { calendarDate } from './identifiers.ts';
import { ID_RE } from './document-blocks.ts';

const t = (title: string, description: string) => ({ title, description });

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_RE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
/** Industry code as written: 2–4 digits, optionally after the section letter. */
export const INDUSTRY_CODE_RE = /^[A-T]?\d{2}(\d{1,2})?$/;

export const LIST_IDS = ['serious-dishonesty', 'joint-punishment', 'abnormal-operation'] as const;
/** The names of the lists (CONTRACTS §1), as people read them. */
export const LIST_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  'serious-dishonesty': { zh: '严重失信主体名单', en: 'serious dishonesty list' },
  'joint-punishment': { zh: '失信联合奖惩对象名单', en: 'joint punishment list' },
  'abnormal-operation': { zh: '经营异常名录', en: 'abnormal operation list' },
};
export const RECORD_KINDS = [
  'penalty.warning',
  'penalty.fine',
  'penalty.confiscation',
  'penalty.permit-suspension',
  'penalty.qualification-downgrade',
  'penalty.permit-revocation',
  'penalty.business-restriction',
  'penalty.production-suspension',
  'penalty.closure',
  'penalty.practice-restriction',
  'coercion',
  'tax-arrears',
  'utility-arrears',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const enterpriseStatus = z
  .enum(['active', 'licence-revoked', 'deregistered'])
  .meta(t('登记状态', 'active 存续 / licence-revoked 吊销营业执照 / deregistered 注销.'));

export const listMembership = z
  .object({
    list: z.string().min(1).meta(t('名单', 'List id, e.g. serious-dishonesty.')),
    from: calendarDate('列入日期', 'list entry date').meta(t('列入日期', 'Date the enterprise was put on the list.')),
    until: calendarDate('移出日期', 'list removal date').nullable().optional().meta(t('移出日期', 'Date it was removed; null while on the list.')),
  })
  .strict()
  .meta(t('名单记录', 'A list membership.'));

export const dishonestyRecord = z
  .object({
    id: z.string().min(1).meta(t('记录编号', 'Record id.')),
    kind: z.string().min(1).meta(t('记录类型', 'Record kind, e.g. penalty.fine.')),
    date: calendarDate('决定日期', 'decision date').meta(t('决定日期', 'Date of the decision.')),
    repairedAt: calendarDate('信用修复日期', 'credit repair date').nullable().optional().meta(t('信用修复日期', 'The record stops counting from this date.')),
    seriousConsequence: z
      .boolean()
      .optional()
      .meta(t('造成严重后果', 'The dishonest act caused serious consequences (000 三(一): class B requires 且未造成严重后果). Absent: no.')),
    domain: z
      .string()
      .regex(ID_RE)
      .optional()
      .meta(t('所属领域', 'Domain of the authority that made the record (a domain code such as special-equipment, emergency-management, fire-safety): publication periods may differ by domain. Absent: none.')),
    objection: z
      .object({
        filed: calendarDate('异议提出日期', 'objection filing date').meta(t('异议提出日期', 'Objection filed.')),
        resolved: calendarDate('异议处理日期', 'objection resolution date').nullable().optional().meta(t('异议处理日期', 'Objection resolved; null while pending.')),
      })
      .strict()
      .optional()
      .meta(t('异议', 'A pending objection suspends the record.')),
    authority: z.string().optional().meta(t('决定机关', 'Issuing authority.')),
  })
  .strict()
  .meta(t('失信记录', 'A dishonesty record.'));

/** An earlier status of the enterprise and the date it took effect (CONTRACTS: status as of a date). */
export const statusChange = z
  .object({
    status: enterpriseStatus,
    since: calendarDate('状态起始日期', 'status start date').meta(t('状态起始日期', 'The status holds from this date (inclusive).')),
  })
  .strict()
  .meta(t('历史登记状态', 'An earlier status and the date it took effect.'));

export const enterpriseRecord = z
  .object({
    uscc: z.string().regex(USCC_RE).meta(t('统一社会信用代码', '18 characters of 0-9 A-H J-N P-R T U W-Y.')),
    name: z.string().min(1).meta(t('名称', 'Registered name.')),
    industryCode: z
      .string()
      .regex(INDUSTRY_CODE_RE)
      .meta(t('行业代码', 'GB/T 4754-2017 code, 2–4 digits, optionally after its section letter.')),
    regionCode: z.string().regex(/^\d{6}$/).optional().meta(t('行政区划代码', '6-digit division code.')),
    status: enterpriseStatus,
    statusSince: calendarDate('状态日期', 'status date')
      .optional()
      .meta(t('状态日期', 'Date `status` took effect (inclusive). Before it the enterprise had its latest earlier status in `statusHistory`, or was active. Missing: `status` holds at every date.')),
    statusHistory: z
      .array(statusChange)
      .optional()
      .meta(t('历史登记状态', 'Earlier statuses, each with the date it took effect; all before `statusSince`, which they require.')),
    publicCreditScore: z.number().min(0).max(100).nullable().optional().meta(t('公共信用综合评价分', '0–100 or null.')),
    scoreDate: calendarDate('评分日期', 'score date')
      .optional()
      .meta(t('评分日期', 'Date of `publicCreditScore`: an evaluation before it sees no score (not rated). Missing: the score holds at every date.')),
    lists: z.array(listMembership).optional().meta(t('名单', 'List memberships.')),
    records: z.array(dishonestyRecord).optional().meta(t('失信记录', 'Dishonesty records.')),
    indicators: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.string()]))
      .optional()
      .meta(t('行业指标', 'Industry indicator values by id.')),
  })
  .superRefine((r, ctx) => {
    if (!r.statusHistory || r.statusHistory.length === 0) return;
    if (r.statusSince === undefined) {
      ctx.addIssue({ code: 'custom', path: ['statusHistory'], message: 'statusHistory requires statusSince (历史登记状态需要状态日期)' });
      return;
    }
    r.statusHistory.forEach((h, k) => {
      if (h.since >= r.statusSince!) {
        ctx.addIssue({ code: 'custom', path: ['statusHistory', k, 'since'], message: `an earlier status must start before statusSince ${r.statusSince} (历史状态日期须早于状态日期)` });
      }
    });
  })
  .meta({ id: 'enterprise', ...t('市场主体', 'An enterprise record (CONTRACTS.md §1).') });
export type EnterpriseRecord = z.infer<typeof enterpriseRecord>;
export type ListMembership = z.infer<typeof listMembership>;
export type DishonestyRecord = z.infer<typeof dishonestyRecord>;
export type StatusChange = z.infer<typeof statusChange>;

/**
 * Early-warning rules (风险预警规则, 003 第十三条): a department picks key indicators (重点指标项) strongly
 * tied to credit risk, sets thresholds and judgement rules (设定阈值和判断规则), and is warned (及时预警).
 * One document per department: the key indicators as measures (the gradings' measure kinds), the rules
 * as conditions in the trigger points' language (trigger-condition.ts: the gradings' conditions plus a
 * grade under a named grading or industry model), each rule naming the departments it warns. No second
 * condition language: documents.ts builds the schema from its own building blocks.
 */
import { z } from 'zod';
import type { TriggerCondition } from './trigger-condition.ts';

const t = (title: string, description: string) => ({ title, description });

/** The content schema of an early-warning document from the documents' building blocks (no import cycle). */
export function earlyWarningContentSchema<L extends z.ZodType, M extends z.ZodType>(
  id: z.ZodString,
  localizedText: L,
  measureDef: M,
  condition: z.ZodType<TriggerCondition>,
) {
  const rule = z
    .object({
      id: id.meta(t('规则标识', 'Rule id reported with each warning.')),
      label: localizedText.meta(t('预警名称', 'What the warning says, e.g. 新增严重失信行为记录.')),
      when: condition.meta(
        t('预警条件', 'When the rule warns: the gradings\' condition language over the key indicators (阈值: a comparison, its operator saying whether the threshold itself warns), plus grades under named documents.'),
      ),
      notify: z
        .array(id)
        .min(1)
        .meta(t('预警对象（部门）', 'Ids of the departments warned (the owner and, e.g., a department sharing the supervision).')),
      domains: z
        .array(id)
        .min(1)
        .optional()
        .meta(t('适用领域', 'Only enterprises of these domains (domains of the owning department) are warned; absent: every enterprise.')),
      note: z.string().optional().meta(t('依据', 'Where the rule comes from (seed text, article).')),
    })
    .strict()
    .meta(t('预警规则', 'One rule: a condition over the key indicators and who is warned.'));
  return z
    .object({
      department: id.meta(t('部门', 'The department that owns and maintains the rules (its id).')),
      measures: z
        .array(measureDef)
        .default([])
        .meta(
          t(
            '重点指标',
            'Key indicators the rules compare (as a grading\'s measures; record counts over 1 year unless the measure has its own window, by record kind: no severity filter).',
          ),
        ),
      rules: z.array(rule).min(1).meta(t('预警规则', 'The rules, each evaluated independently: an enterprise may be warned by several.')),
    })
    .strict()
    .meta(t('风险预警规则', 'A department\'s early-warning rules (003 第十三条).'));
}

/** One early-warning rule, as parsed. */
export interface EarlyWarningRule {
  id: string;
  label: { zh: string; en?: string };
  when: TriggerCondition;
  notify: string[];
  domains?: string[];
  note?: string;
}

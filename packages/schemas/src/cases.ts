/**
 * Golden-case files: `policies/<id>/v<N>.cases.json` beside each document version.
 * `{ "at": "2026-10-31", "cases": [ { "name", "at"?, "enterprise", "expect" } ] }`; the shape of
 * `expect` depends on the kind of the document the file sits beside.
 */
import { z } from 'zod';
import type { DocumentKind, PolicyDocument } from './documents.ts';
import { id, isoDate } from './documents.ts';
import type { Issue, ValidationResult } from './issues.ts';
import { makeIssue } from './messages.ts';
import { prefixIssues, validateEnterprise } from './validate.ts';
import { parseStructure } from './zod-issues.ts';

const t = (title: string, description: string) => ({ title, description });

/**
 * The deciding rule a case expects: a rule id of the document, or a combination step the engine adds
 * after them — `worst-of:<grading id>` (worst-of with the grading it combines with) or
 * `refines:<general classification id>` (no better than the general class, 003 第九条). A plain id
 * cannot say these: an id has no ':'.
 */
export const RULE_REF_RE = /^(?:(?:worst-of|refines):)?[a-z0-9][a-z0-9.-]*$/;
const ruleRef = z.string().regex(RULE_REF_RE).meta(t('判定规则', 'A rule id of the document, or worst-of:<grading id> / refines:<general classification id>.'));

export const caseExpectations = {
  grading: z
    .object({ grade: z.string().min(1), rule: ruleRef.optional() })
    .strict()
    .meta(t('预期等级', 'Expected grade and, optionally, the deciding rule.')),
  'industry-model': z
    .object({ grade: z.string().min(1), rule: ruleRef.optional(), score: z.number().optional() })
    .strict()
    .meta(t('预期模型结果', 'Expected model grade; score compared within ±0.01.')),
  sampling: z
    .object({
      grade: z.string().min(1).optional().meta(t('等级', 'Grade, in the deciding document, that chose the row.')),
      ratioPercent: z.number().meta(t('抽查比例(%)', 'Expected sampling ratio.')),
      frequencyPerYear: z.number().meta(t('每年抽查次数', 'Expected inspections per year.')),
      decidedBy: id.optional().meta(t('决定抽查的文档', 'Id of the grading or industry model whose grade decided (the sampling document\'s grading when it has no per-domain basis).')),
    })
    .strict()
    .meta(t('预期抽查', 'Expected sampling ratio and frequency, and optionally the grade and the deciding document.')),
  'domain-assignment': z
    .object({ domains: z.array(id), departments: z.array(id) })
    .strict()
    .meta(t('预期领域与部门', 'Expected domains and departments, compared as sets.')),
  'supervision-items': z
    .object({
      triggered: z
        .array(z.string().min(1))
        .meta(t('触发的事项', 'Codes of the items of this list the enterprise triggers (a conditioned trigger point holds), compared as a set; [] = none.')),
    })
    .strict()
    .meta(t('预期触发事项', 'Expected triggered supervision items (触发式监管).')),
  'early-warning': z
    .object({
      warned: z
        .array(z.string().min(1))
        .meta(t('预警规则', 'Ids of the rules of this document that warn the enterprise (风险预警), compared as a set; [] = none.')),
    })
    .strict()
    .meta(t('预期预警', 'Expected early warnings: the rules that fire.')),
} as const satisfies Partial<Record<DocumentKind, z.ZodType>>;

export type CaseKind = keyof typeof caseExpectations;
export type CaseExpectation<K extends CaseKind = CaseKind> = z.infer<(typeof caseExpectations)[K]>;

export const goldenCase = z
  .object({
    name: z.string().min(1).meta(t('用例名称', 'Shown when the case fails.')),
    at: isoDate.optional().meta(t('评价日期', 'Overrides the file-level date for this case.')),
    enterprise: z.record(z.string(), z.unknown()).meta(t('市场主体', 'An enterprise record (CONTRACTS §1).')),
    expect: z.record(z.string(), z.unknown()).meta(t('预期结果', 'Expected result; its shape depends on the document kind.')),
  })
  .strict();

export const caseFile = z
  .object({
    at: isoDate.meta(t('评价日期', 'Evaluation date of every case without its own.')),
    cases: z.array(goldenCase).min(1).meta(t('用例', 'The golden cases.')),
  })
  .strict()
  .meta({ id: 'cases', ...t('黄金用例文件', 'Golden cases of one document version.') });
export type CaseFile = z.infer<typeof caseFile>;

/**
 * Validates a parsed case file: its shape, each enterprise record (pointers under
 * `/cases/<i>/enterprise`) and, given the document it belongs to, the `expect` shape of that kind
 * and the grades it names.
 *
 * @example
 * validateCaseFile(JSON.parse(casesText), document)
 */
export function validateCaseFile(input: unknown, document?: PolicyDocument): ValidationResult<CaseFile> {
  const parsed = parseStructure(caseFile, input);
  if (!parsed.success) return parsed;
  const issues: Issue[] = [];
  const kind = document?.kind;
  const grades =
    document?.kind === 'grading' || document?.kind === 'industry-model'
      ? new Set(document.content.grades.map((g) => g.code))
      : undefined;
  parsed.data.cases.forEach((c, i) => {
    issues.push(...prefixIssues(validateEnterprise(c.enterprise).issues, ['cases', i, 'enterprise']));
    const shape = kind === undefined ? undefined : (caseExpectations as Partial<Record<DocumentKind, z.ZodType>>)[kind];
    if (!shape) return;
    const expect = parseStructure(shape, c.expect);
    if (!expect.success) {
      issues.push(...prefixIssues(expect.issues, ['cases', i, 'expect']));
      return;
    }
    if (document?.kind === 'supervision-items') {
      // the expected items are items of this list
      const codes = new Set(document.content.items.map((it) => it.code));
      (expect.data as { triggered: string[] }).triggered.forEach((code, j) => {
        if (!codes.has(code))
          issues.push(makeIssue('schema.invalid', `/cases/${i}/expect/triggered/${j}`, { detail: `事项编码 ${code} 不在本监管事项清单中`, detailEn: `item code ${code} is not an item of this list` }));
      });
    }
    if (document?.kind === 'early-warning') {
      // the expected rules are rules of this document
      const ids = new Set(document.content.rules.map((r) => r.id));
      (expect.data as { warned: string[] }).warned.forEach((rule, j) => {
        if (!ids.has(rule))
          issues.push(makeIssue('schema.invalid', `/cases/${i}/expect/warned/${j}`, { detail: `预警规则 ${rule} 不在本文档的预警规则中`, detailEn: `rule ${rule} is not a rule of this document` }));
      });
    }
    const grade = (expect.data as { grade?: string }).grade;
    if (grades && grade !== undefined && !grades.has(grade)) {
      issues.push(makeIssue('grades.unknown', `/cases/${i}/expect/grade`, { grade, known: [...grades].join(', ') }));
    }
  });
  if (issues.some((i) => i.severity === 'error')) return { success: false, issues };
  return { success: true, data: parsed.data, issues };
}

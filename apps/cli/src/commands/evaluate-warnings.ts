/**
 * `policy evaluate`'s early warnings (issue 13 finding 5, docs/CONTRACTS.md §13): when the policy set
 * has early-warning rules, stderr says per warned department how many enterprises which rules warn;
 * `--warnings FILE.json` writes the per-rule and per-department counts; `--with-warnings` adds
 * `warnings` to each output line. Without these flags the output lines are unchanged.
 */
import type { EnterpriseWarning, WarningReport } from '@policy/evaluation';

/** One stderr line per warned department: its distinct warned enterprises and the count of each rule. */
export function warningSummaryLines(report: WarningReport): string[] {
  return report.departments.map((d) => {
    const zh = d.rules.map((r) => `${r.label.zh} ${r.count} 家`).join('，');
    const en = d.rules.map((r) => `${r.ruleId} ${r.count}`).join(', ');
    return `风险预警 ${d.name?.zh ?? d.department}：${d.enterprises} 家市场主体预警（${zh}） / early warnings to ${d.department}: ${d.enterprises} enterprises (${en})`;
  });
}

/** The counts as `--warnings FILE.json` writes them: per rule (with its condition in words) and per warned department. */
export function warningReportJson(report: WarningReport): string {
  return JSON.stringify({ at: report.at, enterprises: report.enterprises, rules: report.rules, departments: report.departments }, null, 2) + '\n';
}

/** An enterprise's warnings in an output line: the document, the rule and the departments warned. */
export function warningsJson(warnings: EnterpriseWarning[]): { document: string; rule: string; notify: string[] }[] {
  return warnings.map((w) => ({ document: w.documentId, rule: w.ruleId, notify: w.notify }));
}

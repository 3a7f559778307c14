/**
 * `policy evaluate`'s trigger-based supervision (issue 13 finding 6, CONTRACTS §12): when a trigger
 * point of the policy set has a condition, stderr says per department which items how many
 * enterprises trigger; `--triggers FILE.json` writes the per-department lists (item → count, per
 * trigger point, measures); `--with-triggers` adds `triggered` to each output line. Without these
 * flags the output lines are unchanged.
 */
import type { EnterpriseTrigger, TriggerReport } from '@policy/evaluation';

/** One stderr line per department: its items with the number of triggering enterprises. */
export function triggerSummaryLines(report: TriggerReport): string[] {
  return report.departments.map((d) => {
    const zh = d.items.map((x) => `${x.code} ${x.name} ${x.count} 家`).join('，');
    const en = d.items.map((x) => `${x.code} ${x.count}`).join(', ');
    return `触发式监管 ${d.name?.zh ?? d.department}：${d.enterprises} 家市场主体触发 ${zh} / trigger-based supervision ${d.department}: ${d.enterprises} enterprises trigger ${en}`;
  });
}

/** The per-department lists as `--triggers FILE.json` writes them. */
export function triggerReportJson(report: TriggerReport): string {
  return JSON.stringify({ at: report.at, departments: report.departments }, null, 2) + '\n';
}

/** An enterprise's triggered items in an output line: department, item code, trigger point ids, measure ids. */
export function triggeredJson(items: EnterpriseTrigger[]): { department: string; code: string; triggers: string[]; measures: string[] }[] {
  return items.map((x) => ({ department: x.department, code: x.code, triggers: x.triggers.map((t) => t.id), measures: x.measures.map((m) => m.id) }));
}

/**
 * The differentiated-sampling share of a sampling document's yearly plans (002 (六): 2023年全区企业
 * 信用风险差异化抽查户数占比不低于70%): per department and year, the enterprises (户数, each counted
 * once) chosen by credit-risk differentiated sampling ÷ all enterprises planned for inspection,
 * against the document's minimum for its target year.
 */
import type { InspectionPlan, SamplingContent } from './documents.ts';
import { INSPECTION_METHODS } from './documents.ts';

export interface PlanShare {
  department: string;
  year: number;
  /** Enterprises chosen by differentiated sampling. */
  differentiated: number;
  /** All planned enterprises (the four methods). */
  total: number;
  /** differentiated ÷ total × 100; null when the plan inspects nobody. */
  sharePercent: number | null;
  /** The document's minimum when it applies to this year (no target year, or this one); else null. */
  targetPercent: number | null;
  /** Percentage points below the target (> 0 only when the plan misses it). */
  gapPoints: number;
  /** True / false against the target; null when no target applies or nobody is planned. */
  meetsTarget: boolean | null;
  /** Index of the plan in `inspectionPlans`. */
  index: number;
}

/** Planned enterprises of a plan, all methods together. */
export const planTotal = (p: InspectionPlan): number => INSPECTION_METHODS.reduce((s, m) => s + p.enterprises[m], 0);

/**
 * The share of every plan of the document, in document order.
 *
 * @example
 * differentiatedPlanShares({ ...content, differentiatedShareMinPercent: 70, differentiatedShareYear: 2023,
 *   inspectionPlans: [{ department: 'market-regulation', year: 2023, enterprises: { differentiated: 60, targeted: 20, complaint: 15, fullCoverage: 5 } }] })
 * // → [{ sharePercent: 60, targetPercent: 70, gapPoints: 10, meetsTarget: false, … }]
 */
export function differentiatedPlanShares(c: Pick<SamplingContent, 'differentiatedShareMinPercent' | 'differentiatedShareYear' | 'inspectionPlans'>): PlanShare[] {
  return (c.inspectionPlans ?? []).map((p, index) => {
    const total = planTotal(p);
    const sharePercent = total > 0 ? (p.enterprises.differentiated / total) * 100 : null;
    const targetPercent = c.differentiatedShareYear === undefined || c.differentiatedShareYear === p.year ? c.differentiatedShareMinPercent : null;
    const meetsTarget = sharePercent === null || targetPercent === null ? null : sharePercent >= targetPercent;
    const gapPoints = meetsTarget === false ? targetPercent! - sharePercent! : 0;
    return { department: p.department, year: p.year, differentiated: p.enterprises.differentiated, total, sharePercent, targetPercent, gapPoints, meetsTarget, index };
  });
}

/**
 * A percentage for the share messages: one decimal, more when one decimal would hide a shortfall
 * (69.96% is not written 70.0% beside a target of 70%).
 *
 * @example
 * sharePercentText(60) // → '60.0'
 */
export function sharePercentText(value: number, against?: number): string {
  for (let d = 1; d <= 4; d++) {
    const t = value.toFixed(d);
    if (against === undefined || value >= against || Number(t) < against) return t;
  }
  return String(value);
}

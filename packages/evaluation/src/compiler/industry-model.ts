/**
 * The industry-model compiler: AHP weights of a model (already checked by @policy/schemas, see
 * compile.ts), its rules and labels, and the points of one indicator value — the scalar definition
 * the generated model kernel (kernels/model-kernel.ts) follows and the explanation uses.
 */
import type { IndustryModelDocument, LocalizedText } from '@policy/schemas';
import { ahp } from '@policy/schemas';
import type { CompiledIndustryModel } from '../evaluator.ts';
import { refinesLabel, refinesRule } from '../general-risk.ts';
import { INDICATOR_BOOLEAN, INDICATOR_MISSING, INDICATOR_STRING } from '../population.ts';
import { bandLabel, worstOfLabel } from './labels.ts';

/** Compiles one industry model (valid: its matrices fit, its criteria name defined indicators, its bands defined grades). */
/** `titleOf` names another document of the bundle by its title (rule labels are read by civil servants: never an id). */
export function compileModel(doc: IndustryModelDocument, uid: number, titleOf: (id: string) => string = (id) => id): CompiledIndustryModel {
  const c = doc.content;
  const grades = c.grades.map((g) => g.code);
  const gradeLabels = c.grades.map((g) => g.label);
  const indIndex = new Map(c.indicators.map((x, k) => [x.id, k]));
  const weights = new Array<number>(c.indicators.length).fill(0);
  const criteriaAhp = ahp(c.criteriaMatrix);
  const criteria = c.criteria.map((cr, ci) => {
    const r = ahp(cr.matrix);
    const cw = criteriaAhp.weights[ci] ?? 0;
    cr.indicators.forEach((id, k) => {
      weights[indIndex.get(id)!]! += cw * (r.weights[k] ?? 0);
    });
    return { id: cr.id, weight: cw, lambdaMax: r.lambdaMax, ci: r.ci, cr: r.cr, indicatorWeights: r.weights };
  });
  const rules: string[] = [];
  const ruleLabels: LocalizedText[] = [];
  for (const b of c.thresholds) {
    rules.push(b.id);
    ruleLabels.push(bandLabel(b, gradeLabels[grades.indexOf(b.grade)]));
  }
  if (c.combine.method === 'worst-of') {
    // the refinement's rule before worst-of's: the engines and reports take the last rule as worst-of's
    if (c.combine.refines !== undefined) {
      rules.push(refinesRule(c.combine.refines));
      ruleLabels.push(refinesLabel(titleOf(c.combine.refines)));
    }
    const w = c.combine.with ?? '';
    rules.push(`worst-of:${w}`);
    ruleLabels.push(worstOfLabel(titleOf(w)));
  }
  return { doc, uid, grades, gradeLabels, rules, ruleLabels, weights, criteria, criteriaAhp, thresholds: c.thresholds };
}

/** True when value v falls in the band (same semantics as the generated code). */
export function inBand(v: number, b: { min?: { value: number; inclusive: boolean }; max?: { value: number; inclusive: boolean } }): boolean {
  if (b.min && !(b.min.inclusive ? v >= b.min.value : v > b.min.value)) return false;
  if (b.max && !(b.max.inclusive ? v <= b.max.value : v < b.max.value)) return false;
  return true;
}

/** Points 0–100 for one indicator value (NaN = missing → missingPoints). */
export function indicatorPoints(
  def: IndustryModelDocument['content']['indicators'][number],
  value: number,
  type: number,
  text: string | undefined,
): number {
  if (type === INDICATOR_MISSING || value !== value) return def.missingPoints;
  const s = def.scoring;
  switch (s.type) {
    case 'linear': {
      if (type === INDICATOR_STRING) return def.missingPoints;
      if (s.best === s.worst) return value === s.best ? 100 : 0;
      const p = ((value - s.worst) / (s.best - s.worst)) * 100;
      return p < 0 ? 0 : p > 100 ? 100 : p;
    }
    case 'bands': {
      if (type === INDICATOR_STRING) return def.missingPoints;
      for (const b of s.bands) if (inBand(value, b)) return b.points;
      return def.missingPoints;
    }
    case 'boolean':
      if (type === INDICATOR_STRING) return def.missingPoints;
      return value !== 0 ? s.whenTrue : s.whenFalse;
    case 'map': {
      const key = type === INDICATOR_STRING ? text : type === INDICATOR_BOOLEAN ? String(value !== 0) : String(value);
      const p = key === undefined ? undefined : s.values[key];
      return p === undefined ? s.otherwise : p;
    }
  }
}

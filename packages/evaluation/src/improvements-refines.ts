/**
 * Improvements of a specialised industry model capped by the general risk classification it refines
 * (issue 13 findings 2 and 9; 003 第九条, general-risk.ts): when the model's grade comes from its
 * `refines:<general id>` rule, no change to the model's own indicators moves it — the general class
 * must improve first. For each better grade the model's own score and the public class allow, the
 * suggestion names the general grade needed and what holds the general class back: the common
 * indicators losing the most weighted points (value, points, the points lost), or the grading that
 * decides the general class itself by worst-of (whose own improvements are listed under that grading).
 */
import type { LocalizedText } from '@policy/schemas';
import { inBand } from './compiler/industry-model.ts';
import type { Evaluator } from './evaluator.ts';
import { explainEnterprise } from './explain.ts';
import { refinesRule } from './general-risk.ts';
import type { Population } from './population.ts';
import type { DocumentResult, EvaluationResult } from './result.ts';
import { NO_GRADE } from './result.ts';

/** A common indicator of the general class that loses points, by the weighted points it loses. */
export interface GeneralShortfall {
  indicator: string;
  label: LocalizedText;
  value: number | boolean | string | null;
  points: number;
  /** weight × (100 − points): what the indicator costs the weighted score. */
  lost: number;
}

/** The general class must reach `grade` (or better) before the specialised model can. */
export interface GeneralClassChange {
  type: 'general-class';
  /** The general classification's id. */
  document: string;
  /** Its title (what a civil servant reads; the id is never shown). */
  title: string;
  /** Its grade today and the grade it needs. */
  from: string;
  grade: string;
  gradeLabel: LocalizedText;
  /** Its weighted score today. */
  score: number | null;
  /** The grading that decides the general class by worst-of today (its improvements are listed under it), if any. */
  decidedBy?: string;
  /** That grading's title. */
  decidedByTitle?: string;
  /** The indicators losing the most points, most first (at most 3). */
  shortfalls: GeneralShortfall[];
}

const MAX_SHORTFALLS = 3;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The words of a general-class change. */
export function generalClassLabel(c: GeneralClassChange, title: string): LocalizedText {
  const fmt = (v: GeneralShortfall['value']) => (v === true ? '是' : v === false ? '否' : v === null ? '缺失' : String(v));
  const fmtEn = (v: GeneralShortfall['value']) => (v === true ? 'yes' : v === false ? 'no' : v === null ? 'missing' : String(v));
  const why = c.decidedBy
    ? { zh: `；通用分类现由「${c.decidedByTitle ?? c.decidedBy}」取较差者决定，须先改善该评价`, en: `; the general class is now decided by '${c.decidedByTitle ?? c.decidedBy}' (worst-of): that grading must improve first` }
    : { zh: '', en: '' };
  const what = c.shortfalls.length
    ? {
        zh: `；失分最多的共性指标：${c.shortfalls.map((s) => `${s.label.zh}（${fmt(s.value)}，${round2(s.points)}分，失${round2(s.lost)}分）`).join('、')}`,
        en: `; common indicators losing the most: ${c.shortfalls.map((s) => `${s.label.en ?? s.label.zh} (${fmtEn(s.value)}, ${round2(s.points)} points, −${round2(s.lost)})`).join(', ')}`,
      }
    : { zh: '', en: '' };
  const score = c.score === null ? '' : `（现${c.score}分）`;
  return {
    zh: `先将通用分类（${title}）由 ${c.from}${score}提升至 ${c.grade}（${c.gradeLabel.zh}）或更好${why.zh}${what.zh}`,
    en: `first raise the general class (${c.document}) from ${c.from}${c.score === null ? '' : ` (${c.score})`} to ${c.grade} (${c.gradeLabel.en ?? c.gradeLabel.zh}) or better${why.en}${what.en}`,
  };
}

/** The model's position without the refinement: its score's band, then worst-of with the grading it combines with. */
function ownPosition(ev: Evaluator, d: DocumentResult, res: EvaluationResult): number {
  const m = ev.models.find((x) => x.doc.id === d.id)!;
  const s = d.score?.[0] ?? NaN;
  const band = m.thresholds.find((b) => inBand(s, b));
  let pos = band ? m.grades.indexOf(band.grade) : NO_GRADE;
  const c = m.doc.content;
  if (pos !== NO_GRADE && c.combine.method === 'worst-of' && c.combine.with !== undefined) {
    const g = res.documents.find((x) => x.id === c.combine.with);
    const q = g?.grade[0];
    if (g && q !== undefined && q !== NO_GRADE && q < g.ordered) pos = Math.max(pos, Math.min(q, m.grades.length - 1));
  }
  return pos;
}

/**
 * For each specialised model of `now` (the one-enterprise slice `base` evaluated) whose grade comes
 * from its refines rule: the better grades within reach once the general class improves, each with
 * the general-class change it needs.
 */
export function refinesImprovements(
  ev: Evaluator,
  base: Population,
  now: EvaluationResult,
  atText: string,
): { document: string; from: string; to: string; toLabel: LocalizedText; change: GeneralClassChange; label: LocalizedText }[] {
  const out: ReturnType<typeof refinesImprovements> = [];
  let explained: ReturnType<typeof explainEnterprise> | undefined;
  for (const d of now.documents) {
    if (d.kind !== 'industry-model') continue;
    const m = ev.models.find((x) => x.doc.id === d.id);
    const ref = m?.doc.content.combine.refines;
    const g = d.grade[0]!;
    if (!m || ref === undefined || g === NO_GRADE || d.rules[d.rule[0]!] !== refinesRule(ref)) continue;
    const general = now.documents.find((x) => x.id === ref);
    if (!general || general.grade[0] === NO_GRADE) continue;
    const own = ownPosition(ev, d, now);
    explained ??= explainEnterprise(ev, base, 0, atText);
    const gx = explained.documents.find((x) => x.id === ref)!;
    const gm = ev.models.find((x) => x.doc.id === ref)!;
    const shortfalls: GeneralShortfall[] = (gx.indicators ?? [])
      .map((x) => ({ indicator: x.id, label: x.label, value: x.value, points: x.points, lost: x.weight * (100 - x.points) }))
      .filter((x) => x.lost > 1e-9)
      .sort((a, b) => b.lost - a.lost)
      .slice(0, MAX_SHORTFALLS);
    const worstOf = gm.rules.length > 0 && gx.rule === gm.rules.at(-1) && gm.doc.content.combine.method === 'worst-of' ? gm.doc.content.combine.with : undefined;
    // the nearest better grade first, down to the model's own grade (the general class cannot lift it above that)
    for (let to = g - 1; to >= Math.max(0, own === NO_GRADE ? g : own); to--) {
      const need = Math.min(to, general.grades.length - 1);
      const change: GeneralClassChange = {
        type: 'general-class',
        document: ref,
        title: gm.doc.title,
        from: general.grades[general.grade[0]!]!,
        grade: general.grades[need]!,
        gradeLabel: general.gradeLabels[need]!,
        score: gx.score ?? null,
        ...(worstOf ? { decidedBy: worstOf, decidedByTitle: ev.gradings.find((x) => x.doc.id === worstOf)?.doc.title ?? worstOf } : {}),
        shortfalls,
      };
      const words = generalClassLabel(change, gm.doc.title);
      out.push({ document: d.id, from: d.grades[g]!, to: d.grades[to]!, toLabel: d.gradeLabels[to]!, change, label: { zh: `${words.zh} → ${d.grades[to]}`, en: `${words.en} → ${d.grades[to]}` } });
    }
  }
  return out;
}

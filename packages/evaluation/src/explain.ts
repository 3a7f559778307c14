/** Why an enterprise got its grades: measures, records counted and excluded, lists, domains, sampling. */
import type { LocalizedText } from '@policy/schemas';
import type { Evaluator } from './compile.ts';
import { SEVERITY_CODES, indicatorPoints } from './compile.ts';
import { dayOrThrow, DAY_NEVER, formatDay, subtractWindow } from './dates.ts';
import type { Population } from './population.ts';
import { INDICATOR_MISSING, INDICATOR_NUMBER, INDICATOR_STRING, STATUSES, slicePopulation } from './population.ts';
import type { EnterpriseResultJson } from './result.ts';
import { NO_GRADE, NO_RULE } from './result.ts';

export type ExclusionReason = 'outside-window' | 'after-at' | 'repaired' | 'objection-pending' | 'ignored-kind';

export const EXCLUSION_LABELS: Record<ExclusionReason, LocalizedText> = {
  'outside-window': { zh: '不在统计期间内', en: 'outside the window' },
  'after-at': { zh: '晚于评价日期', en: 'dated after the evaluation date' },
  repaired: { zh: '已信用修复', en: 'repaired' },
  'objection-pending': { zh: '异议处理中', en: 'under a pending objection' },
  'ignored-kind': { zh: '该类型不计入', en: 'kind not counted by this policy' },
};

export interface RecordTrace {
  id: string;
  kind: string;
  date: string;
  severity: 'general' | 'serious' | 'ignore';
  counted: boolean;
  reason?: ExclusionReason;
  reasonLabel?: LocalizedText;
}

export interface DocumentExplanation {
  id: string;
  kind: 'grading' | 'industry-model';
  title: string;
  grade: string | null;
  gradeLabel: LocalizedText | null;
  rule: string | null;
  ruleLabel: LocalizedText | null;
  score?: number;
  /** Grading documents: each measure's value at `at` (null = no value). */
  measures: { id: string; type: string; label?: LocalizedText; value: number | boolean | string | null }[];
  /** Grading documents: the records against the document's window. */
  records: RecordTrace[];
  window?: { from: string; to: string };
  /** Industry models: each indicator's value, points and weight. */
  indicators?: { id: string; label: LocalizedText; value: number | boolean | string | null; points: number; weight: number }[];
}

export interface Explanation {
  uscc: string;
  name: string;
  at: string;
  status: string;
  industryCode: string;
  regionCode: string | null;
  publicCreditScore: number | null;
  documents: DocumentExplanation[];
  lists: { list: string; from: string; until: string | null; inForce: boolean }[];
  domains: { id: string; name: LocalizedText }[];
  departments: { id: string; name: LocalizedText }[];
  sampling: EnterpriseResultJson['sampling'] & {} | null;
  result: EnterpriseResultJson;
}

/** Explains enterprise `i` of `pop` at `at` with the compiled evaluator `ev` (see `Evaluator.explain`). */
export function explainEnterprise(ev: Evaluator, pop: Population, i: number, atText: string): Explanation {
  if (i < 0 || i >= pop.n) throw new RangeError(`enterprise index out of range: ${i}`);
  const at = dayOrThrow(atText);
  const one = slicePopulation(pop, [i]);
  const res = ev.evaluate(one, atText);
  const json = res.toJSON(0);
  const recStart = pop.recOffsets[i]!;
  const recEnd = pop.recOffsets[i + 1]!;

  const recordReason = (q: number, lo: number): ExclusionReason | undefined => {
    const d = pop.recDate[q]!;
    if (d > at) return 'after-at';
    if (d <= lo) return 'outside-window';
    if (pop.recRepaired[q]! <= at) return 'repaired';
    if (pop.recObjFiled[q]! <= at && pop.recObjResolved[q]! > at) return 'objection-pending';
    return undefined;
  };
  const listInForce = (q: number) => pop.listFrom[q]! <= at && pop.listUntil[q]! > at;

  const documents: DocumentExplanation[] = res.documents.map((d) => {
    const g = d.grade[0]!;
    const r = d.rule[0]!;
    const base: DocumentExplanation = {
      id: d.id,
      kind: d.kind,
      title: d.title,
      grade: g === NO_GRADE ? null : d.grades[g]!,
      gradeLabel: g === NO_GRADE ? null : d.gradeLabels[g]!,
      rule: r === NO_RULE ? null : d.rules[r]!,
      ruleLabel: r === NO_RULE ? null : d.ruleLabels[r]!,
      measures: [],
      records: [],
    };
    if (d.kind === 'grading') {
      const c = ev.gradings.find((x) => x.doc.id === d.id)!.doc.content;
      const lo = subtractWindow(at, c.window.years ?? 1, c.window.months ?? 0);
      base.window = { from: formatDay(lo + 1), to: formatDay(at) };
      const countsRecords = c.measures.some((m) => m.type === 'recordCount');
      for (let q = countsRecords ? recStart : recEnd; q < recEnd; q++) {
        const kind = pop.kinds[pop.recKind[q]!]!;
        const severity = c.severities[kind] ?? 'general';
        let reason = recordReason(q, lo);
        if (!reason && severity === 'ignore') reason = 'ignored-kind';
        base.records.push({
          id: pop.recIds[q]!,
          kind,
          date: formatDay(pop.recDate[q]!),
          severity,
          counted: reason === undefined,
          ...(reason ? { reason, reasonLabel: EXCLUSION_LABELS[reason] } : {}),
        });
      }
      for (const m of c.measures) {
        let value: number | boolean | string | null = null;
        switch (m.type) {
          case 'recordCount': {
            const w = m.window ?? c.window;
            const mlo = subtractWindow(at, w.years ?? 1, w.months ?? 0);
            let cnt = 0;
            for (let q = recStart; q < recEnd; q++) {
              if (recordReason(q, mlo)) continue;
              const kind = pop.kinds[pop.recKind[q]!]!;
              const s = SEVERITY_CODES[c.severities[kind] ?? 'general'];
              if (m.severity && s !== SEVERITY_CODES[m.severity]) continue;
              if (m.kinds && !m.kinds.includes(kind)) continue;
              if (!m.severity && !m.kinds && s === 2) continue;
              cnt++;
            }
            value = cnt;
            break;
          }
          case 'listMember': {
            value = false;
            for (let q = pop.listOffsets[i]!; q < pop.listOffsets[i + 1]!; q++) {
              if (pop.lists[pop.listId[q]!] === m.list && listInForce(q)) value = true;
            }
            break;
          }
          case 'status':
            value = STATUSES[pop.status[i]!] === m.equals;
            break;
          case 'score':
            value = Number.isNaN(pop.score[i]!) ? null : pop.score[i]!;
            break;
          case 'indicator': {
            const col = pop.indicators.get(m.key);
            const t = col ? col.types[i]! : INDICATOR_MISSING;
            if (col && t !== INDICATOR_MISSING) {
              const v = col.values[i]!;
              value = t === INDICATOR_STRING ? col.dict[v]! : t === INDICATOR_NUMBER ? v : v !== 0;
            }
            break;
          }
        }
        base.measures.push({ id: m.id, type: m.type, ...(m.label ? { label: m.label } : {}), value });
      }
    } else {
      const model = ev.models.find((x) => x.doc.id === d.id)!;
      if (g !== NO_GRADE) {
        base.score = Math.round(d.score![0]! * 100) / 100;
        base.indicators = model.doc.content.indicators.map((def, x) => {
          let value: number | boolean | string | null = null;
          let points: number;
          if (def.source.from === 'indicator') {
            const col = pop.indicators.get(def.source.key);
            const t = col ? col.types[i]! : INDICATOR_MISSING;
            const v = col ? col.values[i]! : NaN;
            if (col && t !== INDICATOR_MISSING) value = t === INDICATOR_STRING ? col.dict[v]! : t === INDICATOR_NUMBER ? v : v !== 0;
            points = indicatorPoints(def, v, t, t === INDICATOR_STRING ? col!.dict[v] : undefined);
          } else if (def.source.from === 'recordCount') {
            const w = def.source.window ?? { years: 1, months: 0 };
            const mlo = subtractWindow(at, w.years ?? 1, w.months ?? 0);
            let cnt = 0;
            for (let q = recStart; q < recEnd; q++) {
              if (recordReason(q, mlo)) continue;
              if (def.source.kinds && !def.source.kinds.includes(pop.kinds[pop.recKind[q]!]!)) continue;
              cnt++;
            }
            value = cnt;
            points = indicatorPoints(def, cnt, INDICATOR_NUMBER, undefined);
          } else {
            const s = pop.score[i]!;
            value = Number.isNaN(s) ? null : s;
            points = indicatorPoints(def, s, INDICATOR_NUMBER, undefined);
          }
          return { id: def.id, label: def.label, value, points, weight: model.weights[x]! };
        });
      }
    }
    return base;
  });

  const lists: Explanation['lists'] = [];
  for (let q = pop.listOffsets[i]!; q < pop.listOffsets[i + 1]!; q++) {
    const until = pop.listUntil[q]!;
    lists.push({
      list: pop.lists[pop.listId[q]!]!,
      from: formatDay(pop.listFrom[q]!),
      until: until === DAY_NEVER ? null : formatDay(until),
      inForce: listInForce(q),
    });
  }
  const set = res.domainSets[res.domainSet[0]!]!;
  const score = pop.score[i]!;
  return {
    uscc: pop.uscc[i]!,
    name: pop.name[i]!,
    at: res.at,
    status: STATUSES[pop.status[i]!]!,
    industryCode: pop.industryCodes[pop.industry[i]!]!,
    regionCode: pop.regions[pop.region[i]!] || null,
    publicCreditScore: Number.isNaN(score) ? null : score,
    documents,
    lists,
    domains: set.domains.map((d) => ({ id: res.domains[d]!.id, name: res.domains[d]!.name })),
    departments: set.departments.map((d) => ({ id: res.departments[d]!.id, name: res.departments[d]!.name })),
    sampling: json.sampling,
    result: json,
  };
}

/**
 * A case's expected or actual result in words: 等级 优 · 规则 excellent-above-85, 抽查比例 5% · 每年检查次数 1,
 * 领域 食品安全. Grade codes are named by the labels of the version's grades when it has them.
 */
import { useCallback } from 'react';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { enumLabel } from '../../i18n/schema-labels.ts';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { textOf } from '../../lib/texts.ts';

export interface GradeName {
  code: string;
  label?: { zh: string; en?: string };
  /** An early-warning rule (its id in `code`), named in 预警规则 rather than as a grade. */
  rule?: true;
}

/**
 * The names a document gives its codes, for naming them in results: the grades it defines (grading
 * and industry model documents) and the rules of an early-warning document (by their labels).
 */
export function gradesOf(content: unknown): GradeName[] {
  const body = (content as { content?: { grades?: unknown; rules?: unknown } } | null)?.content;
  const named = (list: unknown): GradeName[] =>
    Array.isArray(list) ? (list.filter((g) => g && typeof g === 'object' && typeof (g as GradeName).code === 'string') as GradeName[]) : [];
  const rules = Array.isArray(body?.rules)
    ? (body.rules as { id?: unknown; label?: { zh: string; en?: string } }[])
        .filter((r) => typeof r?.id === 'string' && r.label && typeof r.label.zh === 'string')
        .map((r): GradeName => ({ code: r.id as string, label: r.label, rule: true }))
    : [];
  return [...named(body?.grades), ...rules];
}

const PARTS: Record<string, MessageKey> = {
  grade: 'golden.out.grade',
  rule: 'golden.out.rule',
  score: 'golden.out.score',
  ratioPercent: 'golden.out.ratioPercent',
  frequencyPerYear: 'golden.out.frequencyPerYear',
  domains: 'golden.out.domains',
  departments: 'golden.out.departments',
  decidedBy: 'golden.out.decidedBy',
  onSite: 'golden.out.onSite',
  triggered: 'golden.out.triggered',
  warned: 'golden.out.warned',
  values: 'golden.out.warningValues',
};

/**
 * The values that fired each early-warning rule (`actual.values` of an early-warning case): 「公共信用综合评价分 = 70（<= 70）」;
 * a text compared with a number (`notNumber`) is followed by `notNumber` (文字，不是数值，按无值比较), as in the lookup.
 */
function warningValuesText(v: object, lang: 'zh' | 'en', documentTitle: (id: string) => string, notNumber: string): string {
  const leaves = Object.values(v as Record<string, unknown>).flatMap((x) => (Array.isArray(x) ? x : [])) as Record<string, unknown>[];
  return leaves
    .map((l) => {
      // a grade leaf is named by its document's title, a comparison by its measure's label
      const fallback = typeof l.document === 'string' ? documentTitle(l.document) : String(l.measure ?? '');
      const label = l.label ? textOf(lang, l.label as { zh: string; en?: string }, fallback) : fallback;
      if (l.leaf === 'grade') return `${label} ${String(l.grade ?? '—')}`;
      const note = l.notNumber === true ? `（${notNumber}）` : '';
      return `${label} = ${String(l.value ?? '—')}${note}（${String(l.op)} ${String(l.threshold)}）`;
    })
    .join(lang === 'en' ? '; ' : '；');
}

/** `(value) => '等级 优 · 规则 excellent-above-85'`. */
export function useOutcomeText(grades: readonly GradeName[]): (value: unknown) => string {
  const t = useT();
  const { lang } = useLang();
  const documentTitle = useDocumentTitle();
  const departmentName = useDepartmentName();
  const directory = useDepartmentDirectory();
  const domainName = useCallback(
    (id: string) => {
      const d = directory?.domains.find((x) => x.id === id);
      return d ? textOf(lang, d.name as { zh: string; en?: string }, id) : id;
    },
    [directory, lang],
  );
  return useCallback(
    (value: unknown) => {
      if (value === null || value === undefined || typeof value !== 'object') return t('golden.out.none');
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // the deciding rule (or band) is named by its id: an internal identifier, shown only as a hover title
        if (v === undefined || v === null || k === 'rule') continue;
        const name = PARTS[k] ? t(PARTS[k]) : k;
        let text: string;
        if (k === 'grade' && typeof v === 'string') {
          const g = grades.find((x) => x.code === v && !x.rule);
          text = g?.label ? textOf(lang, g.label, v) : v;
        } else if (k === 'ratioPercent' && typeof v === 'number') text = `${v}%`;
        else if (k === 'decidedBy' && typeof v === 'string') text = documentTitle(v);
        else if (k === 'values' && typeof v === 'object' && !Array.isArray(v)) text = warningValuesText(v, lang, documentTitle, t('lookup.warningNotNumber')) || '—';
        else if (k === 'warned' && Array.isArray(v))
          text =
            v
              .map((id) => {
                const r = grades.find((x) => x.rule && x.code === id);
                return r?.label ? textOf(lang, r.label, String(id)) : String(id);
              })
              .join(lang === 'en' ? ', ' : '、') || '—';
        else if (Array.isArray(v))
          text =
            v
              .map((x) =>
                typeof x !== 'string' ? String(x) : k === 'domains' ? domainName(x) : k === 'departments' ? departmentName(x) : x,
              )
              .join(lang === 'en' ? ', ' : '、') || '—';
        else if (typeof v === 'string') text = enumLabel(lang, v);
        else text = typeof v === 'object' ? JSON.stringify(v) : String(v);
        parts.push(`${name} ${text}`);
      }
      return parts.join(' · ') || t('golden.out.none');
    },
    [t, lang, grades, documentTitle, departmentName, domainName],
  );
}

/** A result as a table cell: the grade (or ratio, domains) on top, the score below in small grey text, the deciding rule's id as the hover title. */
export function Outcome({
  value,
  grades,
  strong,
}: {
  value: unknown;
  grades: readonly GradeName[];
  strong?: boolean;
}) {
  const outcome = useOutcomeText(grades);
  const t = useT();
  if (value === null || value === undefined || typeof value !== 'object')
    return <span>{outcome(value)}</span>;
  const v = value as Record<string, unknown>;
  const { rule, score, ...main } = v;
  const minor = score !== undefined ? { score } : {};
  return (
    <div className="golden-outcome" title={typeof rule === 'string' ? `${t('golden.out.rule')} ${rule}` : undefined}>
      <div style={strong ? { color: '#cf1322', fontWeight: 600 } : undefined}>
        {Object.keys(main).length > 0 ? outcome(main) : outcome(v)}
      </div>
      {Object.keys(minor).length > 0 && Object.keys(main).length > 0 && (
        <div style={{ fontSize: 12, color: strong ? '#cf1322' : 'rgba(0,0,0,0.65)', wordBreak: 'break-all' }}>
          {outcome(minor)}
        </div>
      )}
    </div>
  );
}

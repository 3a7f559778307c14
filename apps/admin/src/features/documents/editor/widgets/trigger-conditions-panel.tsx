/**
 * The trigger conditions of one supervision item (触发式监管, issue 13 finding 6): per trigger point its
 * text and, when the enterprise data can decide it, a condition built with the gradings' condition
 * editor (comparisons of the list's trigger measures, the grade under a grading or industry model).
 */
import { useMemo } from 'react';
import { Alert, Card, Space, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { officeDay, triggerConditionPhrase } from '@policy/schemas';
import type { MeasureDef, SupervisionItem, TriggerCondition } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { useTRPC } from '../../../../lib/trpc.tsx';
import type { GradeSource } from './condition-editor.tsx';
import { ConditionEditor } from './condition-editor.tsx';

type Trigger = SupervisionItem['triggers'][number];

export interface TriggerConditionsPanelProps {
  triggers: readonly Trigger[];
  measures: readonly MeasureDef[];
  gradeSources: readonly GradeSource[];
  /** JSON pointer of the item, e.g. `/content/items/2`. */
  pointer: string;
  readOnly?: boolean;
  onChange: (triggers: Trigger[]) => void;
}

/** A condition in words (the editor's phrasing, documents by title). */
export function triggerConditionText(
  lang: 'zh' | 'en',
  c: TriggerCondition,
  measures: readonly MeasureDef[],
  sources: readonly GradeSource[],
): string {
  const name = (id: string) => {
    const label = measures.find((m) => m.id === id)?.label;
    return label ? { zh: pickText('zh', label), en: pickText('en', label) } : { zh: id, en: id };
  };
  const document = (id: string) => {
    const title = sources.find((s) => s.id === id)?.title ?? id;
    return { zh: title, en: title };
  };
  return triggerConditionPhrase(c, name, { style: 'editor', document })[lang];
}

/** Each trigger point with its optional condition. */
export function TriggerConditionsPanel({
  triggers,
  measures,
  gradeSources,
  pointer,
  readOnly,
  onChange,
}: TriggerConditionsPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const set = (k: number, condition: TriggerCondition | undefined) =>
    onChange(
      triggers.map((x, j) => {
        if (j !== k) return x;
        const { condition: _old, ...rest } = x;
        return condition ? { ...rest, condition } : rest;
      }),
    );
  const fresh = (): TriggerCondition =>
    gradeSources[0]
      ? { document: gradeSources[0].id, grades: gradeSources[0].grades.slice(-2).map((g) => g.code) }
      : { measure: measures[0]?.id ?? '', op: '>=', value: 1 };
  return (
    <Card size="small" title={t('triggers.conditions')} style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('triggers.conditionsHint')}
      </Typography.Paragraph>
      {triggers.length === 0 && <Alert type="info" showIcon message={t('triggers.noTriggers')} />}
      {triggers.map((x, k) => (
        <div
          key={x.id}
          data-pointer={`${pointer}/triggers/${k}/condition`}
          style={{ borderTop: k ? '1px solid #f0f0f0' : undefined, padding: '8px 0' }}
        >
          <Space style={{ marginBottom: 4 }} wrap>
            <Typography.Text strong>{x.description}</Typography.Text>
            <Switch
              size="small"
              checked={x.condition !== undefined}
              disabled={readOnly}
              aria-label={`${t('triggers.useCondition')}：${x.description}`}
              checkedChildren={t('triggers.useCondition')}
              unCheckedChildren={t('triggers.textOnly')}
              onChange={(on) => set(k, on ? fresh() : undefined)}
            />
          </Space>
          {x.condition && (
            <>
              <ConditionEditor<TriggerCondition>
                value={x.condition}
                measures={measures}
                gradeSources={gradeSources}
                disabled={readOnly}
                onChange={(c) => set(k, c)}
              />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
                {triggerConditionText(lang, x.condition, measures, gradeSources)}
              </Typography.Paragraph>
            </>
          )}
        </div>
      ))}
    </Card>
  );
}

interface InForceEntry {
  kind: string;
  documentId?: string;
  content: {
    id?: string;
    title?: string;
    content?: { grades?: GradeSource['grades']; unratedGrade?: string };
  };
}

/** The gradings and industry models in force today: what a trigger condition may test the grade under. */
export function useGradeSources(): GradeSource[] {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: officeDay() }), staleTime: 5 * 60_000 });
  return useMemo(
    () =>
      ((q.data ?? []) as unknown as InForceEntry[])
        .filter((d) => d.kind === 'grading' || d.kind === 'industry-model')
        .map((d) => {
          const grades = [...(d.content.content?.grades ?? [])];
          const unrated = d.content.content?.unratedGrade;
          if (unrated && !grades.some((g) => g.code === unrated))
            grades.push({ code: unrated, label: { zh: '未评价', en: 'unrated' } });
          const id = d.content.id ?? d.documentId ?? '';
          return { id, title: d.content.title ?? id, grades };
        }),
    [q.data],
  );
}

/** The panel with the documents in force as grade sources (the editor's case: loaded when an item's details open). */
export function InForceTriggerConditionsPanel(props: Omit<TriggerConditionsPanelProps, 'gradeSources'>) {
  const gradeSources = useGradeSources();
  return <TriggerConditionsPanel {...props} gradeSources={gradeSources} />;
}

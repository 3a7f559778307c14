/**
 * A department's early-warning rules (风险预警, 003 第十三条): the owning department, the rules as a
 * table (one row per rule: name, condition, who is warned, domains, basis) and the key indicators the
 * rules compare (the gradings' measures, generated from the JSON Schema).
 */
import { useMemo } from 'react';
import { Input, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { officeDay } from '@policy/schemas';
import type { EarlyWarningRule, LocalizedText, MeasureDef } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { domainsOf, useDirectory } from '../../../../lib/department-directory.tsx';
import { useTRPC } from '../../../../lib/trpc.tsx';
import { SchemaForm } from '../schema-form.tsx';
import type { GradeSource } from '../widgets/condition-editor.tsx';
import { WarningRulesTable } from '../widgets/warning-rules-table.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'early-warning'>['doc']['content'];

interface InForceEntry {
  kind: string;
  documentId?: string;
  content: { id?: string; title?: string; content?: { grades?: { code: string; label: LocalizedText }[]; unratedGrade?: string } };
}

/** The gradings and industry models in force today: what a rule may test the grade under. */
function useWarningGradeSources(): GradeSource[] {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: officeDay() }), staleTime: 5 * 60_000 });
  return useMemo(
    () =>
      ((q.data ?? []) as unknown as InForceEntry[])
        .filter((d) => d.kind === 'grading' || d.kind === 'industry-model')
        .map((d) => {
          const grades = [...(d.content.content?.grades ?? [])];
          const unrated = d.content.content?.unratedGrade;
          if (unrated && !grades.some((g) => g.code === unrated)) grades.push({ code: unrated, label: { zh: '未评价', en: 'unrated' } });
          const id = d.content.id ?? d.documentId ?? '';
          return { id, title: d.content.title ?? id, grades };
        }),
    [q.data],
  );
}

/** The early-warning document's form (see the module comment). */
export function EarlyWarningForm({ doc, onChange, readOnly }: KindFormProps<'early-warning'>) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDirectory();
  const gradeSources = useWarningGradeSources();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  const label = (name: { zh: string; en?: string }) => (lang === 'en' ? (name.en ?? name.zh) : name.zh);
  const departments = (directory?.departments ?? []).map((d) => ({ value: d.id, label: d.shortName && lang !== 'en' ? d.shortName : label(d.name) }));
  const domains = directory ? domainsOf(directory, c.department).map((d) => ({ value: d.id, label: label(d.name) })) : [];
  const measures = (c.measures ?? []) as MeasureDef[];
  return (
    <>
      <Section
        title={t('warnings.rules')}
        pointer="/content/rules"
        extra={
          <Space data-pointer="/content/department">
            {t('items.department')}：
            {directory ? (
              <Select
                size="small"
                showSearch
                optionFilterProp="label"
                value={c.department}
                disabled={readOnly}
                style={{ width: 220 }}
                aria-label={t('items.department')}
                onChange={(department) => set({ department })}
                options={departments}
              />
            ) : (
              <Input size="small" value={c.department} disabled={readOnly} style={{ width: 200 }} onChange={(e) => set({ department: e.target.value })} />
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('warnings.rulesHint')}
        </Typography.Paragraph>
        <WarningRulesTable
          rules={c.rules as EarlyWarningRule[]}
          measures={measures}
          gradeSources={gradeSources}
          departments={departments}
          domains={domains}
          owner={c.department}
          readOnly={readOnly}
          pointer="/content/rules"
          onChange={(rules) => set({ rules })}
        />
      </Section>
      <Section title={t('warnings.measures')} pointer="/content/measures">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('warnings.measuresHint')}
        </Typography.Paragraph>
        <SchemaForm
          kind="early-warning"
          schemaPath={['content', 'measures']}
          pointer="/content/measures"
          value={measures}
          noTitle
          readOnly={readOnly}
          onChange={(m: MeasureDef[]) => set({ measures: m })}
        />
      </Section>
    </>
  );
}

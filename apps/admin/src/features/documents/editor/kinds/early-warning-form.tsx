/**
 * A department's early-warning rules (风险预警, 003 第十三条): the owning department, the rules as a
 * table (one row per rule: name, condition, who is warned, domains, basis) and the key indicators the
 * rules compare (the gradings' measures, generated from the JSON Schema).
 */
import { Typography } from 'antd';
import type { EarlyWarningRule, MeasureDef } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { domainsOf, useDirectory } from '../../../../lib/department-directory.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { DepartmentSelect, useDepartmentOptions } from '../widgets/department-select.tsx';
import { useGradeSources } from '../widgets/trigger-conditions-panel.tsx';
import { WarningRulesTable } from '../widgets/warning-rules-table.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'early-warning'>['doc']['content'];

/** The early-warning document's form (see the module comment). */
export function EarlyWarningForm({ doc, onChange, readOnly }: KindFormProps<'early-warning'>) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDirectory();
  // the gradings and industry models in force today: what a rule may test the grade under
  const gradeSources = useGradeSources();
  const departments = useDepartmentOptions();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  const label = (name: { zh: string; en?: string }) => (lang === 'en' ? (name.en ?? name.zh) : name.zh);
  const domains = directory ? domainsOf(directory, c.department).map((d) => ({ value: d.id, label: label(d.name) })) : [];
  const measures = (c.measures ?? []) as MeasureDef[];
  return (
    <>
      <Section
        title={t('warnings.rules')}
        pointer="/content/rules"
        extra={<DepartmentSelect value={c.department} readOnly={readOnly} onChange={(department) => set({ department })} />}
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

import { useMemo } from 'react';
import { Typography } from 'antd';
import type { MeasureDef } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { domainsOf, useDirectory } from '../../../../lib/department-directory.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { DepartmentSelect } from '../widgets/department-select.tsx';
import { SupervisionItemsTable } from '../widgets/supervision-items-table.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'supervision-items'>['doc']['content'];

/** A department's supervision items: the editable table with Excel import and export. */
export function SupervisionItemsForm({ doc, onChange, readOnly }: KindFormProps<'supervision-items'>) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDirectory();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  const label = (name: { zh: string; en?: string }) => (lang === 'en' ? (name.en ?? name.zh) : name.zh);
  // the department's own domains by name; domains its items already use stay listed even if reassigned since
  const used = [...new Set(c.items.map((i) => i.domain))];
  const own = directory ? domainsOf(directory, c.department) : [];
  const domainOptions = directory
    ? [
        ...own.map((d) => ({ value: d.id, label: label(d.name) })),
        ...used
          .filter((id) => !own.some((d) => d.id === id))
          .map((id) => {
            const d = directory.domains.find((x) => x.id === id);
            return { value: id, label: d ? label(d.name) : id };
          }),
      ]
    : used.map((id) => ({ value: id, label: id }));
  // what an Excel import may name: the same domains, by id or by their Chinese or English name
  const domainChoices = directory
    ? domainOptions.map((o) => {
        const d = directory.domains.find((x) => x.id === o.value);
        return { id: o.value, names: d ? [d.name.zh, ...(d.name.en ? [d.name.en] : [])] : [o.label] };
      })
    : undefined;
  // the documents whose grades a trigger condition may test are loaded when an item's details open
  const triggerContext = useMemo(() => ({ measures: (c.measures ?? []) as MeasureDef[] }), [c.measures]);
  return (
    <>
      <Section
        title={t('items.title')}
        pointer="/content/items"
        extra={<DepartmentSelect value={c.department} readOnly={readOnly} onChange={(department) => set({ department })} />}
      >
        <SupervisionItemsTable
          items={c.items}
          readOnly={readOnly}
          pointer="/content/items"
          documentId={doc.id}
          domains={domainOptions}
          domainChoices={domainChoices}
          onChange={(items) => set({ items })}
          triggerContext={triggerContext}
        />
      </Section>
      <Section title={t('triggers.measures')} pointer="/content/measures">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('triggers.measuresHint')}
        </Typography.Paragraph>
        <SchemaForm
          kind="supervision-items"
          schemaPath={['content', 'measures']}
          pointer="/content/measures"
          value={c.measures ?? []}
          noTitle
          readOnly={readOnly}
          onChange={(m: MeasureDef[]) => set({ measures: m.length ? m : undefined })}
        />
      </Section>
    </>
  );
}

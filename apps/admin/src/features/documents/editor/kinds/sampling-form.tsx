import { useMemo } from 'react';
import type { SamplingRow } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { useDirectory } from '../../../../lib/department-directory.tsx';
import { useDocumentChoices } from '../../../../lib/document-titles.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { SamplingGrid } from '../widgets/sampling-grid.tsx';
import { DepartmentImpact } from '../widgets/department-impact.tsx';
import { useOptionalAuth } from '../../../../lib/session.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'sampling'>['doc']['content'];

/** Sampling: the A–D grid, the driving grading, the per-domain basis (依据), the minimum differentiated share with its year and the yearly plans, per-domain exceptions. */
export function SamplingForm({ doc, onChange, readOnly }: KindFormProps<'sampling'>) {
  const t = useT();
  // the effect is measured on the server for a signed-in user (not in bare component tests)
  const signedIn = (useOptionalAuth()?.user ?? null) !== null;
  const { lang } = useLang();
  const directory = useDirectory();
  const gradings = useDocumentChoices('grading');
  const models = useDocumentChoices('industry-model');
  const c = doc.content;
  // exceptions and the per-domain basis (依据) name their domain (食品, not food), the grading or
  // industry model that decides by its Chinese title, and the plans their department by name
  const choices = useMemo(() => {
    const domains = directory?.domains.map((d) => ({ value: d.id, label: pickText(lang, d.name) })) ?? [];
    const departments = directory?.departments.map((d) => ({ value: d.id, label: pickText(lang, d.name) })) ?? [];
    const deciding = [...gradings, ...models];
    return {
      ...(directory ? { 'exceptions.*.domain': domains, 'domainBasis.*.domain': domains, 'inspectionPlans.*.department': departments } : {}),
      ...(gradings.length ? { grading: gradings } : {}),
      ...(deciding.length ? { 'domainBasis.*.document': deciding } : {}),
    };
  }, [directory, gradings, models, lang]);
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  return (
    <>
      <Section title={t('sampling.title')} pointer="/content/rows">
        <SamplingGrid
          rows={c.rows as SamplingRow[]}
          readOnly={readOnly}
          pointer="/content/rows"
          documentId={doc.id}
          onChange={(rows) => set({ rows })}
        />
      </Section>
      {!readOnly && signedIn && (
        <Section title={t('deptImpact.title')}>
          <DepartmentImpact draft={doc} />
        </Section>
      )}
      <Section title={t('editor.section.content')} pointer="/content">
        <SchemaForm
          kind="sampling"
          schemaPath={['content']}
          pointer="/content"
          value={{
            grading: c.grading,
            domainBasis: c.domainBasis ?? [],
            differentiatedShareMinPercent: c.differentiatedShareMinPercent,
            ...(c.differentiatedShareYear === undefined ? {} : { differentiatedShareYear: c.differentiatedShareYear }),
            inspectionPlans: c.inspectionPlans ?? [],
            exceptions: c.exceptions ?? [],
            sources: c.sources ?? [],
          }}
          noTitle
          readOnly={readOnly}
          omit={['rows']}
          choices={choices}
          onChange={(v) => set(v)}
        />
      </Section>
    </>
  );
}

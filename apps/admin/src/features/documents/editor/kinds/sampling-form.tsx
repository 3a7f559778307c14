import { useMemo } from 'react';
import type { SamplingRow } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { useDirectory } from '../../../../lib/department-directory.tsx';
import { useDocumentChoices } from '../../../../lib/document-titles.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { SamplingGrid } from '../widgets/sampling-grid.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'sampling'>['doc']['content'];

/** Sampling: the A–D grid, the driving grading and minimum differentiated share, per-domain exceptions. */
export function SamplingForm({ doc, onChange, readOnly }: KindFormProps<'sampling'>) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDirectory();
  const gradings = useDocumentChoices('grading');
  const c = doc.content;
  // exceptions name their domain (食品, not food) and the driving grading by its title
  const choices = useMemo(
    () => ({
      ...(directory
        ? {
            'exceptions.*.domain': directory.domains.map((d) => ({
              value: d.id,
              label: pickText(lang, d.name),
            })),
          }
        : {}),
      ...(gradings.length ? { grading: gradings } : {}),
    }),
    [directory, gradings, lang],
  );
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  return (
    <>
      <Section title={t('sampling.title')} pointer="/content/rows">
        <SamplingGrid
          rows={c.rows as SamplingRow[]}
          readOnly={readOnly}
          pointer="/content/rows"
          onChange={(rows) => set({ rows })}
        />
      </Section>
      <Section title={t('editor.section.content')} pointer="/content">
        <SchemaForm
          kind="sampling"
          schemaPath={['content']}
          pointer="/content"
          value={{
            grading: c.grading,
            differentiatedShareMinPercent: c.differentiatedShareMinPercent,
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

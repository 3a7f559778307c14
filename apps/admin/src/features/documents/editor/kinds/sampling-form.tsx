import type { SamplingRow } from '@policy/schemas';
import { useT } from '../../../../i18n/index.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { SamplingGrid } from '../widgets/sampling-grid.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'sampling'>['doc']['content'];

/** Sampling: the A–D grid, the driving grading and minimum differentiated share, per-domain exceptions. */
export function SamplingForm({ doc, onChange, readOnly }: KindFormProps<'sampling'>) {
  const t = useT();
  const c = doc.content;
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
          onChange={(v) => set(v)}
        />
      </Section>
    </>
  );
}

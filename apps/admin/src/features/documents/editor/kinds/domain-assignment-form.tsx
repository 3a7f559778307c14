import { useT } from '../../../../i18n/index.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { DomainAssignmentTable } from '../widgets/domain-assignment-table.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'domain-assignment'>['doc']['content'];

/** Domain assignment: the department × domain table, then the department directory. */
export function DomainAssignmentForm({ doc, onChange, readOnly }: KindFormProps<'domain-assignment'>) {
  const t = useT();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  return (
    <>
      <Section title={t('domains.title')} pointer="/content/domains">
        <DomainAssignmentTable
          departments={c.departments}
          domains={c.domains}
          readOnly={readOnly}
          pointer="/content/domains"
          onChange={(domains) => set({ domains })}
        />
      </Section>
      <Section title={t('domains.departments')} pointer="/content/departments">
        <SchemaForm
          kind="domain-assignment"
          schemaPath={['content', 'departments']}
          pointer="/content/departments"
          value={c.departments}
          noTitle
          readOnly={readOnly}
          onChange={(departments) => set({ departments })}
        />
      </Section>
    </>
  );
}

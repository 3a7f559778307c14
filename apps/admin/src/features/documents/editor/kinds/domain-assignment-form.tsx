import { useT } from '../../../../i18n/index.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { DomainAssignmentTable } from '../widgets/domain-assignment-table.tsx';
import { DepartmentImpact, DepartmentImpactSummary } from '../widgets/department-impact.tsx';
import { useOptionalAuth } from '../../../../lib/session.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'domain-assignment'>['doc']['content'];

/** Domain assignment: the department × domain table, its effect on each department (while editing), then the department directory. */
export function DomainAssignmentForm({ doc, onChange, readOnly }: KindFormProps<'domain-assignment'>) {
  const t = useT();
  // the effect is measured on the server for a signed-in user (not in bare component tests)
  const signedIn = (useOptionalAuth()?.user ?? null) !== null;
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  return (
    <>
      <Section title={t('domains.title')} pointer="/content/domains">
        {!readOnly && signedIn && <DepartmentImpactSummary draft={doc} />}
        <DomainAssignmentTable
          departments={c.departments}
          domains={c.domains}
          readOnly={readOnly}
          pointer="/content/domains"
          documentId={doc.id}
          onChange={(domains) => set({ domains })}
        />
      </Section>
      {!readOnly && signedIn && (
        <Section title={t('deptImpact.title')}>
          <DepartmentImpact draft={doc} />
        </Section>
      )}
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

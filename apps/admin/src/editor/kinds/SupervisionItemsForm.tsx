import { Input, Space } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { SupervisionItemsTable } from '../widgets/SupervisionItemsTable.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './types.ts';

type Content = KindFormProps<'supervision-items'>['doc']['content'];

/** A department's supervision items: the editable table with Excel import and export. */
export function SupervisionItemsForm({ doc, onChange, readOnly }: KindFormProps<'supervision-items'>) {
  const t = useT();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  return (
    <Section
      title={t('items.title')}
      pointer="/content/items"
      extra={
        <Space data-pointer="/content/department">
          {t('items.department')}：
          <Input size="small" value={c.department} disabled={readOnly} style={{ width: 200 }} onChange={(e) => set({ department: e.target.value })} />
        </Space>
      }
    >
      <SupervisionItemsTable
        items={c.items}
        readOnly={readOnly}
        pointer="/content/items"
        documentId={doc.id}
        domains={[...new Set(c.items.map((i) => i.domain))]}
        onChange={(items) => set({ items })}
      />
    </Section>
  );
}

/**
 * The owning department of a department's document (supervision items, early-warning rules), picked by
 * its name from the department directory in force (the short Chinese name, or the English name); typed
 * only when no directory is in force. One picker for every kind form that has an owner.
 */
import { Input, Select, Space } from 'antd';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { useDirectory } from '../../../../lib/department-directory.tsx';

export interface DepartmentOption {
  value: string;
  label: string;
}

/** Every department of the directory as `{ value: id, label: name }` in the UI language (empty without one). */
export function useDepartmentOptions(): DepartmentOption[] {
  const { lang } = useLang();
  const directory = useDirectory();
  return (directory?.departments ?? []).map((d) => ({
    value: d.id,
    label: lang === 'en' ? (d.name.en ?? d.name.zh) : (d.shortName ?? d.name.zh),
  }));
}

/** 所属部门：[picker] — the department of the document, with its JSON pointer for issue links. */
export function DepartmentSelect({ value, onChange, readOnly }: { value: string; onChange: (department: string) => void; readOnly?: boolean | undefined }) {
  const t = useT();
  const directory = useDirectory();
  const options = useDepartmentOptions();
  return (
    <Space data-pointer="/content/department">
      {t('items.department')}：
      {directory ? (
        <Select
          size="small"
          showSearch
          optionFilterProp="label"
          value={value}
          disabled={readOnly}
          style={{ width: 220 }}
          aria-label={t('items.department')}
          onChange={onChange}
          options={options}
        />
      ) : (
        <Input size="small" value={value} disabled={readOnly} style={{ width: 200 }} aria-label={t('items.department')} onChange={(e) => onChange(e.target.value)} />
      )}
    </Space>
  );
}

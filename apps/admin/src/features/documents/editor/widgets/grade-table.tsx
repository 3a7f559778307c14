import type { HTMLAttributes } from 'react';
import { Button, Input, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { childPointer } from '@policy/schemas';
import type { GradeDef } from '@policy/schemas';
import { useT } from '../../../../i18n/index.tsx';
import { moveRow } from './rule-table-editor.tsx';
import { DeleteRowButton } from './delete-row-button.tsx';
import { MoveRowButtons } from './move-row-buttons.tsx';

export interface GradeTableProps {
  grades: readonly GradeDef[];
  onChange: (grades: GradeDef[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the grade array. */
  pointer: string;
}

/** The grade set, best to worst, one compact row per grade. */
export function GradeTable({ grades, onChange, readOnly, pointer }: GradeTableProps) {
  const t = useT();
  const update = (i: number, g: GradeDef) => onChange(grades.map((x, k) => (k === i ? g : x)));
  return (
    <div data-pointer={pointer}>
      <Table<GradeDef & { index: number }>
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={grades.map((g, index) => ({ ...g, index }))}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index) }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('rules.order'), width: 56, render: (_, r) => r.index + 1 },
          {
            title: t('grades.code'),
            width: 130,
            render: (_, r) => (
              <Input
                size="small"
                value={r.code}
                disabled={readOnly}
                aria-label={`${t('grades.code')} ${r.index + 1}`}
                onChange={(e) => update(r.index, { ...grades[r.index]!, code: e.target.value })}
              />
            ),
          },
          {
            title: t('grades.labelZh'),
            width: 150,
            render: (_, r) => (
              <Input
                size="small"
                value={r.label.zh}
                disabled={readOnly}
                aria-label={`${t('grades.labelZh')} ${r.code}`}
                onChange={(e) =>
                  update(r.index, { ...grades[r.index]!, label: { ...r.label, zh: e.target.value } })
                }
              />
            ),
          },
          {
            title: t('grades.labelEn'),
            width: 150,
            render: (_, r) => (
              <Input
                size="small"
                value={r.label.en ?? ''}
                disabled={readOnly}
                aria-label={`${t('grades.labelEn')} ${r.code}`}
                onChange={(e) => {
                  const { en: _en, ...zh } = r.label;
                  update(r.index, {
                    ...grades[r.index]!,
                    label: e.target.value ? { ...zh, en: e.target.value } : zh,
                  });
                }}
              />
            ),
          },
          {
            title: t('grades.description'),
            render: (_, r) => (
              <Input.TextArea
                size="small"
                autoSize={{ minRows: 1, maxRows: 3 }}
                value={r.description ?? ''}
                disabled={readOnly}
                aria-label={`${t('grades.description')} ${r.code}`}
                onChange={(e) => {
                  const { description: _d, ...rest } = grades[r.index]!;
                  update(r.index, e.target.value ? { ...rest, description: e.target.value } : rest);
                }}
              />
            ),
          },
          {
            title: t('common.actions'),
            width: 110,
            render: (_, r) => (
              <>
                <MoveRowButtons index={r.index} count={grades.length} name={r.code} disabled={readOnly} onMove={(to) => onChange(moveRow(grades, r.index, to))} />
                <DeleteRowButton
                  name={r.code}
                  disabled={readOnly || grades.length <= 2}
                  onDelete={() => onChange(grades.filter((_, k) => k !== r.index))}
                />
              </>
            ),
          },
        ]}
      />
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => onChange([...grades, { code: '', label: { zh: '' } }])}
        >
          {t('grades.add')}
        </Button>
      )}
    </div>
  );
}

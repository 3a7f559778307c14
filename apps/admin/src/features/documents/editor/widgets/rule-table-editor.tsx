import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Alert, Button, Checkbox, Input, Modal, Select, Space, Table, Tooltip, Typography } from 'antd';
import { EditOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { childPointer } from '@policy/schemas';
import type { Condition, GradeDef, MeasureDef } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { conditionText } from './condition-text.ts';
import { ConditionEditor } from './condition-editor.tsx';
import { DeleteRowButton } from './delete-row-button.tsx';
import { MoveRowButtons } from './move-row-buttons.tsx';

export interface RuleRow {
  id: string;
  grade: string;
  when: Condition;
  note?: string | undefined;
  mayImprove?: boolean | undefined;
}

export interface RuleTableEditorProps<R extends RuleRow> {
  rules: readonly R[];
  grades: readonly GradeDef[];
  measures: readonly MeasureDef[];
  onChange: (rules: R[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the rules array. */
  pointer: string;
  /** Overrides have a “may improve” flag and no catch-all requirement. */
  variant?: 'rules' | 'overrides';
}

/** Moves the row at `from` to `to`, shifting the rows between. */
export function moveRow<T>(rows: readonly T[], from: number, to: number): T[] {
  const next = rows.slice();
  const [row] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, row!);
  return next;
}

/** The first-match rule table: drag rows (or use the arrows) to reorder; conditions read as Chinese sentences. */
export function RuleTableEditor<R extends RuleRow>({
  rules,
  grades,
  measures,
  onChange,
  readOnly,
  pointer,
  variant = 'rules',
}: RuleTableEditorProps<R>) {
  const t = useT();
  const { lang } = useLang();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ index: number; when: Condition } | null>(null);
  const update = (i: number, patch: Partial<RuleRow>) =>
    onChange(rules.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const last = rules[rules.length - 1];
  const gradeLabel = (code: string) => {
    const g = grades.find((x) => x.code === code);
    // a letter class (A 守信) is a name people use; a code such as `poor` is an internal id and stays hidden
    return g ? (/^[A-Z]$/.test(code) ? `${pickText(lang, g.label)}（${code}）` : pickText(lang, g.label)) : code;
  };

  return (
    <div data-pointer={pointer}>
      <Table<R & { index: number }>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.index}`}
        dataSource={rules.map((r, index) => ({ ...r, index }))}
        rowClassName={(r) =>
          r.index === dragFrom ? 'row-dragging' : r.index === dropAt ? 'row-drop-target' : ''
        }
        onRow={(r) =>
          ({
            'data-pointer': childPointer(pointer, r.index),
            'data-testid': 'rule-row',
            draggable: !readOnly,
            onDragStart: (e: React.DragEvent) => {
              setDragFrom(r.index);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', String(r.index));
            },
            onDragOver: (e: React.DragEvent) => {
              if (dragFrom === null) return;
              e.preventDefault();
              setDropAt(r.index);
            },
            onDrop: (e: React.DragEvent) => {
              e.preventDefault();
              if (dragFrom !== null && dragFrom !== r.index) onChange(moveRow(rules, dragFrom, r.index));
              setDragFrom(null);
              setDropAt(null);
            },
            onDragEnd: () => {
              setDragFrom(null);
              setDropAt(null);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('rules.order'),
            width: 56,
            render: (_, r) => (
              <Space size={4}>
                {!readOnly && (
                  <Tooltip title={t('rules.drag')}>
                    <HolderOutlined style={{ cursor: 'grab', color: '#8c8c8c' }} aria-hidden />
                  </Tooltip>
                )}
                <span>{r.index + 1}</span>
              </Space>
            ),
          },
          {
            // grade and rule id stacked in one narrow column: the condition keeps the width (issue 15:
            // at 1366×768 beside the live preview it was printed one character per line)
            title: t('rules.grade'),
            width: 168,
            render: (_, r) => (
              <Space direction="vertical" size={4} style={{ width: 156 }}>
                <Select
                  size="small"
                  value={r.grade}
                  disabled={readOnly}
                  aria-label={`${t('rules.grade')} ${r.index + 1}`}
                  style={{ width: 156 }}
                  popupMatchSelectWidth={false}
                  onChange={(grade) => update(r.index, { grade })}
                  options={grades.map((g) => ({ value: g.code, label: gradeLabel(g.code) }))}
                />
                <Tooltip title={t('rules.id')}>
                  <Input
                    size="small"
                    value={r.id}
                    disabled={readOnly}
                    aria-label={t('rules.id')}
                    style={{ color: '#595959', fontSize: 12 }}
                    onChange={(e) => update(r.index, { id: e.target.value })}
                  />
                </Tooltip>
              </Space>
            ),
          },
          {
            // the condition as a sentence, with its source (依据) under it, over the remaining width
            title: `${t('rules.when')} / ${t('rules.note')}`,
            minWidth: 240,
            render: (_, r) => (
              <div className="rule-condition-cell" style={{ minWidth: 220 }}>
                <Space size={4} align="start">
                  <Typography.Text data-testid="rule-condition" style={{ wordBreak: 'normal', overflowWrap: 'break-word' }}>
                    {conditionText(lang, r.when, measures)}
                  </Typography.Text>
                  {!readOnly && (
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      aria-label={`${t('rules.editCondition')} ${r.id}`}
                      onClick={() => setEditing({ index: r.index, when: r.when })}
                    />
                  )}
                </Space>
                <Input.TextArea
                  size="small"
                  autoSize={{ minRows: 1, maxRows: 3 }}
                  value={r.note ?? ''}
                  disabled={readOnly}
                  placeholder={t('rules.note')}
                  aria-label={t('rules.note')}
                  style={{ marginTop: 4 }}
                  onChange={(e) => update(r.index, { note: e.target.value || undefined })}
                />
              </div>
            ),
          },
          ...(variant === 'overrides'
            ? [
                {
                  title: t('rules.mayImprove'),
                  width: 84,
                  render: (_: unknown, r: R & { index: number }) => (
                    <Checkbox
                      aria-label={`${t('rules.mayImprove')} ${r.index + 1}`}
                      checked={!!r.mayImprove}
                      disabled={readOnly}
                      onChange={(e) => update(r.index, { mayImprove: e.target.checked || undefined })}
                    />
                  ),
                },
              ]
            : []),
          {
            title: t('common.actions'),
            width: 104,
            render: (_, r) => (
              <Space size={0}>
                <MoveRowButtons index={r.index} count={rules.length} name={r.id} disabled={readOnly} onMove={(to) => onChange(moveRow(rules, r.index, to))} />
                <DeleteRowButton
                  name={r.id}
                  disabled={readOnly || (variant === 'rules' && rules.length <= 1)}
                  onDelete={() => onChange(rules.filter((_, k) => k !== r.index))}
                />
              </Space>
            ),
          },
        ]}
      />
      {variant === 'rules' && last && !('always' in last.when) && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('rules.lastCatchAll')} />
      )}
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => {
            const row = {
              id: `rule-${rules.length + 1}`,
              grade: grades[0]?.code ?? '',
              when: { always: true },
            } as R;
            // new rules go above the catch-all so it stays last
            const at = variant === 'rules' && last && 'always' in last.when ? rules.length - 1 : rules.length;
            onChange([...rules.slice(0, at), row, ...rules.slice(at)]);
          }}
        >
          {t('rules.add')}
        </Button>
      )}
      <Modal
        open={editing !== null}
        title={t('rules.editCondition')}
        width={760}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        onCancel={() => setEditing(null)}
        onOk={() => {
          if (editing) update(editing.index, { when: editing.when });
          setEditing(null);
        }}
        destroyOnHidden
      >
        {editing && (
          <>
            <Alert
              style={{ marginBottom: 12 }}
              type="info"
              message={conditionText(lang, editing.when, measures)}
            />
            <ConditionEditor
              value={editing.when}
              measures={measures}
              onChange={(when) => setEditing({ ...editing, when })}
            />
          </>
        )}
      </Modal>
    </div>
  );
}

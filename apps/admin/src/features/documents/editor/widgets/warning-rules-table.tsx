/**
 * The early-warning rules of a department (风险预警, 003 第十三条) as a table, one rule per row: its
 * name (the id is made by the editor — `rule-<n>`, the next free number — never typed nor shown), its condition in words (edited with the gradings' condition editor: thresholds on the key
 * indicators, grades under named documents), the departments warned, the domains it covers, its basis.
 */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { childPointer, nextId, triggerConditionPhrase, withIds } from '@policy/schemas';
import type { EarlyWarningRule, MeasureDef, TriggerCondition } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import type { Lang } from '../../../../i18n/index.tsx';
import type { GradeSource } from './condition-editor.tsx';
import { ConditionEditor } from './condition-editor.tsx';
import { DeleteRowButton } from './delete-row-button.tsx';

type Option = { value: string; label: string };

export interface WarningRulesTableProps {
  rules: readonly EarlyWarningRule[];
  measures: readonly MeasureDef[];
  gradeSources: readonly GradeSource[];
  /** Every department of the directory: who may be warned. */
  departments: readonly Option[];
  /** The owner's domains: what a rule may be limited to. */
  domains: readonly Option[];
  /** The owning department: warned by a new rule. */
  owner: string;
  onChange: (rules: EarlyWarningRule[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the rules array. */
  pointer: string;
}

/** A rule's condition in words (key indicators by label, documents by title). */
export function warningConditionText(lang: Lang, c: TriggerCondition, measures: readonly MeasureDef[], sources: readonly GradeSource[]): string {
  const name = (id: string) => {
    const label = measures.find((m) => m.id === id)?.label;
    return label ? { zh: pickText('zh', label), en: pickText('en', label) } : { zh: id, en: id };
  };
  const document = (id: string) => {
    const title = sources.find((s) => s.id === id)?.title ?? id;
    return { zh: title, en: title };
  };
  return triggerConditionPhrase(c, name, { style: 'editor', document })[lang];
}

/** The rules table (see the module comment); the condition opens in a dialog. */
export function WarningRulesTable({ rules, measures, gradeSources, departments, domains, owner, onChange, readOnly, pointer }: WarningRulesTableProps) {
  const t = useT();
  const { lang } = useLang();
  const [editing, setEditing] = useState<{ index: number; when: TriggerCondition } | null>(null);
  // every change gives a rule lacking a valid, distinct id the next free `rule-<n>`; valid ids stay
  const change = (next: EarlyWarningRule[]) => onChange(withIds(next, 'rule'));
  const update = (i: number, patch: Partial<EarlyWarningRule>) => change(rules.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const name = (r: EarlyWarningRule & { index?: number }) => pickText(lang, r.label) || `${t('warnings.ruleName')} ${(r.index ?? 0) + 1}`;
  return (
    <div data-pointer={pointer}>
      <Table<EarlyWarningRule & { index: number }>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.index}`}
        dataSource={rules.map((r, index) => ({ ...r, index }))}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index), 'data-testid': 'warning-rule-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('warnings.ruleName'),
            width: 220,
            render: (_, r) => (
              <div data-pointer={childPointer(pointer, r.index, 'id')}>
                <Input
                  size="small"
                  value={r.label.zh}
                  disabled={readOnly}
                  aria-label={`${t('warnings.ruleName')} ${r.index + 1}`}
                  data-pointer={childPointer(pointer, r.index, 'label')}
                  onChange={(e) => update(r.index, { label: { ...r.label, zh: e.target.value } })}
                />
              </div>
            ),
          },
          {
            title: t('warnings.when'),
            render: (_, r) => (
              <Space size={4} align="start" data-pointer={childPointer(pointer, r.index, 'when')}>
                <Typography.Text data-testid="warning-condition">{warningConditionText(lang, r.when, measures, gradeSources)}</Typography.Text>
                {!readOnly && (
                  <Button
                    size="small"
                    type="link"
                    icon={<EditOutlined />}
                    aria-label={`${t('warnings.editCondition')} ${name(r)}`}
                    onClick={() => setEditing({ index: r.index, when: r.when })}
                  />
                )}
              </Space>
            ),
          },
          {
            title: t('warnings.notify'),
            width: 220,
            render: (_, r) => (
              <Select
                size="small"
                mode="multiple"
                value={r.notify}
                disabled={readOnly}
                style={{ width: '100%' }}
                aria-label={`${t('warnings.notify')} ${name(r)}`}
                data-pointer={childPointer(pointer, r.index, 'notify')}
                optionFilterProp="label"
                onChange={(notify: string[]) => update(r.index, { notify })}
                options={[...departments, ...r.notify.filter((d) => !departments.some((o) => o.value === d)).map((d) => ({ value: d, label: d }))]}
              />
            ),
          },
          {
            title: t('warnings.domains'),
            width: 180,
            render: (_, r) => (
              <Select
                size="small"
                mode="multiple"
                allowClear
                value={r.domains ?? []}
                placeholder={t('warnings.allEnterprises')}
                disabled={readOnly}
                style={{ width: '100%' }}
                aria-label={`${t('warnings.domains')} ${name(r)}`}
                data-pointer={childPointer(pointer, r.index, 'domains')}
                onChange={(ds: string[]) => update(r.index, { domains: ds.length ? ds : undefined })}
                options={[...domains, ...(r.domains ?? []).filter((d) => !domains.some((o) => o.value === d)).map((d) => ({ value: d, label: d }))]}
              />
            ),
          },
          {
            title: t('warnings.note'),
            width: 200,
            render: (_, r) => (
              <Input.TextArea
                size="small"
                autoSize={{ minRows: 1, maxRows: 3 }}
                value={r.note ?? ''}
                disabled={readOnly}
                aria-label={`${t('warnings.note')} ${name(r)}`}
                onChange={(e) => update(r.index, { note: e.target.value || undefined })}
              />
            ),
          },
          {
            title: t('common.actions'),
            width: 60,
            render: (_, r) => (
              <DeleteRowButton name={name(r)} disabled={!!readOnly || rules.length <= 1} onDelete={() => change(rules.filter((_, k) => k !== r.index))} />
            ),
          },
        ]}
      />
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => {
            const m = measures[0];
            const when: TriggerCondition = m ? { measure: m.id, op: '>=', value: m.type === 'listMember' || m.type === 'status' ? true : 1 } : { always: true };
            if (m && (m.type === 'listMember' || m.type === 'status')) (when as { op: string }).op = '==';
            change([...rules, { id: nextId('rule', rules.map((x) => x.id)), label: { zh: t('warnings.newRule') }, when, notify: [owner] }]);
          }}
        >
          {t('warnings.add')}
        </Button>
      )}
      <Modal
        open={editing !== null}
        title={t('warnings.editCondition')}
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
            <Alert style={{ marginBottom: 12 }} type="info" message={warningConditionText(lang, editing.when, measures, gradeSources)} />
            <ConditionEditor<TriggerCondition>
              value={editing.when}
              measures={measures}
              gradeSources={gradeSources}
              onChange={(when) => setEditing({ ...editing, when })}
            />
          </>
        )}
      </Modal>
    </div>
  );
}

/**
 * The second step of an Excel import of supervision items: the sheet has been read without errors; the
 * user chooses how it joins the list (追加 / 按事项编码更新 / 替换全部), sees what each way adds, updates
 * (with the changed columns) and removes, and confirms a replacement that removes items explicitly.
 */
import { useMemo, useState } from 'react';
import { Alert, Checkbox, Modal, Radio, Space, Tag, Typography } from 'antd';
import type { SupervisionItem } from '@policy/schemas';
import { useT } from '../../../../i18n/index.tsx';
import { planImport } from './items-excel.ts';
import type { ImportMode } from './items-excel.ts';

type ItemInput = Omit<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'> &
  Partial<Pick<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'>>;

export interface ImportSummary {
  mode: ImportMode;
  /** "新增 2 个、更新 1 个、删除 0 个" */
  text: string;
}

const MODES: ImportMode[] = ['append', 'merge', 'replace'];
const LIST_MAX = 8;

export function ItemsImportDialog({
  existing,
  imported,
  domainName,
  onApply,
  onCancel,
}: {
  existing: readonly ItemInput[];
  imported: readonly ItemInput[];
  domainName?: (id: string) => string;
  onApply(items: ItemInput[], summary: ImportSummary): void;
  onCancel(): void;
}) {
  const t = useT();
  const [mode, setMode] = useState<ImportMode>('merge');
  const [confirmed, setConfirmed] = useState(false);
  const plan = useMemo(() => planImport(existing, imported, mode), [existing, imported, mode]);
  const nameOf = (code: string) => [...imported, ...existing].find((x) => x.code === code)?.name ?? '';
  const needsConfirm = mode === 'replace' && plan.removed.length > 0;
  const changes = plan.added.length + plan.updated.length + plan.removed.length;
  const text = [
    t('items.importAdded', { n: plan.added.length }),
    t('items.importUpdated', { n: plan.updated.length }),
    t('items.importRemoved', { n: plan.removed.length }),
  ].join('、');

  const codes = (list: readonly string[], color: string) => (
    <div>
      {list.slice(0, LIST_MAX).map((c) => (
        <Tag key={c} color={color} style={{ marginBottom: 4 }}>
          {c} {nameOf(c)}
        </Tag>
      ))}
      {list.length > LIST_MAX && (
        <Typography.Text type="secondary">… +{list.length - LIST_MAX}</Typography.Text>
      )}
    </div>
  );

  return (
    <Modal
      open
      width={680}
      title={t('items.importModeTitle', { n: imported.length })}
      okText={needsConfirm ? t('items.importMode.replace') : t('items.importApply')}
      okButtonProps={{ danger: needsConfirm, disabled: changes === 0 || (needsConfirm && !confirmed) }}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => onApply(plan.items, { mode, text })}
    >
      <Radio.Group
        value={mode}
        onChange={(e) => {
          setMode(e.target.value as ImportMode);
          setConfirmed(false);
        }}
        style={{ width: '100%' }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {MODES.map((m) => (
            <Radio key={m} value={m}>
              <strong>{t(`items.importMode.${m}`)}</strong>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t(`items.importMode.${m}Help`)}
              </Typography.Text>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <div role="status" aria-live="polite" style={{ marginTop: 12 }} data-testid="import-plan">
        <Typography.Paragraph strong style={{ marginBottom: 8 }}>
          {text}
          {plan.unchanged > 0 && `、${t('items.importUnchanged', { n: plan.unchanged })}`}
          {plan.skipped.length > 0 && `、${t('items.importSkipped', { n: plan.skipped.length })}`}
        </Typography.Paragraph>
        {changes === 0 && <Alert type="info" showIcon message={t('items.importNothing')} />}
        {plan.added.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            <Typography.Text>{t('items.importAdded', { n: plan.added.length })}：</Typography.Text>
            {codes(plan.added, 'green')}
          </div>
        )}
        {plan.updated.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            <Typography.Text>{t('items.importUpdated', { n: plan.updated.length })}：</Typography.Text>
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 140, overflow: 'auto' }}>
              {plan.updated.map((u) => (
                <li key={u.code}>
                  {t('items.importChangedFields', {
                    code: `${u.code} ${nameOf(u.code)}`,
                    fields: u.fields
                      .map((f) => {
                        if (f !== '监管领域' || !domainName) return f;
                        const before = existing.find((x) => x.code === u.code)?.domain ?? '';
                        const after = imported.find((x) => x.code === u.code)?.domain ?? '';
                        return `${f}（${domainName(before)} → ${domainName(after)}）`;
                      })
                      .join('、'),
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
        {plan.removed.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            <Typography.Text type="danger">
              {t('items.importRemoved', { n: plan.removed.length })}：
            </Typography.Text>
            {codes(plan.removed, 'red')}
          </div>
        )}
        {needsConfirm && (
          <Alert
            type="warning"
            showIcon
            message={
              <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
                {t('items.importReplaceConfirm', { n: plan.removed.length })}
              </Checkbox>
            }
          />
        )}
      </div>
    </Modal>
  );
}

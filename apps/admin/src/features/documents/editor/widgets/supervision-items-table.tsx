import { useRef, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Alert, Button, Drawer, Input, Select, Space, Table, Tooltip, Typography, message } from 'antd';
import {
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { childPointer } from '@policy/schemas';
import type { SupervisionItem } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { enumLabel } from '../../../../i18n/schema-labels.ts';
import { ItemDetailsForm } from './item-details-form.tsx';
import type { TriggerContext } from './item-details-form.tsx';
import { readSheet, rowsToItems, writeWorkbook } from './items-excel.ts';
import type { DomainChoice, RowError } from './items-excel.ts';
import { ItemsImportDialog } from './items-import-dialog.tsx';
import type { ImportSummary } from './items-import-dialog.tsx';
import { DeleteRowButton } from './delete-row-button.tsx';

type ItemInput = Omit<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'> &
  Partial<Pick<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'>>;

export interface SupervisionItemsTableProps {
  items: readonly ItemInput[];
  onChange: (items: ItemInput[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the items array, e.g. `/content/items`. */
  pointer: string;
  /** Used for the exported file name. */
  documentId?: string;
  /** Domains offered in the domain column: id and the name shown. */
  domains?: readonly { value: string; label: string }[];
  /** Domains an Excel import may name (by id or any of its names); without them only ids are read. */
  domainChoices?: readonly DomainChoice[];
  /** Given, the item details edit the trigger points' conditions (触发式监管). */
  triggerContext?: TriggerContext;
}

const METHODS = ['double-random', 'key-inspection', 'credit-supervision', 'trigger'] as const;

/**
 * The supervision-item list as an editable table, with Excel export (domains by name) and import: a file
 * with any bad cell is refused whole (row and column named); a good one opens a dialog choosing append /
 * update by code / replace with what each changes, replacing needs an explicit confirmation, and an
 * applied import can be undone.
 */
export function SupervisionItemsTable({
  items,
  onChange,
  readOnly,
  pointer,
  documentId,
  domains,
  domainChoices,
  triggerContext,
}: SupervisionItemsTableProps) {
  const t = useT();
  const { lang } = useLang();
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [detail, setDetail] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<ItemInput[] | null>(null);
  const [undo, setUndo] = useState<{ before: ItemInput[]; summary: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const update = (i: number, patch: Partial<ItemInput>) =>
    onChange(items.map((x, k) => (k === i ? { ...x, ...patch } : x)));

  const onFile = async (file: File) => {
    setBusy(true);
    try {
      const rows = await readSheet(await file.arrayBuffer());
      if (!rows) {
        setErrors([{ row: 1, message: t('items.importNoSheet') }]);
        return;
      }
      const result = rowsToItems(rows, items, lang, domainChoices);
      if (!result.ok) {
        setErrors(result.errors);
        return;
      }
      setErrors(null);
      // nothing changes before the user chose how and saw what
      setPending(result.items);
    } catch (e) {
      setErrors([
        { row: 0, message: t('items.importBadFile', { detail: e instanceof Error ? e.message : String(e) }) },
      ]);
    } finally {
      setBusy(false);
    }
  };

  const onExport = async () => {
    setBusy(true);
    try {
      const name = (id: string) => domains?.find((d) => d.value === id)?.label ?? id;
      const blob = await writeWorkbook(items, t('items.title'), name);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${documentId ?? 'supervision-items'}.xlsx`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } finally {
      setBusy(false);
    }
  };

  const text = (i: number, field: 'code' | 'name' | 'legalBasis' | 'target', label: string, area = false) => {
    const v = (items[i]![field] as string | undefined) ?? '';
    const props = {
      size: 'small' as const,
      value: v,
      disabled: readOnly,
      'aria-label': `${label} ${i + 1}`,
      status: field !== 'target' && !v ? ('error' as const) : undefined,
    };
    return area ? (
      <Input.TextArea
        {...props}
        autoSize={{ minRows: 1, maxRows: 3 }}
        onChange={(e) => update(i, { [field]: e.target.value })}
      />
    ) : (
      <Input
        {...props}
        onChange={(e) =>
          update(i, { [field]: field === 'target' && !e.target.value ? undefined : e.target.value })
        }
      />
    );
  };

  return (
    <div data-pointer={pointer}>
      <Space style={{ marginBottom: 8 }} wrap>
        {!readOnly && (
          <>
            <Button icon={<UploadOutlined />} loading={busy} onClick={() => fileRef.current?.click()}>
              {t('items.import')}
            </Button>
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              style={{ display: 'none' }}
              data-testid="items-import-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void onFile(f);
              }}
            />
          </>
        )}
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void onExport()}>
          {t('items.export')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: items.length })}</Typography.Text>
      </Space>
      {errors && (
        <Alert
          style={{ marginBottom: 8 }}
          type="error"
          showIcon
          closable
          onClose={() => setErrors(null)}
          role="alert"
          message={t('items.importErrors')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflow: 'auto' }}>
              {errors.map((e, k) => (
                <li key={k}>
                  {e.row > 0 && e.column
                    ? t('items.importCell', { row: e.row, column: e.column, message: e.message })
                    : e.row > 0
                      ? t('items.importRowError', { row: e.row, message: e.message })
                      : e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {undo && !readOnly && (
        <Alert
          style={{ marginBottom: 8 }}
          type="success"
          showIcon
          closable
          onClose={() => setUndo(null)}
          message={t('items.importApplied', { summary: undo.summary })}
          action={
            <Button
              size="small"
              icon={<UndoOutlined />}
              onClick={() => {
                onChange(undo.before);
                void message.info(t('items.importUndone', { n: undo.before.length }));
                setUndo(null);
              }}
            >
              {t('items.importUndo')}
            </Button>
          }
        />
      )}
      {pending && (
        <ItemsImportDialog
          existing={items}
          imported={pending}
          domainName={(id) => domains?.find((d) => d.value === id)?.label ?? id}
          onCancel={() => setPending(null)}
          onApply={(next: ItemInput[], summary: ImportSummary) => {
            const before = [...items];
            setPending(null);
            onChange(next);
            setUndo({ before, summary: summary.text });
          }}
        />
      )}
      <Table<ItemInput & { index: number }>
        size="small"
        bordered
        rowKey="index"
        dataSource={items.map((x, index) => ({ ...x, index }))}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 1040 }}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index) }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('items.code'), width: 120, render: (_, r) => text(r.index, 'code', t('items.code')) },
          {
            title: t('items.name'),
            width: 200,
            render: (_, r) => text(r.index, 'name', t('items.name'), true),
          },
          {
            title: t('items.domain'),
            width: 140,
            render: (_, r) =>
              domains && domains.length > 0 ? (
                <Select
                  size="small"
                  value={r.domain}
                  disabled={readOnly}
                  style={{ width: 128 }}
                  showSearch
                  optionFilterProp="label"
                  aria-label={`${t('items.domain')} ${r.index + 1}`}
                  onChange={(domain) => update(r.index, { domain })}
                  options={
                    domains.some((d) => d.value === r.domain)
                      ? [...domains]
                      : [...domains, { value: r.domain, label: r.domain }]
                  }
                />
              ) : (
                <Input
                  size="small"
                  value={r.domain}
                  disabled={readOnly}
                  onChange={(e) => update(r.index, { domain: e.target.value })}
                />
              ),
          },
          {
            title: t('items.legalBasis'),
            render: (_, r) => text(r.index, 'legalBasis', t('items.legalBasis'), true),
          },
          {
            title: t('items.method'),
            width: 130,
            render: (_, r) => (
              <Select
                size="small"
                value={r.method}
                disabled={readOnly}
                style={{ width: 118 }}
                aria-label={`${t('items.method')} ${r.index + 1}`}
                onChange={(method) => update(r.index, { method })}
                options={METHODS.map((m) => ({ value: m, label: enumLabel(lang, m) }))}
              />
            ),
          },
          {
            title: t('items.target'),
            width: 120,
            render: (_, r) => text(r.index, 'target', t('items.target')),
          },
          {
            title: t('items.detailsShort'),
            width: 96,
            render: (_, r) => (
              <Tooltip
                title={`${t('items.details')}：${r.riskPoints?.length ?? 0} / ${r.triggers?.length ?? 0} / ${r.measures?.length ?? 0} / ${r.changes?.length ?? 0}`}
              >
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDetail(r.index)}>
                  {t('items.editDetails')}
                </Button>
              </Tooltip>
            ),
          },
          {
            title: t('common.actions'),
            width: 56,
            fixed: 'right',
            render: (_, r) => (
              <DeleteRowButton
                name={r.code}
                disabled={readOnly || items.length <= 1}
                onDelete={() => onChange(items.filter((_, k) => k !== r.index))}
              />
            ),
          },
        ]}
      />
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() =>
            onChange([
              ...items,
              {
                code: '',
                name: '',
                domain: domains?.[0]?.value ?? '',
                legalBasis: '',
                method: 'double-random',
                riskPoints: [],
                triggers: [],
                measures: [],
                changes: [],
              },
            ])
          }
        >
          {t('items.add')}
        </Button>
      )}
      <Drawer
        open={detail !== null}
        width={720}
        title={detail !== null ? t('items.detailsTitle', { name: items[detail]?.name ?? '' }) : ''}
        onClose={() => setDetail(null)}
        destroyOnHidden
      >
        {detail !== null && items[detail] && (
          <ItemDetailsForm
            item={items[detail]}
            pointer={childPointer(pointer, detail)}
            readOnly={readOnly}
            onChange={(details) => update(detail, details)}
            triggerContext={triggerContext}
          />
        )}
      </Drawer>
    </div>
  );
}

/**
 * Excel export and import of one editor table (the sampling table, the department × domain matrix),
 * as the supervision items have it: a file with any bad cell is refused whole (row and column named in
 * Chinese); a good one opens a dialog choosing 追加 / 按…更新 / 替换全部 with what each adds, updates
 * (with the changed columns) and removes; replacing rows needs an explicit confirmation; an applied
 * import can be undone. Nothing changes before the user chose.
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Modal, Radio, Space, Tag, Typography, message } from 'antd';
import { DownloadOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { useLang, useT } from '../../../../i18n/index.tsx';
import type { Lang } from '../../../../i18n/index.tsx';
import { readSheet } from './items-excel.ts';
import { download } from './table-excel.ts';
import type { Cell, ImportMode, RowError, TablePlan } from './table-excel.ts';

export interface ExcelRoundTripProps<T> {
  rows: readonly T[];
  onChange(rows: T[]): void;
  readOnly?: boolean | undefined;
  /** The .xlsx of the current rows. */
  exportFile(): Promise<Blob>;
  fileName: string;
  parse(sheet: Cell[][], lang: Lang): { ok: true; rows: T[] } | { ok: false; errors: RowError[] };
  plan(existing: readonly T[], imported: readonly T[], mode: ImportMode): TablePlan<T>;
  /** The column rows are matched by (等级, 监管领域). */
  keyName: string;
  /** A row's key as people read it (the imported rows hold the new ones). */
  keyLabel(key: string, imported: readonly T[]): string;
  testId: string;
}

const MODES: ImportMode[] = ['append', 'merge', 'replace'];
const LIST_MAX = 10;

export function ExcelRoundTrip<T>(p: ExcelRoundTripProps<T>) {
  const t = useT();
  const { lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [pending, setPending] = useState<T[] | null>(null);
  const [undo, setUndo] = useState<{ before: T[]; summary: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const onFile = async (file: File) => {
    setBusy(true);
    try {
      const sheet = await readSheet(await file.arrayBuffer());
      if (!sheet) return setErrors([{ row: 0, message: t('xlsx.noSheet') }]);
      const r = p.parse(sheet, lang);
      if (!r.ok) return setErrors(r.errors);
      setErrors(null);
      setPending(r.rows);
    } catch (e) {
      setErrors([{ row: 0, message: t('xlsx.badFile', { detail: e instanceof Error ? e.message : String(e) }) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ marginBottom: 8 }}>
      <Space wrap>
        {!p.readOnly && (
          <>
            <Button size="small" icon={<UploadOutlined />} loading={busy} onClick={() => fileRef.current?.click()}>
              {t('xlsx.import')}
            </Button>
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              style={{ display: 'none' }}
              data-testid={`${p.testId}-input`}
              aria-label={t('xlsx.import')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void onFile(f);
              }}
            />
          </>
        )}
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={busy}
          onClick={() => {
            setBusy(true);
            void p
              .exportFile()
              .then((b) => download(b, p.fileName))
              .finally(() => setBusy(false));
          }}
        >
          {t('xlsx.export')}
        </Button>
      </Space>
      {errors && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          closable
          onClose={() => setErrors(null)}
          role="alert"
          message={t('xlsx.errors')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflow: 'auto' }}>
              {errors.map((e, k) => (
                <li key={k}>
                  {e.row > 0 && e.column
                    ? t('xlsx.cell', { row: e.row, column: e.column, message: e.message })
                    : e.row > 0
                      ? t('xlsx.row', { row: e.row, message: e.message })
                      : e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {undo && !p.readOnly && (
        <Alert
          style={{ marginTop: 8 }}
          type="success"
          showIcon
          closable
          onClose={() => setUndo(null)}
          message={t('xlsx.applied', { summary: undo.summary })}
          action={
            <Button
              size="small"
              icon={<UndoOutlined />}
              onClick={() => {
                p.onChange(undo.before);
                void message.info(t('xlsx.undone'));
                setUndo(null);
              }}
            >
              {t('xlsx.undo')}
            </Button>
          }
        />
      )}
      {pending && (
        <ImportDialog
          {...p}
          imported={pending}
          onCancel={() => setPending(null)}
          onApply={(rows, summary) => {
            const before = [...p.rows];
            setPending(null);
            p.onChange(rows);
            setUndo({ before, summary });
          }}
        />
      )}
    </div>
  );
}

function ImportDialog<T>({
  rows,
  imported,
  plan: planOf,
  keyName,
  keyLabel,
  onApply,
  onCancel,
}: ExcelRoundTripProps<T> & { imported: T[]; onApply(rows: T[], summary: string): void; onCancel(): void }) {
  const t = useT();
  const [mode, setMode] = useState<ImportMode>('merge');
  const [confirmed, setConfirmed] = useState(false);
  const plan = useMemo(() => planOf(rows, imported, mode), [planOf, rows, imported, mode]);
  const needsConfirm = mode === 'replace' && plan.removed.length > 0;
  const changes = plan.added.length + plan.updated.length + plan.removed.length;
  const summary = [
    t('xlsx.added', { n: plan.added.length }),
    t('xlsx.updated', { n: plan.updated.length }),
    t('xlsx.removed', { n: plan.removed.length }),
  ].join('、');
  const tags = (list: readonly string[], color: string) => (
    <div>
      {list.slice(0, LIST_MAX).map((k) => (
        <Tag key={k} color={color} style={{ marginBottom: 4 }}>
          {keyLabel(k, imported)}
        </Tag>
      ))}
      {list.length > LIST_MAX && <Typography.Text type="secondary">… +{list.length - LIST_MAX}</Typography.Text>}
    </div>
  );
  return (
    <Modal
      open
      width={680}
      title={t('xlsx.modeTitle', { n: imported.length })}
      okText={needsConfirm ? t('xlsx.mode.replace') : t('xlsx.apply')}
      okButtonProps={{ danger: needsConfirm, disabled: changes === 0 || (needsConfirm && !confirmed) }}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => onApply(plan.rows, summary)}
    >
      <Radio.Group
        value={mode}
        onChange={(e) => {
          setMode(e.target.value as ImportMode);
          setConfirmed(false);
        }}
      >
        <Space direction="vertical">
          {MODES.map((m) => (
            <Radio key={m} value={m}>
              <strong>{t(`xlsx.mode.${m}`, { key: keyName })}</strong>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t(`xlsx.mode.${m}Help`)}
              </Typography.Text>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <div role="status" aria-live="polite" style={{ marginTop: 12 }} data-testid="xlsx-plan">
        <Typography.Paragraph strong style={{ marginBottom: 8 }}>
          {summary}
          {plan.unchanged > 0 && `、${t('xlsx.unchanged', { n: plan.unchanged })}`}
          {plan.skipped.length > 0 && `、${t('xlsx.skipped', { n: plan.skipped.length })}`}
        </Typography.Paragraph>
        {changes === 0 && <Alert type="info" showIcon message={t('xlsx.nothing')} />}
        {plan.added.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            {t('xlsx.added', { n: plan.added.length })}：{tags(plan.added, 'green')}
          </div>
        )}
        {plan.updated.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            {t('xlsx.updated', { n: plan.updated.length })}：
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 140, overflow: 'auto' }}>
              {plan.updated.map((u) => (
                <li key={u.key}>{t('xlsx.changedFields', { key: keyLabel(u.key, imported), fields: u.fields.join('、') })}</li>
              ))}
            </ul>
          </div>
        )}
        {plan.removed.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            <Typography.Text type="danger">{t('xlsx.removed', { n: plan.removed.length })}：</Typography.Text>
            {tags(plan.removed, 'red')}
          </div>
        )}
        {needsConfirm && (
          <Alert
            type="warning"
            showIcon
            message={
              <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
                {t('xlsx.replaceConfirm', { n: plan.removed.length })}
              </Checkbox>
            }
          />
        )}
      </div>
    </Modal>
  );
}

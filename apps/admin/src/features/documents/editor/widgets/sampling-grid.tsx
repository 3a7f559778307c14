import type { HTMLAttributes } from 'react';
import { Alert, Button, Input, InputNumber, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { childPointer } from '@policy/schemas';
import type { SamplingRow } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { enumLabel } from '../../../../i18n/schema-labels.ts';
import { DeleteRowButton } from './delete-row-button.tsx';
import { ExcelRoundTrip } from './excel-round-trip.tsx';
import { planSampling, rowsToSampling, SAMPLING_COLUMNS, samplingToRow } from './sampling-excel.ts';
import { writeTable } from './table-excel.ts';

export interface SamplingGridProps {
  rows: readonly SamplingRow[];
  onChange: (rows: SamplingRow[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the rows array, e.g. `/content/rows`. */
  pointer: string;
  /** The document's id, for the exported file's name. */
  documentId?: string;
}

const ON_SITE = ['on-trigger', 'normal', 'focused', 'when-necessary', 'always'] as const;

export interface SamplingWarning {
  row: number;
  field: 'ratioPercent';
  kind: 'decreasing' | 'outside-range';
}

/** Rows best to worst: a riskier grade must not be sampled less, and a ratio must lie in its range. */
export function samplingWarnings(rows: readonly SamplingRow[]): SamplingWarning[] {
  const out: SamplingWarning[] = [];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev && r.ratioPercent < prev.ratioPercent)
      out.push({ row: i, field: 'ratioPercent', kind: 'decreasing' });
    if (r.range && (r.ratioPercent < r.range.min || r.ratioPercent > r.range.max))
      out.push({ row: i, field: 'ratioPercent', kind: 'outside-range' });
  });
  return out;
}

/** The sampling table as a grid: one row per grade (A–D), ratio, its allowed range, rounds per year, on-site rule; the 说明 under each row. */
export function SamplingGrid({ rows, onChange, readOnly, pointer, documentId }: SamplingGridProps) {
  const t = useT();
  const { lang } = useLang();
  const warnings = samplingWarnings(rows);
  const update = (i: number, patch: Partial<SamplingRow>) => {
    const next = { ...rows[i]!, ...patch };
    for (const k of Object.keys(patch) as (keyof SamplingRow)[]) if (patch[k] === undefined) delete next[k];
    onChange(rows.map((r, k) => (k === i ? next : r)));
  };
  const bad = (i: number) => warnings.some((w) => w.row === i);
  return (
    <div data-pointer={pointer}>
      <ExcelRoundTrip<SamplingRow>
        rows={rows}
        onChange={onChange}
        readOnly={readOnly}
        exportFile={() => writeTable(t('xlsx.samplingSheet'), SAMPLING_COLUMNS, rows.map(samplingToRow), [8, 12, 12, 10, 24, 40])}
        fileName={`${documentId ?? 'sampling'}.xlsx`}
        parse={(sheet, l) => {
          const r = rowsToSampling(sheet, l);
          return r.ok ? { ok: true, rows: r.rows } : r;
        }}
        plan={planSampling}
        keyName={t('sampling.grade')}
        keyLabel={(g) => g}
        testId="sampling-xlsx"
      />
      <Table<SamplingRow & { index: number }>
        size="small"
        bordered
        pagination={false}
        rowKey="index"
        dataSource={rows.map((r, index) => ({ ...r, index }))}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index) }) as HTMLAttributes<HTMLElement>}
        // 说明 on a full-width line under its grade (issue 15: as a sixth column it was four characters wide at 1366×768)
        expandable={{
          showExpandColumn: false,
          expandedRowKeys: rows.map((_, i) => i),
          expandedRowClassName: () => 'sampling-note-row',
          expandedRowRender: (r) => (
            <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <span style={{ whiteSpace: 'nowrap', lineHeight: '24px', color: '#595959' }}>
                {r.grade} {t('sampling.note')}
              </span>
              <Input.TextArea
                size="small"
                autoSize={{ minRows: 1, maxRows: 4 }}
                value={r.note ?? ''}
                disabled={readOnly}
                aria-label={`${t('sampling.note')} ${r.grade}`}
                onChange={(e) => update(r.index, { note: e.target.value || undefined })}
              />
            </div>
          ),
        }}
        columns={[
          {
            title: t('sampling.grade'),
            width: 76,
            render: (_, r) => (
              <Input
                size="small"
                value={r.grade}
                disabled={readOnly}
                aria-label={`${t('sampling.grade')} ${r.index + 1}`}
                style={{ fontWeight: 600, width: 60 }}
                onChange={(e) => update(r.index, { grade: e.target.value })}
              />
            ),
          },
          {
            title: t('sampling.ratio'),
            width: 104,
            render: (_, r) => (
              <div
                data-pointer={childPointer(pointer, r.index, 'ratioPercent')}
                className={bad(r.index) ? 'cell-error' : ''}
              >
                <InputNumber
                  size="small"
                  min={0}
                  max={100}
                  value={r.ratioPercent}
                  disabled={readOnly}
                  status={bad(r.index) ? 'error' : undefined}
                  aria-label={`${t('sampling.ratio')} ${r.grade}`}
                  style={{ width: 88 }}
                  onChange={(v) => typeof v === 'number' && update(r.index, { ratioPercent: v })}
                />
              </div>
            ),
          },
          {
            title: t('sampling.range'),
            width: 168,
            render: (_, r) => (
              <Space size={4} data-pointer={childPointer(pointer, r.index, 'range')}>
                <InputNumber
                  size="small"
                  min={0}
                  max={100}
                  value={r.range?.min ?? null}
                  disabled={readOnly}
                  placeholder={t('common.none')}
                  aria-label={`${t('sampling.range')} ${r.grade} min`}
                  style={{ width: 64 }}
                  onChange={(v) =>
                    update(r.index, {
                      range:
                        typeof v === 'number'
                          ? { min: v, max: r.range?.max ?? 100 }
                          : r.range?.max !== undefined
                            ? { min: 0, max: r.range.max }
                            : undefined,
                    })
                  }
                />
                –
                <InputNumber
                  size="small"
                  min={0}
                  max={100}
                  value={r.range?.max ?? null}
                  disabled={readOnly}
                  placeholder={t('common.none')}
                  aria-label={`${t('sampling.range')} ${r.grade} max`}
                  style={{ width: 64 }}
                  onChange={(v) =>
                    update(r.index, {
                      range: typeof v === 'number' ? { min: r.range?.min ?? 0, max: v } : undefined,
                    })
                  }
                />
              </Space>
            ),
          },
          {
            title: t('sampling.frequency'),
            width: 96,
            render: (_, r) => (
              <InputNumber
                size="small"
                min={0}
                max={52}
                value={r.frequencyPerYear}
                disabled={readOnly}
                aria-label={`${t('sampling.frequency')} ${r.grade}`}
                style={{ width: 80 }}
                onChange={(v) => typeof v === 'number' && update(r.index, { frequencyPerYear: v })}
              />
            ),
          },
          {
            title: t('sampling.onSite'),
            minWidth: 196,
            render: (_, r) => (
              <Select
                size="small"
                value={r.onSite}
                disabled={readOnly}
                style={{ width: '100%', minWidth: 180 }}
                aria-label={`${t('sampling.onSite')} ${r.grade}`}
                onChange={(onSite) => update(r.index, { onSite })}
                options={ON_SITE.map((v) => ({ value: v, label: enumLabel(lang, v) }))}
                popupMatchSelectWidth={false}
              />
            ),
          },
          {
            title: t('common.actions'),
            width: 56,
            render: (_, r) => (
              <DeleteRowButton
                name={r.grade}
                disabled={readOnly || rows.length <= 1}
                onDelete={() => onChange(rows.filter((_, k) => k !== r.index))}
              />
            ),
          },
        ]}
      />
      {warnings.length > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          message={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {warnings.map((w, k) => {
                const r = rows[w.row]!;
                return (
                  <li key={k}>
                    {w.kind === 'decreasing'
                      ? t('sampling.decreasing', { grade: r.grade })
                      : t('sampling.outsideRange', {
                          ratio: r.ratioPercent,
                          min: r.range!.min,
                          max: r.range!.max,
                        })}
                  </li>
                );
              })}
            </ul>
          }
        />
      )}
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() =>
            onChange([
              ...rows,
              {
                grade: String.fromCharCode(65 + rows.length),
                ratioPercent: rows[rows.length - 1]?.ratioPercent ?? 5,
                frequencyPerYear: 1,
                onSite: 'normal',
              },
            ])
          }
        >
          {t('sampling.addRow')}
        </Button>
      )}
    </div>
  );
}

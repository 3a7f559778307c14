/**
 * The publication periods (公示期) of a grading document as a first-match table: one row per period with its
 * record kinds, severity, domains (by their names in the domain assignment, or another domain's code), the
 * minimum and maximum periods and their basis; rows are added, deleted (after a confirmation) and reordered.
 * The document's check problems show on the row and the field they are about.
 */
import { Button, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { childPointer, RECORD_KINDS } from '@policy/schemas';
import type { Issue, PublicationPeriod, RepairBeforeMinimum } from '@policy/schemas';
import { useLang, useT } from '../../../../i18n/index.tsx';
import { recordKindLabel } from '../../../../i18n/schema-labels.ts';
import { moveRow } from './rule-table-editor.tsx';
import { MoveRowButtons } from './move-row-buttons.tsx';

export interface DomainOption {
  value: string;
  label: string;
}

export interface PublicationPeriodsEditorProps {
  periods: readonly PublicationPeriod[];
  onChange: (periods: PublicationPeriod[]) => void;
  /** The domains of the domain assignment, by name; another code may be typed. */
  domains: readonly DomainOption[];
  /** Issues of the document; those under `pointer` show on their row and field. */
  issues?: readonly Issue[] | undefined;
  readOnly?: boolean | undefined;
  /** JSON pointer of the periods array. */
  pointer: string;
}

type Field = 'id' | 'kinds' | 'severity' | 'domains' | 'minimum' | 'maximum' | 'note';
const FIELDS: readonly Field[] = ['id', 'kinds', 'severity', 'domains', 'minimum', 'maximum', 'note'];
type Span = PublicationPeriod['minimum'];

/** The row's period with `key` set, or left out when `value` is undefined (no `undefined` keys in the document). */
function withField<K extends keyof PublicationPeriod>(p: PublicationPeriod, key: K, value: PublicationPeriod[K] | undefined): PublicationPeriod {
  const next = { ...p };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** The issues of one row, by field; `row` holds those about the row as a whole (or a field not shown). */
export function rowIssues(issues: readonly Issue[], pointer: string, index: number): Record<Field | 'row', Issue[]> {
  const base = childPointer(pointer, index);
  const out: Record<Field | 'row', Issue[]> = { id: [], kinds: [], severity: [], domains: [], minimum: [], maximum: [], note: [], row: [] };
  for (const i of issues) {
    if (i.path !== base && !i.path.startsWith(`${base}/`)) continue;
    const field = i.path.slice(base.length + 1).split('/')[0] as Field;
    out[FIELDS.includes(field) ? field : 'row'].push(i);
  }
  return out;
}

const statusOf = (list: readonly Issue[]): '' | 'error' | 'warning' =>
  list.some((i) => i.severity === 'error') ? 'error' : list.length > 0 ? 'warning' : '';

/** The messages of a field's issues, under the field. */
function IssueNotes({ list }: { list: readonly Issue[] }) {
  const { lang } = useLang();
  if (list.length === 0) return null;
  return (
    <div data-testid="period-issue">
      {list.map((i, k) => (
        <Typography.Text
          key={`${i.code}-${k}`}
          type={i.severity === 'error' ? 'danger' : 'warning'}
          style={{ display: 'block', fontSize: 12, lineHeight: 1.4, marginTop: 2 }}
        >
          {lang === 'en' ? i.messageEn : i.message}
        </Typography.Text>
      ))}
    </div>
  );
}

/** 「[1] 年 / [0] 个月」: a period in whole years and months, stacked to keep the column narrow. */
function SpanInput({
  value,
  onChange,
  readOnly,
  label,
  row,
  status,
  pointer,
}: {
  value: Span;
  onChange: (v: Span) => void;
  readOnly?: boolean | undefined;
  label: string;
  row: number;
  status: '' | 'error' | 'warning';
  pointer: string;
}) {
  const t = useT();
  const part = (key: 'years' | 'months', max: number, unit: string, aria: string) => (
    <Space size={4} style={{ whiteSpace: 'nowrap' }}>
      <InputNumber
        size="small"
        min={0}
        max={max}
        precision={0}
        value={value[key]}
        disabled={readOnly}
        status={status}
        style={{ width: 56 }}
        aria-label={aria}
        // a cleared box is 0, never a missing value
        onChange={(v) => onChange({ ...value, [key]: typeof v === 'number' ? v : 0 })}
      />
      <span>{unit}</span>
    </Space>
  );
  return (
    <Space direction="vertical" size={4} data-pointer={pointer}>
      {part('years', 10, t('periods.years'), t('periods.yearsOf', { field: label, n: row }))}
      {part('months', 120, t('periods.months'), t('periods.monthsOf', { field: label, n: row }))}
    </Space>
  );
}

/** The first-match table of publication periods. */
export function PublicationPeriodsEditor({ periods, onChange, domains, issues = [], readOnly, pointer }: PublicationPeriodsEditorProps) {
  const t = useT();
  const { lang } = useLang();
  const update = (i: number, next: PublicationPeriod) => onChange(periods.map((p, k) => (k === i ? next : p)));
  const kindOptions = (chosen: readonly string[]) =>
    [...new Set([...RECORD_KINDS, ...chosen])].map((k) => ({ value: k, label: recordKindLabel(lang, k) }));
  const domainOptions = (chosen: readonly string[]) => [
    ...domains,
    ...chosen
      .filter((d) => !domains.some((o) => o.value === d))
      .map((d) => ({ value: d, label: t('periods.domainOutside', { code: d }) })),
  ];
  const listIssues = issues.filter((i) => i.path === pointer);
  const rows = periods.map((p, index) => ({ p, index, issues: rowIssues(issues, pointer, index) }));
  type Row = (typeof rows)[number];
  const name = (r: Row) => r.p.id || String(r.index + 1);

  return (
    <div data-pointer={pointer}>
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="periods-first-match">
        {t('periods.firstMatch')}
      </Typography.Paragraph>
      <IssueNotes list={listIssues} />
      <Table<Row>
        size="small"
        pagination={false}
        rowKey={(r) => String(r.index)}
        dataSource={rows}
        locale={{ emptyText: t('periods.none') }}
        rowClassName={(r) => (statusOf(Object.values(r.issues).flat()) === 'error' ? 'period-row-error' : '')}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index), 'data-testid': 'period-row' }) as React.HTMLAttributes<HTMLElement>}
        // the basis (依据) and the row's own problems take the whole width under the row
        expandable={{
          showExpandColumn: false,
          expandedRowKeys: rows.map((r) => String(r.index)),
          expandedRowRender: (r) => (
            <div data-testid="period-row-detail" data-pointer={childPointer(pointer, r.index, 'note')} style={{ paddingInlineStart: 4 }}>
              <Space.Compact style={{ width: '100%' }}>
                <span style={{ flex: 'none', padding: '1px 8px 0 0', color: '#595959' }}>{t('periods.note')}：</span>
                <Input.TextArea
                  size="small"
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={r.p.note ?? ''}
                  disabled={readOnly}
                  status={statusOf(r.issues.note)}
                  placeholder={t('periods.notePlaceholder')}
                  aria-label={`${t('periods.note')} ${name(r)}`}
                  onChange={(e) => update(r.index, withField(r.p, 'note', e.target.value || undefined))}
                />
              </Space.Compact>
              <IssueNotes list={FIELDS.flatMap((f) => r.issues[f]).concat(r.issues.row)} />
            </div>
          ),
        }}
        columns={[
          {
            title: t('periods.id'),
            width: 170,
            render: (_, r) => (
              <div data-pointer={childPointer(pointer, r.index, 'id')}>
                <Space size={4} align="start">
                  <Typography.Text type="secondary" aria-label={t('periods.order')} style={{ lineHeight: '24px' }}>
                    {r.index + 1}
                  </Typography.Text>
                  {/* a long id (key-domains-general) wraps onto a second line rather than being cut off; an id has no line breaks */}
                  <Input.TextArea
                    size="small"
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    value={r.p.id}
                    disabled={readOnly}
                    status={statusOf(r.issues.id)}
                    aria-label={t('periods.idOf', { n: r.index + 1 })}
                    title={r.p.id}
                    style={{ width: 138, paddingInline: 5, resize: 'none', overflowWrap: 'anywhere' }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') e.preventDefault();
                    }}
                    onChange={(e) => update(r.index, { ...r.p, id: e.target.value.replace(/[\r\n]+/g, '') })}
                  />
                </Space>
              </div>
            ),
          },
          {
            title: t('periods.kinds'),
            width: '22%',
            render: (_, r) => (
              <div data-pointer={childPointer(pointer, r.index, 'kinds')}>
                <Select
                  mode="multiple"
                  size="small"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  value={r.p.kinds ?? []}
                  disabled={readOnly}
                  status={statusOf(r.issues.kinds)}
                  placeholder={t('periods.allKinds')}
                  aria-label={`${t('periods.kinds')} ${name(r)}`}
                  style={{ width: '100%', minWidth: 110 }}
                  popupMatchSelectWidth={false}
                  onChange={(ks: string[]) => update(r.index, withField(r.p, 'kinds', ks.length ? ks : undefined))}
                  options={kindOptions(r.p.kinds ?? [])}
                />
              </div>
            ),
          },
          {
            title: t('periods.severity'),
            width: 88,
            render: (_, r) => (
              <div data-pointer={childPointer(pointer, r.index, 'severity')}>
                <Select
                  size="small"
                  value={r.p.severity ?? ''}
                  disabled={readOnly}
                  status={statusOf(r.issues.severity)}
                  aria-label={`${t('periods.severity')} ${name(r)}`}
                  style={{ width: 72 }}
                  onChange={(v: string) =>
                    update(r.index, withField(r.p, 'severity', v === 'general' || v === 'serious' ? v : undefined))
                  }
                  options={[
                    { value: '', label: t('periods.allSeverities') },
                    { value: 'general', label: t('periods.general') },
                    { value: 'serious', label: t('periods.serious') },
                  ]}
                />
              </div>
            ),
          },
          {
            title: (
              <Space size={4}>
                {t('periods.domains')}
                <Tooltip title={t('periods.domainsHint')}>
                  <QuestionCircleOutlined style={{ color: '#8c8c8c' }} aria-label={t('periods.domainsHint')} />
                </Tooltip>
              </Space>
            ),
            width: '30%',
            render: (_, r) => (
              <div data-pointer={childPointer(pointer, r.index, 'domains')}>
                <Select
                  mode="tags"
                  size="small"
                  allowClear
                  optionFilterProp="label"
                  tokenSeparators={[',', '，', '、', ' ']}
                  value={r.p.domains ?? []}
                  disabled={readOnly}
                  status={statusOf(r.issues.domains)}
                  placeholder={t('periods.allDomains')}
                  aria-label={`${t('periods.domains')} ${name(r)}`}
                  style={{ width: '100%', minWidth: 110 }}
                  popupMatchSelectWidth={false}
                  onChange={(ds: string[]) => {
                    const clean = [...new Set(ds.map((d) => d.trim()).filter(Boolean))];
                    update(r.index, withField(r.p, 'domains', clean.length ? clean : undefined));
                  }}
                  options={domainOptions(r.p.domains ?? [])}
                />
              </div>
            ),
          },
          ...(['minimum', 'maximum'] as const).map((key) => ({
            title: t(`periods.${key}`),
            width: 100,
            render: (_: unknown, r: Row) => (
              <SpanInput
                value={r.p[key]}
                readOnly={readOnly}
                label={t(`periods.${key}`)}
                row={r.index + 1}
                status={statusOf(r.issues[key])}
                pointer={childPointer(pointer, r.index, key)}
                onChange={(v) => update(r.index, { ...r.p, [key]: v })}
              />
            ),
          })),
          {
            title: t('common.actions'),
            width: 60,
            // 操作 on one line even when the table is squeezed beside the preview
            onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <MoveRowButtons index={r.index} count={periods.length} name={name(r)} disabled={readOnly} onMove={(to) => onChange(moveRow(periods, r.index, to))} />
                <Popconfirm
                  title={t('periods.deleteConfirm', { id: name(r), n: r.index + 1 })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  disabled={readOnly}
                  onConfirm={() => onChange(periods.filter((_, k) => k !== r.index))}
                >
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('common.delete')} ${name(r)}`}
                    title={t('common.delete')}
                    disabled={readOnly}
                  />
                </Popconfirm>
              </Space>
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
            const ids = new Set(periods.map((p) => p.id));
            let n = periods.length + 1;
            while (ids.has(`period-${n}`)) n += 1;
            onChange([...periods, { id: `period-${n}`, minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } }]);
          }}
        >
          {t('periods.add')}
        </Button>
      )}
    </div>
  );
}

/** 最短公示期内的信用修复: effective (the default when absent) or deferred, each with what it means. */
export function RepairBeforeMinimumChoice({
  value,
  onChange,
  readOnly,
  issues = [],
}: {
  value: RepairBeforeMinimum | undefined;
  onChange: (v: RepairBeforeMinimum) => void;
  readOnly?: boolean | undefined;
  issues?: readonly Issue[] | undefined;
}) {
  const t = useT();
  const pointer = '/content/repairBeforeMinimum';
  return (
    <div data-pointer={pointer} style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('periods.repair')}</Typography.Text>
      <Radio.Group
        value={value ?? 'effective'}
        disabled={readOnly}
        aria-label={t('periods.repair')}
        style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}
        onChange={(e) => onChange(e.target.value as RepairBeforeMinimum)}
      >
        {(['effective', 'deferred'] as const).map((v) => (
          <Radio key={v} value={v}>
            <Typography.Text>{t(`periods.repair.${v}`)}</Typography.Text>
            <Typography.Text type="secondary">：{t(`periods.repair.${v}Hint`)}</Typography.Text>
          </Radio>
        ))}
      </Radio.Group>
      <IssueNotes list={issues.filter((i) => i.path === pointer)} />
    </div>
  );
}

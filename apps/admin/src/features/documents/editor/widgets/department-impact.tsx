/**
 * The per-department effect of an edited domain assignment or sampling table (issue 15, item 8): for
 * each department the enterprises it supervises and its inspections per year under the set in force
 * and under the draft, over the whole default dataset (departmentImpact.get, debounced as the user
 * edits), changed departments first, with the column sums named as sums (an enterprise of several
 * departments counts for each). Inspections are shown in whole 户次 and the sum is the sum of the
 * shown figures.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Checkbox, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { validateDocument } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { apiError, useTRPC } from '../../../../lib/trpc.tsx';
import { todayIso } from '../../../../lib/dates.ts';

const fmt = (n: number) => n.toLocaleString('zh-CN');

export interface ImpactRow {
  department: string;
  label: { zh: string; en?: string | undefined };
  enterprises: { before: number; after: number };
  inspectionsPerYear: { before: number; after: number };
  changed: boolean;
}

/** Rows as shown: inspections rounded to whole 户次; the sums are sums of the shown figures. */
export function impactTable(rows: readonly ImpactRow[]) {
  const shown = rows.map((r) => ({
    key: r.department || '-',
    department: r.department,
    label: r.label,
    changed: r.changed,
    ent: r.enterprises,
    insp: { before: Math.round(r.inspectionsPerYear.before), after: Math.round(r.inspectionsPerYear.after) },
  }));
  const sum = (f: (x: (typeof shown)[number]) => number) => shown.reduce((a, x) => a + f(x), 0);
  return {
    rows: shown,
    total: {
      ent: { before: sum((x) => x.ent.before), after: sum((x) => x.ent.after) },
      insp: { before: sum((x) => x.insp.before), after: sum((x) => x.insp.after) },
    },
  };
}

function Delta({ d }: { d: number }) {
  if (d === 0) return <span style={{ color: '#8c8c8c' }}>0</span>;
  return <span style={{ color: d > 0 ? '#cf1322' : '#237804', fontWeight: 600 }}>{d > 0 ? `+${fmt(d)}` : fmt(d)}</span>;
}

function BeforeAfter({ v }: { v: { before: number; after: number } }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {fmt(v.before)} → <strong>{fmt(v.after)}</strong>
    </span>
  );
}

/** Debounced copy of a value. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** The per-department effect of `draft`, asked of the server once the draft is valid and has settled. */
function useDepartmentImpact(draft: unknown, delayMs: number) {
  const trpc = useTRPC();
  const debounced = useDebounced(draft, delayMs);
  const valid = useMemo(() => validateDocument(debounced).success, [debounced]);
  const ds = useQuery({ ...trpc.adminSupport.defaultDataset.queryOptions(), staleTime: Infinity });
  const datasetId = ds.data?.id ?? null;
  const q = useQuery({
    ...trpc.departmentImpact.get.queryOptions({
      datasetId: datasetId ?? 1,
      at: todayIso(),
      candidate: { versionIds: [], documents: [debounced] },
    }),
    enabled: valid && datasetId !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const table = useMemo(() => (q.data ? impactTable(q.data.rows) : null), [q.data]);
  return { ds, q, valid, table };
}

/**
 * One line above the matrix, where the editor ticks the boxes: the departments whose figures change
 * (up to three by name), or that none does. The full table is `DepartmentImpact`.
 */
export function DepartmentImpactSummary({ draft, delayMs = 800 }: { draft: unknown; delayMs?: number }) {
  const t = useT();
  const { lang } = useLang();
  const { table, valid } = useDepartmentImpact(draft, delayMs);
  if (!table || !valid) return null;
  const changed = table.rows.filter((r) => r.changed);
  const signed = (d: number) => (d > 0 ? `+${fmt(d)}` : fmt(d));
  return (
    <Alert
      className="department-impact-summary"
      style={{ marginBottom: 8 }}
      type={changed.length ? 'warning' : 'info'}
      showIcon
      message={
        changed.length === 0
          ? t('deptImpact.noChange')
          : `${t('deptImpact.changedCount', { n: changed.length })}：${changed
              .slice(0, 3)
              .map(
                (r) =>
                  `${pickText(lang, r.label, r.department)} ${t('deptImpact.enterprises')} ${signed(r.ent.after - r.ent.before)}，${t('deptImpact.inspections')} ${signed(r.insp.after - r.insp.before)}`,
              )
              .join('；')}${changed.length > 3 ? ' …' : ''}（${t('deptImpact.seeBelow')}）`
      }
    />
  );
}

export function DepartmentImpact({ draft, delayMs = 800 }: { draft: unknown; delayMs?: number }) {
  const t = useT();
  const { lang } = useLang();
  const [changedOnly, setChangedOnly] = useState(false);
  const { ds, q, valid, table } = useDepartmentImpact(draft, delayMs);
  const changed = table?.rows.filter((r) => r.changed).length ?? 0;
  const name = (r: { department: string; label: ImpactRow['label'] }) => pickText(lang, r.label, r.department);

  return (
    <div className="department-impact" data-testid="department-impact">
      {ds.data === null && <Alert type="info" showIcon message={t('deptImpact.noDataset')} />}
      {!valid && <Alert type="warning" showIcon message={t('deptImpact.invalid')} style={{ marginBottom: 8 }} />}
      {q.error && (
        <Alert type="error" showIcon message={t('deptImpact.failed', { reason: apiError(q.error).message })} style={{ marginBottom: 8 }} />
      )}
      {ds.data && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('deptImpact.help', { dataset: ds.data.name, n: fmt(q.data?.n ?? ds.data.rowCount ?? 0) })}
        </Typography.Paragraph>
      )}
      {table && (
        <>
          <Space style={{ marginBottom: 8 }} wrap>
            {changed > 0 ? (
              <Tag color="magenta" role="status">
                {t('deptImpact.changedCount', { n: changed })}
              </Tag>
            ) : (
              <Typography.Text role="status">{t('deptImpact.noChange')}</Typography.Text>
            )}
            {changed > 0 && (
              <Checkbox checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)}>
                {t('deptImpact.changedOnly')}
              </Checkbox>
            )}
            {q.isFetching && <Typography.Text type="secondary">{t('deptImpact.loading')}</Typography.Text>}
          </Space>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="key"
            scroll={{ y: 360 }}
            rowClassName={(r) => (r.changed ? 'impact-changed' : '')}
            dataSource={changedOnly ? table.rows.filter((r) => r.changed) : table.rows}
            columns={[
              {
                title: t('deptImpact.department'),
                key: 'department',
                render: (_, r) => (r.changed ? <strong>{name(r)}</strong> : name(r)),
              },
              {
                title: `${t('deptImpact.enterprises')}（${t('deptImpact.before')} → ${t('deptImpact.after')}）`,
                key: 'ent',
                align: 'right',
                render: (_, r) => <BeforeAfter v={r.ent} />,
              },
              {
                title: t('deptImpact.delta'),
                key: 'entDelta',
                align: 'right',
                width: 90,
                render: (_, r) => <Delta d={r.ent.after - r.ent.before} />,
              },
              {
                title: `${t('deptImpact.inspections')}（${t('deptImpact.before')} → ${t('deptImpact.after')}）`,
                key: 'insp',
                align: 'right',
                render: (_, r) => <BeforeAfter v={r.insp} />,
              },
              {
                title: t('deptImpact.delta'),
                key: 'inspDelta',
                align: 'right',
                width: 90,
                render: (_, r) => <Delta d={r.insp.after - r.insp.before} />,
              },
            ]}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row className="impact-total">
                  <Table.Summary.Cell index={0}>
                    <Space size={4}>
                      <strong>{t('deptImpact.total')}</strong>
                      <Tooltip title={t('deptImpact.totalHelp')}>
                        <QuestionCircleOutlined aria-label={t('deptImpact.totalHelp')} style={{ color: '#8c8c8c' }} />
                      </Tooltip>
                    </Space>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <BeforeAfter v={table.total.ent} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <Delta d={table.total.ent.after - table.total.ent.before} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <BeforeAfter v={table.total.insp} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <Delta d={table.total.insp.after - table.total.insp.before} />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        </>
      )}
    </div>
  );
}

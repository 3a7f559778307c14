/**
 * The early warnings and triggers that changed between two runs (issue 13; `runs.compare` →
 * `signals`): per early-warning rule and supervision item the enterprises in the base run and in
 * this run, how many are new and how many no longer; then the enterprises (readers of their domains
 * only — a viewer sees the counts). Absent when neither run kept any.
 */
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useLang, useT } from '../../i18n/index.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { textOf } from '../../lib/texts.ts';
import type { RunComparison } from './api-types.ts';

type Signals = RunComparison['signals'];
type Change = Signals['changes'][number];
type SignalRow = Signals['appeared'][number];

export function SignalChangesCard({ signals }: { signals: Signals | undefined }) {
  const t = useT();
  const { lang } = useLang();
  if (!signals || signals.changes.length === 0) return null;
  const kindTag = (k: 'warning' | 'trigger') => <Tag color={k === 'warning' ? 'volcano' : 'blue'}>{t(k === 'warning' ? 'runSignals.warning' : 'runSignals.trigger')}</Tag>;
  const firms = (rows: SignalRow[], testId: string, empty: string) => (
    <Table<SignalRow>
      data-testid={testId}
      size="small"
      rowKey={(r) => `${r.kind}:${r.documentId}:${r.code}:${r.uscc}`}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: empty }}
      columns={[
        { title: t('runs.uscc'), dataIndex: 'uscc', width: 180, render: (v: string) => <code style={{ fontSize: 12 }}>{v}</code> },
        { title: t('runs.name'), dataIndex: 'name', width: 170 },
        { title: t('runSignals.what'), key: 'what', render: (_: unknown, r) => <span>{kindTag(r.kind)}{textOf(lang, r.label, r.code)}</span> },
      ]}
    />
  );
  return (
    <Card size="small" className="report-section" title={t('runSignals.title')} style={{ marginBottom: 12 }} data-testid="run-signal-changes">
      <Table<Change>
        size="small"
        rowKey={(r) => `${r.kind}:${r.documentId}:${r.code}`}
        dataSource={signals.changes}
        pagination={false}
        columns={[
          { title: t('runSignals.what'), key: 'what', render: (_: unknown, r) => <span>{kindTag(r.kind)}{textOf(lang, r.label, r.code)}</span> },
          { title: t('runCompare.base'), dataIndex: 'base', align: 'right', render: (v: number) => fmtInt(v) },
          { title: t('runCompare.candidate'), dataIndex: 'candidate', align: 'right', render: (v: number) => fmtInt(v) },
          { title: t('runSignals.appeared'), dataIndex: 'appeared', align: 'right', render: (v: number) => fmtInt(v) },
          { title: t('runSignals.disappeared'), dataIndex: 'disappeared', align: 'right', render: (v: number) => fmtInt(v) },
        ]}
      />
      {!signals.firmRows ? (
        <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('runSignals.viewer')} />
      ) : (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('runSignals.appearedFirms')}
          </Typography.Title>
          {firms(signals.appeared, 'run-signals-appeared', t('runSignals.none'))}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('runSignals.disappearedFirms')}
          </Typography.Title>
          {firms(signals.disappeared, 'run-signals-disappeared', t('runSignals.none'))}
          {signals.truncated ? <Typography.Text type="secondary">{t('runSignals.truncated')}</Typography.Text> : null}
        </>
      )}
    </Card>
  );
}

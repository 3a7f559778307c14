/**
 * The review page's impact section: the reviewed version against the chosen base over a dataset (the
 * default unless the reviewer picks another) at a date, rerun on demand, shown as the impact report.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Select, Space, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { ImpactReport } from './impact-report.tsx';

export interface ImpactSectionProps {
  documentId: string;
  versionId: number;
  versionNumber: number;
  /** The chosen 对比基准: compared with the set in force with this version in place of the document's. */
  base: { id: number; versionNumber: number } | null;
  /** A retroactive version's effective date (before today): the impact is first shown as of that day. */
  retroFrom: string | null;
  /** When the version was submitted: a later change of the default dataset is flagged. */
  submittedAt: string | null;
}

export function ImpactSection({
  documentId,
  versionId,
  versionNumber,
  base,
  retroFrom,
  submittedAt,
}: ImpactSectionProps) {
  const t = useT();
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  // the default dataset the credit office chose, never the newest upload; the reviewer may pick another
  const def = useDefaultDataset();
  const [datasetId, setDatasetId] = useState<number | null>(null);
  // a retroactive change rewrites results already in force: show what moves on its effective date first
  const [at, setAt] = useState(retroFrom ?? todayIso());
  const ds = datasetId ?? def.data?.dataset?.id ?? null;
  const chosen =
    datasets.data?.find((d) => d.id === ds) ?? (def.data?.dataset?.id === ds ? def.data?.dataset : undefined);
  const datasetOptions = useDatasetOptions(datasets.data, def.data?.dataset?.id);
  // the base version replaces its document in the set in force; without one, the set in force itself
  const withBase = base !== null && base.id !== versionId;
  const input = {
    datasetId: ds ?? 0,
    at,
    candidate: { versionIds: [versionId], documents: [] },
    ...(withBase ? { base: base.id } : {}),
  };
  const preview = useQuery({
    ...trpc.evaluation.preview.queryOptions({ ...input, moved: { offset: 0, limit: 20 } }),
    enabled: ds !== null,
    staleTime: 60_000,
  });
  return (
    <Card
      size="small"
      className="report-block"
      title={
        withBase
          ? t('review.impactTitleBase', { version: versionNumber, base: base.versionNumber })
          : t('review.impactTitle', { version: versionNumber })
      }
      extra={
        <Space className="no-print" wrap>
          <span>{t('review.dataset')}：</span>
          <Select
            aria-label={t('review.dataset')}
            style={{ width: 340 }}
            value={ds}
            loading={datasets.isLoading}
            onChange={setDatasetId}
            options={datasetOptions}
            notFoundContent={t('review.noDatasets')}
          />
          <span>{t('review.at')}：</span>
          <DatePicker
            aria-label={t('review.at')}
            value={dayjs(at)}
            allowClear={false}
            onChange={(d) => d && setAt(d.format('YYYY-MM-DD'))}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void preview.refetch()}
            loading={preview.isFetching}
          >
            {t('review.rerun')}
          </Button>
        </Space>
      }
    >
      {retroFrom && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('review.retroImpact', { date: retroFrom })}
        />
      )}
      {datasets.error && <ErrorAlert error={datasets.error} />}
      {datasets.data && datasets.data.length === 0 && <Empty description={t('review.noDatasets')} />}
      {def.data && !def.data.dataset && datasets.data && datasets.data.length > 0 && datasetId === null && (
        <Alert type="warning" showIcon message={t('dataset.none')} />
      )}
      {preview.error && <ErrorAlert error={preview.error} title={t('review.previewFailed')} />}
      {preview.isLoading && ds !== null && (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin /> <Typography.Text type="secondary">{t('review.previewRunning')}</Typography.Text>
        </div>
      )}
      {preview.data && (
        <ImpactReport
          preview={preview.data}
          input={input}
          focusDocument={documentId}
          dataset={chosen}
          defaultSetting={def.data ?? null}
          submittedAt={submittedAt}
        />
      )}
    </Card>
  );
}

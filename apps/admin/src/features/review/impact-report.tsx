/**
 * The impact report of a candidate against the published set: distributions before/after, the
 * migration matrix as a heat map, inspections per department, the differentiated-sampling share,
 * moved enterprises (paged, searchable), golden cases and warnings.
 */
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { useOptionalAuth } from '../../lib/session.tsx';
import { canReadFirms } from '@policy/schemas';
import { fmtInt, fmtPct } from '../../lib/numbers.ts';
import type { NamedDataset } from '../../lib/default-dataset.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { roundHalfUp } from '../../lib/workload.ts';
import type { Preview, PreviewInput } from './api-types.ts';
import { BreakdownsCard, PlanSharesSection } from './impact-breakdowns.tsx';
import { TriggersSection } from './impact-triggers.tsx';
import { EarlyWarningsSection } from './impact-warnings.tsx';
import { GoldenSection, WarningsSection } from './impact-checks.tsx';
import { DatasetProvenance } from './dataset-provenance.tsx';
import type { DefaultSetting } from './dataset-provenance.tsx';
import { DistributionSection, HeatmapSection } from './impact-grades.tsx';
import { MovedSection } from './impact-moved.tsx';
import { ShareSection, WorkloadSection } from './impact-workload.tsx';

export interface ImpactReportProps {
  preview: Preview;
  /** The preview's input, for paging and searching the moved enterprises. */
  input: Omit<PreviewInput, 'moved'>;
  /** The document under review: shown first and always, even without moves. */
  focusDocument?: string;
  /** The dataset the report ran on, named in the report (and in its print). */
  dataset?: NamedDataset;
  /** The default dataset setting: when and by whom it was last changed. */
  defaultSetting?: DefaultSetting | null;
  /** When the reviewed version was submitted: a change of the default after it is flagged. */
  submittedAt?: string | null;
}

export function ImpactReport({
  preview,
  input,
  focusDocument,
  dataset,
  defaultSetting,
  submittedAt,
}: ImpactReportProps) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const c = preview.comparison;
  const shown = c.documents
    .filter((d) => d.id === focusDocument || d.moved > 0)
    .sort((a, b) => Number(b.id === focusDocument) - Number(a.id === focusDocument));
  const unchanged = c.documents.length - shown.length;
  const failed = preview.golden.filter((g) => !g.passed).length;
  // the moved enterprises are firm-level: a viewer sees aggregates only
  const user = useOptionalAuth()?.user ?? null;
  const firms = user !== null && canReadFirms(user);
  return (
    <div className="impact-report">
      <Card size="small" title={t('impact.summary')} className="report-section">
        <DatasetProvenance dataset={dataset} defaultSetting={defaultSetting} submittedAt={submittedAt} />
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          {!dataset && (
            <Descriptions.Item label={t('impact.dataset')}>#{preview.datasetId}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('impact.enterprisesTotal')}>{fmtInt(preview.n)}</Descriptions.Item>
          <Descriptions.Item label={t('impact.at')}>{preview.at}</Descriptions.Item>
          <Descriptions.Item label={t('impact.movedCount')}>{fmtInt(c.moved.total)}</Descriptions.Item>
          <Descriptions.Item label={t('impact.workloadTotal')}>
            {fmtInt(roundHalfUp(c.workload.total.before))} → {fmtInt(roundHalfUp(c.workload.total.after))}（
            {fmtPct(c.workload.total.before, c.workload.total.after)}）
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.share')}>
            {c.differentiatedShare.afterPercent.toFixed(1)}%
            {c.differentiatedShare.targetPercent !== null &&
              ` / ${t('impact.target', { target: c.differentiatedShare.targetPercent })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.golden')}>
            {failed > 0 ? (
              <Tag color="red">{t('impact.goldenFailed', { n: failed })}</Tag>
            ) : (
              <Tag color="green">{t('impact.goldenAllPass', { n: preview.golden.length })}</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.warnings')}>{preview.warnings.length}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('impact.versions')}：
          {preview.candidate.versions
            .filter(
              (v) =>
                !preview.base.versions.some(
                  (b) => b.documentId === v.documentId && b.contentHash === v.contentHash,
                ),
            )
            .map(
              (v) =>
                `${docTitle(v.documentId)} ${v.versionNumber === null ? t('impact.unsaved') : `v${v.versionNumber}`}`,
            )
            .join('、') || t('impact.noChangedVersions')}
        </Typography.Text>
      </Card>

      {shown.map((d) => (
        <Card
          key={d.id}
          size="small"
          className="report-section"
          title={docTitle(d.id, d.title)}
          extra={
            <Tag color={d.moved > 0 ? 'orange' : 'default'}>{t('impact.movedN', { n: fmtInt(d.moved) })}</Tag>
          }
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('impact.distribution')}
          </Typography.Title>
          <DistributionSection doc={d} />
          <Typography.Title level={5}>{t('impact.heatmap')}</Typography.Title>
          <HeatmapSection doc={d} />
        </Card>
      ))}
      {unchanged > 0 && (
        <Alert
          type="info"
          showIcon
          className="report-section"
          message={t('impact.othersUnchanged', { n: unchanged })}
        />
      )}

      <Card size="small" className="report-section" title={t('impact.workload')}>
        <WorkloadSection preview={preview} />
      </Card>
      <Card size="small" className="report-section" title={t('impact.share')}>
        <ShareSection preview={preview} />
        <PlanSharesSection preview={preview} />
      </Card>
      <TriggersSection preview={preview} />
      <EarlyWarningsSection preview={preview} />
      <BreakdownsCard preview={preview} focusDocument={focusDocument} />
      <Card size="small" className="report-section impact-moved" title={t('impact.moved')}>
        {firms ? (
          <MovedSection preview={preview} input={input} />
        ) : (
          <Alert
            className="impact-aggregates-only"
            type="info"
            showIcon
            message={t('impact.aggregatesOnly')}
          />
        )}
      </Card>
      <Card size="small" className="report-section" title={t('impact.golden')}>
        <GoldenSection golden={preview.golden} />
      </Card>
      <Card size="small" className="report-section" title={t('impact.warnings')}>
        <WarningsSection warnings={preview.warnings} />
      </Card>
    </div>
  );
}

/**
 * Review / compare: `#/review/:documentId?version=n&base=m`. Two versions side by side (semantic diff in
 * Chinese sentences and Monaco's diff editor), the impact report of the reviewed version against the
 * chosen base version (the rest of the set as in force) over a dataset at a date, approve / reject with a comment, publish with an effective date,
 * and a print layout for the approval meeting.
 */
import { Suspense, useMemo } from 'react';
import { Alert, Button, Card, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { inForceAt, isOpenStatus, isReleasedStatus } from '@policy/schemas';
import { useParams, useSearchParams } from 'react-router';
import { LazyDiffView } from '../../components/lazy.tsx';
import { useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { formatTimestamp, todayIso } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { VersionTag } from '../../lib/status-tag.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import type { HistoryEntry } from './api-types.ts';
import { GoldenReview } from '../golden/golden-review.tsx';
import { ImpactSection } from './impact-section.tsx';
import { ExplanatoryNoteCard } from './explanatory-note-card.tsx';
import { ReviewActions } from './review-actions.tsx';
import { ReviewList } from './review-list.tsx';
import { SemanticDiffList } from './semantic-diff-list.tsx';
import './print.css';

/** Default pair: the published version in force against the newest open (draft / in review / approved) one. */
export function defaultPair(
  history: readonly HistoryEntry[],
  at: string,
): { base: number | null; version: number | null } {
  const released = history.flatMap((h) =>
    isReleasedStatus(h.status) && h.effectiveFrom !== null
      ? [{ id: h.documentId, version: h.versionNumber, effectiveFrom: h.effectiveFrom, entry: h }]
      : [],
  );
  const inForce = inForceAt(released, at)[0]?.entry;
  const published = inForce ?? history.filter((h) => h.status === 'published').at(-1);
  const open = history.filter((h) => isOpenStatus(h.status)).at(-1);
  const newest = history.at(-1);
  const version = open ?? newest;
  let base = published ?? null;
  if (base && version && base.versionNumber === version.versionNumber)
    base = history.filter((h) => h.versionNumber < version.versionNumber).at(-1) ?? base;
  return { base: base?.versionNumber ?? null, version: version?.versionNumber ?? null };
}

function VersionOption({ h }: { h: HistoryEntry }) {
  const t = useT();
  return (
    <span>
      v{h.versionNumber} <VersionTag status={h.status} standing={h.standing} />
      {h.effectiveFrom && (
        <Typography.Text type="secondary">{t('review.effective', { date: h.effectiveFrom })}</Typography.Text>
      )}
    </span>
  );
}

export default function ReviewPage() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const documentId = useParams().documentId ?? '';
  const [query, setQuery] = useSearchParams();
  const history = useQuery({
    ...trpc.documents.history.queryOptions({ documentId }),
    enabled: documentId !== '',
    staleTime: 0,
  });
  const defaults = useMemo(
    () => (history.data ? defaultPair(history.data, todayIso()) : { base: null, version: null }),
    [history.data],
  );
  const versionNumber = Number(query.get('version')) || defaults.version;
  const baseNumber = Number(query.get('base')) || defaults.base;
  const target = history.data?.find((h) => h.versionNumber === versionNumber) ?? null;
  const baseEntry = history.data?.find((h) => h.versionNumber === baseNumber) ?? null;
  const diff = useQuery({
    ...trpc.documents.diff.queryOptions({ documentId, from: baseNumber ?? 1, to: versionNumber ?? 1 }),
    enabled: documentId !== '' && baseNumber !== null && versionNumber !== null,
  });
  const docs = useQuery(trpc.documents.list.queryOptions({}));
  const summary = docs.data?.find((d) => d.id === documentId);
  const docTitle = useDocumentTitle();

  const setPair = (version: number | null, base: number | null) => {
    const q = new URLSearchParams();
    if (version) q.set('version', String(version));
    if (base) q.set('base', String(base));
    setQuery(q);
  };

  if (!documentId) return <ReviewList />;
  if (history.error) return <ErrorAlert error={history.error} />;
  if (!history.data) return <Skeleton active />;
  const options = [...history.data]
    .reverse()
    .map((h) => ({ value: h.versionNumber, label: <VersionOption h={h} /> }));

  return (
    <div className="review-page">
      <Card
        size="small"
        className="report-block"
        title={
          <Space wrap>
            <span>{t('review.title')}</span>
            <Typography.Text strong>{docTitle(documentId, summary?.title)}</Typography.Text>
            {summary && <Tag>{t(`kind.${summary.kind}` as MessageKey)}</Tag>}
          </Space>
        }
        extra={
          <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('review.print')}
          </Button>
        }
      >
        <Space wrap size="large">
          <Space>
            <span>{t('review.base')}：</span>
            <Select
              aria-label={t('review.base')}
              style={{ width: 280 }}
              value={baseNumber}
              options={options}
              onChange={(v) => setPair(versionNumber, v)}
            />
          </Space>
          <span>→</span>
          <Space>
            <span>{t('review.version')}：</span>
            <Select
              aria-label={t('review.version')}
              style={{ width: 280 }}
              value={versionNumber}
              options={options}
              onChange={(v) => setPair(v, baseNumber)}
            />
          </Space>
          <Typography.Text type="secondary" className="print-only">
            {t('review.printedAt', { time: formatTimestamp(new Date().toISOString()) })}
          </Typography.Text>
        </Space>
        {history.data.length === 1 && (
          <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('review.onlyOneVersion')} />
        )}
      </Card>

      {target && (
        <ExplanatoryNoteCard
          versionId={target.id}
          versionNumber={target.versionNumber}
          status={target.status}
          authorId={target.authorId}
          reviewed={target.reviews.length > 0}
        />
      )}

      <Card size="small" className="report-block" title={t('diff.title')}>
        {diff.error && <ErrorAlert error={diff.error} />}
        {diff.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
        {diff.data && diff.data.from.effectiveFrom !== diff.data.to.effectiveFrom && (
          <Typography.Paragraph className="effective-change" style={{ marginBottom: 8 }}>
            {t('rev.effectiveChange', {
              from: diff.data.from.versionNumber,
              a: diff.data.from.effectiveFrom ?? '—',
              to: diff.data.to.versionNumber,
              b: diff.data.to.effectiveFrom ?? '—',
            })}
          </Typography.Paragraph>
        )}
        {diff.data && <SemanticDiffList sentences={diff.data.sentences} semantic={diff.data.semantic} />}
      </Card>

      {target && <GoldenReview versionId={target.id} status={target.status} authorId={target.authorId} />}

      <Card
        size="small"
        className="report-block no-print"
        title={t('diff.jsonTitle', { from: baseNumber ?? '—', to: versionNumber ?? '—' })}
      >
        {diff.data ? (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <LazyDiffView original={diff.data.from.text} modified={diff.data.to.text} height={420} />
          </Suspense>
        ) : (
          <Skeleton active paragraph={{ rows: 6 }} />
        )}
      </Card>

      {target && (
        <Card
          size="small"
          className="report-block"
          title={t('review.reviewTitle', { version: target.versionNumber })}
        >
          <ReviewActions
            versionId={target.id}
            title={docTitle(documentId, summary?.title)}
            onDone={() => {
              void queryClient.invalidateQueries();
            }}
          />
        </Card>
      )}

      {target && (
        <ImpactSection
          documentId={documentId}
          versionId={target.id}
          versionNumber={target.versionNumber}
          base={baseEntry ? { id: baseEntry.id, versionNumber: baseEntry.versionNumber } : null}
          retroFrom={
            isOpenStatus(target.status) && target.effectiveFrom !== null && target.effectiveFrom < todayIso()
              ? target.effectiveFrom
              : null
          }
          submittedAt={target.submittedAt}
        />
      )}
    </div>
  );
}

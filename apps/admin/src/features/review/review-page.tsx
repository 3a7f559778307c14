/**
 * Review / compare: `#/review/:documentId?version=n&base=m`. Two versions side by side (semantic diff in
 * Chinese sentences and Monaco's diff editor), the impact report of the reviewed version against the
 * chosen base version (the rest of the set as in force) over a dataset at a date, approve / reject with a comment, publish with an effective date,
 * and a print layout for the approval meeting.
 */
import { Suspense, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Select,
  Skeleton,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canReview, inForceAt, isOpenStatus, isReleasedStatus } from '@policy/schemas';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LazyDiffView } from '../../components/lazy.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { formatTimestamp, todayIso } from '../../lib/dates.ts';
import { useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import { canPublishRelease } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { ShortHash } from '../../lib/short-hash.tsx';
import { StatusTag, VersionTag } from '../../lib/status-tag.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { HistoryEntry } from './api-types.ts';
import { EffectiveDateLine, RetroactiveNotice } from './effective-date-review.tsx';
import { ImpactReport } from './impact-report.tsx';
import { PublishDialog } from './publish-dialog.tsx';
import { GoldenReview } from '../golden/golden-review.tsx';
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

function ReviewActions({
  versionId,
  title,
  onDone,
}: {
  versionId: number;
  title: string;
  onDone: () => void;
}) {
  const t = useT();
  const userName = useUserName();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const { message } = AntApp.useApp();
  // always refetched on mount: a reviewer elsewhere may have changed the status a moment ago
  const detail = useQuery({ ...trpc.documents.get.queryOptions({ versionId }), staleTime: 0 });
  const [comment, setComment] = useState('');
  const [publishing, setPublishing] = useState(false);
  const approve = useMutation(trpc.documents.approve.mutationOptions());
  const reject = useMutation(trpc.documents.reject.mutationOptions());
  const v = detail.data;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!v) return <Skeleton active paragraph={{ rows: 2 }} />;

  const isAuthor = v.authorId === me.id;
  const alreadyApproved = v.reviews.some((r) => r.reviewerId === me.id && r.decision === 'approve');
  const mayReview = v.status === 'in-review' && canReview(me) && !isAuthor && !alreadyApproved;
  const mayPublish = v.status === 'approved' && canPublishRelease(me);
  const failed = (e: unknown) => message.error(serverText(lang, apiError(e).message) || t('rb.actionFailed'));

  return (
    <div>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('review.status')}>
          <StatusTag status={v.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('review.approvals')}>
          {v.approvals} / {v.requiredApprovals}
          {v.effectiveDate.retroactive && (
            <Tag color="orange" style={{ marginLeft: 6 }}>
              {t('rev.retroTag')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('rev.effTitle')}>
          <EffectiveDateLine e={v.effectiveDate} status={v.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('review.author')}>{userName(v.authorName)}</Descriptions.Item>
        <Descriptions.Item label={t('review.submittedAt')}>
          {formatTimestamp(v.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.contentHash')}>
          <ShortHash hash={v.contentHash} />
        </Descriptions.Item>
        <Descriptions.Item label={t('review.parentHash')}>
          <ShortHash hash={v.parentHash} />
        </Descriptions.Item>
        {v.note && <Descriptions.Item label={t('rev.note')}>{v.note}</Descriptions.Item>}
      </Descriptions>
      <RetroactiveNotice
        e={v.effectiveDate}
        versionNumber={v.versionNumber}
        status={v.status}
        requiredApprovals={v.requiredApprovals}
      />
      {v.reviews.length > 0 && (
        <List
          size="small"
          header={<strong>{t('review.opinions')}</strong>}
          dataSource={v.reviews}
          renderItem={(r) => (
            <List.Item>
              <Space wrap>
                <Tag color={r.decision === 'approve' ? 'green' : 'red'}>
                  {r.decision === 'approve' ? t('review.approved') : t('review.rejected')}
                </Tag>
                <span>{r.reviewerName}</span>
                <Typography.Text type="secondary">{formatTimestamp(r.createdAt)}</Typography.Text>
                <span>{r.comment || t('review.noComment')}</span>
              </Space>
            </List.Item>
          )}
        />
      )}
      {v.status === 'in-review' && isAuthor && (
        <Alert
          className="no-print"
          type="info"
          showIcon
          message={t('review.ownVersion')}
          style={{ marginTop: 8 }}
        />
      )}
      {v.status === 'in-review' && alreadyApproved && (
        <Alert
          className="no-print"
          type="info"
          showIcon
          message={t('review.alreadyApproved')}
          style={{ marginTop: 8 }}
        />
      )}
      {mayReview && (
        <Form layout="vertical" className="no-print" style={{ marginTop: 12, maxWidth: 720 }}>
          <Form.Item label={t('review.comment')} extra={t('review.commentHint')}>
            <Input.TextArea
              aria-label={t('review.comment')}
              rows={3}
              maxLength={2000}
              showCount
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </Form.Item>
          <Space>
            <Button
              type="primary"
              loading={approve.isPending}
              onClick={() =>
                approve.mutate(
                  { versionId, ...(comment.trim() ? { comment: comment.trim() } : {}) },
                  {
                    onSuccess: () => {
                      message.success(t('review.approveDone'));
                      setComment('');
                      onDone();
                    },
                    onError: failed,
                  },
                )
              }
            >
              {t('review.approve')}
            </Button>
            <Button
              danger
              loading={reject.isPending}
              onClick={() => {
                if (!comment.trim()) {
                  message.warning(t('review.rejectNeedsComment'));
                  return;
                }
                reject.mutate(
                  { versionId, comment: comment.trim() },
                  {
                    onSuccess: () => {
                      message.success(t('review.rejectDone'));
                      setComment('');
                      onDone();
                    },
                    onError: failed,
                  },
                );
              }}
            >
              {t('review.reject')}
            </Button>
          </Space>
        </Form>
      )}
      {mayPublish && (
        <Space className="no-print" style={{ marginTop: 12 }} wrap>
          <Button type="primary" onClick={() => setPublishing(true)}>
            {t('review.publish')}
          </Button>
          <Typography.Text type="secondary">{t('rev.publishIntro')}</Typography.Text>
        </Space>
      )}
      {publishing && (
        <PublishDialog
          v={v}
          title={title}
          onClose={() => setPublishing(false)}
          onDone={() => {
            setPublishing(false);
            onDone();
          }}
        />
      )}
    </div>
  );
}

interface ImpactSectionProps {
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

function ImpactSection({
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

/** `#/reviews`: documents with a version open (in review first), each linking to its review page. */
function ReviewList() {
  const t = useT();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const docs = useQuery({ ...trpc.documents.list.queryOptions({}), staleTime: 0 });
  // drafts a reviewer returned read 已退回 here as on the home page (derived from the stored rejection)
  const returned = useQuery({ ...trpc.worklist.returned.queryOptions({}), staleTime: 0 });
  const returnedIds = new Set((returned.data ?? []).map((r) => r.versionId));
  const order: Record<string, number> = { 'in-review': 0, approved: 1, draft: 2 };
  const rows = (docs.data ?? [])
    .filter((d) => d.latest && isOpenStatus(d.latest.status))
    .sort(
      (a, b) => (order[a.latest!.status] ?? 9) - (order[b.latest!.status] ?? 9) || a.id.localeCompare(b.id),
    );
  const mine = (authorId: number | null) => authorId === me.id;
  const userName = useUserName();
  return (
    <Card size="small" title={t('review.listTitle')}>
      {docs.error && <ErrorAlert error={docs.error} />}
      <Table
        size="small"
        rowKey="id"
        loading={docs.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.listEmpty')} />,
        }}
        columns={[
          {
            title: t('review.listDocument'),
            key: 'title',
            // the title is what people read: room for it (no id column squeezing it to four characters a line)
            render: (_: unknown, d) => (
              <Link to={`/review/${encodeURIComponent(d.id)}`} style={{ display: 'inline-block', minWidth: 240 }}>
                {d.title}
              </Link>
            ),
          },
          {
            title: t('review.listKind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: string) => t(`kind.${k}` as MessageKey),
          },
          {
            title: t('review.version'),
            key: 'version',
            width: 200,
            render: (_: unknown, d) => (
              <Space>
                v{d.latest!.versionNumber}
                <StatusTag status={returnedIds.has(d.latest!.id) ? 'rejected' : d.latest!.status} />
                {mine(d.latest!.authorId) && <Tag>{t('review.mine')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('review.author'),
            key: 'author',
            width: 140,
            render: (_: unknown, d) => userName(d.latest!.authorName),
          },
          {
            title: t('review.updatedAt'),
            key: 'updated',
            width: 170,
            render: (_: unknown, d) => formatTimestamp(d.latest!.updatedAt),
          },
          {
            title: '',
            key: 'go',
            width: 110,
            render: (_: unknown, d) => (
              <Button
                size="small"
                type={d.latest!.status === 'in-review' && !mine(d.latest!.authorId) ? 'primary' : 'default'}
                onClick={() => void navigate(`/review/${encodeURIComponent(d.id)}`)}
              >
                {t('review.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
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
            <Typography.Text strong>{summary?.title ?? documentId}</Typography.Text>
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
            title={summary?.title ?? documentId}
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

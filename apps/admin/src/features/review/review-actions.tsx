/**
 * The review of one version: its status, approvals, effective date and hashes, the reviewers' opinions,
 * approve / reject with a comment, and publish once approved (the credit office).
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Form,
  Input,
  List,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { canReview } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useUserName } from '../../lib/user-names.tsx';
import { canPublishRelease } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { ShortHash } from '../../lib/short-hash.tsx';
import { StatusTag } from '../../lib/status-tag.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import { EffectiveDateLine, RetroactiveNotice } from './effective-date-review.tsx';
import { PublishDialog } from './publish-dialog.tsx';

export function ReviewActions({
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

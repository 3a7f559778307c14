/**
 * 首页 "待我处理": the queues of the signed-in user's role (server `worklist.home`), each entry named
 * as people read it (document title, display names, item names) and linking to the screen where the
 * user acts: reviews waiting (reviewers, credit office), drafts returned to me with the reviewer's
 * opinion (whoever drafts), approved versions waiting to be published (credit office), item changes
 * whose report deadline is near (department editors), releases taking effect within 30 days (all).
 */
import type { ReactNode } from 'react';
import { Alert, Card, Col, List, Row, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { canReview } from '@policy/schemas';
import { Link } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { StatusTag } from '../../lib/status-tag.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { Worklist } from './api-types.ts';

const docLink = (id: string, n: number) => `/documents/${encodeURIComponent(id)}/versions/${n}`;
const reviewLink = (id: string, n: number) => `/review/${encodeURIComponent(id)}?version=${n}`;

function Queue<T>({
  title,
  items,
  render,
  testId,
}: {
  title: string;
  items: readonly T[];
  render: (item: T) => ReactNode;
  testId: string;
}) {
  const t = useT();
  return (
    <section className="work-queue" data-testid={testId} aria-label={title}>
      <Typography.Text strong>
        {title}
        <Tag style={{ marginLeft: 8 }} color={items.length > 0 ? 'blue' : 'default'}>
          {items.length}
        </Tag>
      </Typography.Text>
      {items.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('home.q.none')}</Typography.Text>
        </div>
      ) : (
        <List size="small" dataSource={[...items]} renderItem={(item) => render(item)} />
      )}
    </section>
  );
}

function deadlineLeft(t: ReturnType<typeof useT>, left: number): { text: string; color: string } {
  if (left < 0) return { text: t('home.overdue', { n: -left }), color: 'red' };
  if (left === 0) return { text: t('home.dueToday'), color: 'red' };
  return { text: t('home.left', { n: left }), color: 'orange' };
}

/** The queues of the signed-in user's role (see the module comment). */
export function WorkQueues() {
  const t = useT();
  const docTitle = useDocumentTitle();
  const trpc = useTRPC();
  const user = useCurrentUser();
  const work = useQuery({ ...trpc.worklist.home.queryOptions(), staleTime: 0 });
  const sections: ReactNode[] = [];
  const w: Worklist | undefined = work.data;
  if (w) {
    if (canReview(user))
      sections.push(
        <Queue
          key="reviews"
          testId="queue-reviews"
          title={t('home.q.reviews')}
          items={w.reviews}
          render={(r) => (
            <List.Item
              actions={[
                <Link key="go" to={reviewLink(r.documentId, r.versionNumber)}>
                  {t('home.goReview')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={`${docTitle(r.documentId, r.title)} v${r.versionNumber}`}
                description={t('home.submittedBy', {
                  who: r.authorName,
                  when: formatDateTime(r.submittedAt),
                })}
              />
            </List.Item>
          )}
        />,
      );
    if (user.role === 'credit-office' || user.role === 'department-editor')
      sections.push(
        <Queue
          key="returned"
          testId="queue-returned"
          title={t('home.q.returned')}
          items={w.returned}
          render={(r) => (
            <List.Item
              actions={[
                <Link key="go" to={docLink(r.documentId, r.versionNumber)}>
                  {t('home.goRevise')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {`${docTitle(r.documentId, r.title)} v${r.versionNumber} `}
                    <StatusTag status="rejected" />
                  </span>
                }
                description={
                  <>
                    <div>
                      {t('home.returnedBy', {
                        who: r.reviewerName,
                        when: formatDateTime(r.rejectedAt),
                        version: r.rejectedVersionNumber,
                      })}
                    </div>
                    <Typography.Paragraph
                      ellipsis={{ rows: 2, tooltip: r.comment }}
                      style={{ marginBottom: 0 }}
                    >
                      {t('home.opinion', { comment: r.comment })}
                    </Typography.Paragraph>
                  </>
                }
              />
            </List.Item>
          )}
        />,
      );
    if (user.role === 'credit-office')
      sections.push(
        <Queue
          key="approved"
          testId="queue-approved"
          title={t('home.q.approved')}
          items={w.approved}
          render={(a) => (
            <List.Item
              actions={[
                <Link key="go" to={reviewLink(a.documentId, a.versionNumber)}>
                  {t('home.goPublish')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {`${docTitle(a.documentId, a.title)} v${a.versionNumber} `}
                    <StatusTag status="approved" />
                  </span>
                }
                description={t('home.approvedLine', { who: a.authorName, date: a.effectiveFrom ?? '—' })}
              />
            </List.Item>
          )}
        />,
      );
    if (user.role === 'department-editor')
      sections.push(
        <Queue
          key="deadlines"
          testId="queue-deadlines"
          title={t('home.q.deadlines')}
          items={w.deadlines}
          render={(d) => {
            const left = deadlineLeft(t, d.workingDaysLeft);
            return (
              <List.Item
                actions={[
                  <Link key="go" to={docLink(d.documentId, d.versionNumber)}>
                    {d.draft ? t('home.goReport') : t('home.goView')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <span>
                      {`${d.itemCode} ${d.itemName} `}
                      <Tag color={left.color}>{left.text}</Tag>
                    </span>
                  }
                  description={t('home.deadlineLine', {
                    item: docTitle(d.documentId, d.title),
                    date: d.changeDate,
                    change: t(`home.change.${d.changeType}` as MessageKey),
                    deadline: d.deadline,
                  })}
                />
              </List.Item>
            );
          }}
        />,
      );
    sections.push(
      <Queue
        key="upcoming"
        testId="queue-upcoming"
        title={t('home.q.upcoming')}
        items={w.upcoming}
        render={(u) => (
          <List.Item
            actions={[
              <Link key="go" to={docLink(u.documentId, u.versionNumber)}>
                {t('home.goView')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={`${docTitle(u.documentId, u.title)} v${u.versionNumber}`}
              description={t('home.upcomingLine', { date: u.effectiveFrom, n: u.days })}
            />
          </List.Item>
        )}
      />,
    );
  }
  const total = w
    ? w.reviews.length + w.returned.length + w.approved.length + w.deadlines.length + w.upcoming.length
    : 0;
  return (
    <Card size="small" title={t('home.todo')} className="work-queues">
      {work.error ? (
        <Alert
          type="error"
          showIcon
          message={t('common.loadFailed')}
          description={apiError(work.error).message}
        />
      ) : !w ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          {total === 0 && (
            <Alert type="success" showIcon message={t('home.todoNone')} style={{ marginBottom: 8 }} />
          )}
          <Row gutter={[24, 12]}>
            {sections.map((s, k) => (
              <Col key={k} xs={24} lg={12} xxl={sections.length > 2 ? 8 : 12}>
                {s}
              </Col>
            ))}
          </Row>
        </>
      )}
    </Card>
  );
}

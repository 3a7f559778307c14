/**
 * One objection in a drawer: the enterprise, the grounds and evidence, the disputed record among the
 * enterprise's records, the department and deadline; the answer form for who may answer; after an
 * answer, the answer — and after 异议成立, the original and the corrected result side by side.
 */
import { Alert, Descriptions, Divider, Drawer, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { recordKindLabel } from '../../i18n/schema-labels.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { useUserName } from '../runs/run-parts.tsx';
import type { Objection } from './api-types.ts';
import { AnswerForm } from './answer-form.tsx';
import { Deadline, mayAnswer, ObjectionStatusTag, ResultSideBySide, ResultView } from './objection-parts.tsx';

export function ObjectionDrawer({ objection, onClose }: { objection: Objection | null; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const userName = useUserName();
  const o = objection;
  const enterprise = useQuery({ ...trpc.objections.enterprise.queryOptions({ runId: o?.runId ?? 1, uscc: o?.uscc ?? '-' }), enabled: o !== null });
  return (
    <Drawer
      className="objection-drawer"
      open={o !== null}
      onClose={onClose}
      width="min(880px, 92vw)"
      title={o ? t('objections.drawerTitle', { id: o.id, name: o.enterpriseName }) : ''}
      destroyOnHidden
    >
      {o && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('objections.enterprise')} span={2}>
              {o.enterpriseName} <code style={{ fontSize: 12, marginLeft: 8 }}>{o.uscc}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.run')}>
              <Link to={`/runs/${o.runId}`}>{t('runs.runN', { id: o.runId })}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.status')}>
              <ObjectionStatusTag status={o.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.department')}>{o.departmentName}</Descriptions.Item>
            <Descriptions.Item label={t('objections.deadline')}>
              <Deadline objection={o} />
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.filedBy')}>
              {o.filedByName} · {formatDateTime(o.filedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.record')}>{o.recordId ?? t('objections.wholeResult')}</Descriptions.Item>
            <Descriptions.Item label={t('objections.grounds')} span={2}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{o.grounds}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.evidence')} span={2}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{o.evidence || '—'}</div>
            </Descriptions.Item>
            {o.status !== 'open' && (
              <Descriptions.Item label={t('objections.answer')} span={2}>
                <div>
                  <ObjectionStatusTag status={o.status} /> {userName(o.answeredBy)} · {formatDateTime(o.answeredAt)}
                </div>
                <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{o.answerReason}</div>
              </Descriptions.Item>
            )}
          </Descriptions>

          {enterprise.error && <ErrorAlert error={enterprise.error} />}
          {!enterprise.data && !enterprise.error && <Spin style={{ display: 'block', margin: 24 }} />}
          {enterprise.data && (
            <>
              <Divider orientation="left" plain>
                {enterprise.data.corrected ? t('objections.resultsCompared') : t('objections.resultInRun')}
              </Divider>
              {enterprise.data.corrected ? (
                <ResultSideBySide runId={o.runId} original={enterprise.data.original} corrected={enterprise.data.corrected} />
              ) : (
                <ResultView runId={o.runId} result={enterprise.data.original} />
              )}
              <Divider orientation="left" plain>
                {t('objections.records')}
              </Divider>
              <Table
                size="small"
                className="objection-records"
                rowKey="id"
                pagination={false}
                dataSource={enterprise.data.records}
                locale={{ emptyText: t('objections.noRecords') }}
                rowClassName={(r) => (r.id === o.recordId ? 'objection-record-disputed' : '')}
                columns={[
                  { title: t('objections.recordKind'), dataIndex: 'kind', render: (v: string) => recordKindLabel(lang, v) },
                  { title: t('objections.recordDate'), dataIndex: 'date', width: 110 },
                  { title: t('objections.recordAuthority'), dataIndex: 'authority', render: (v: string | null) => v ?? '—' },
                  {
                    title: t('objections.recordId'),
                    dataIndex: 'id',
                    render: (v: string) => (
                      <span>
                        <code style={{ fontSize: 12 }}>{v}</code>
                        {v === o.recordId && (
                          <Tag color="orange" style={{ marginLeft: 6 }}>
                            {t('objections.disputed')}
                          </Tag>
                        )}
                      </span>
                    ),
                  },
                ]}
              />
            </>
          )}

          {mayAnswer(me, o) && (
            <>
              <Divider orientation="left" plain>
                {t('objections.answerTitle')}
              </Divider>
              <AnswerForm objection={o} />
            </>
          )}
          {o.status === 'open' && !mayAnswer(me, o) && (
            <Alert style={{ marginTop: 16 }} type="info" showIcon message={t('objections.waiting', { department: o.departmentName })} />
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>
            {t('objections.internalNote')}
          </Typography.Paragraph>
        </>
      )}
    </Drawer>
  );
}

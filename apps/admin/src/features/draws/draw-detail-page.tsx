/**
 * One draw (`#/draws/:id`). Its department and the credit office see it whole: the seed and what it
 * was derived from, counts per grade, load per inspector, the list with grades and inspectors; a
 * draft is published here (公开, with a confirmation stating what becomes public) or a redraw is
 * requested; once published, the public list with exports, print and outcomes. Everyone else sees a
 * published draw's public list only, and a refusal (403) on a draft.
 */
import { Alert, App as AntApp, Breadcrumb, Button, Card, Collapse, Descriptions, Popconfirm, Result, Space, Spin, Typography } from 'antd';
import { CheckCircleOutlined, NotificationOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { DrawView, WholeDraw } from './api-types.ts';
import { DrawStatusTag, mayEditDepartment, SeedInputsView, useDatasetName, UserName } from './draw-parts.tsx';
import { DrawCounts, InspectionsTable } from './draw-summary.tsx';
import { PublicListCard } from './public-list.tsx';
import { RedrawRequestForm } from './redraw-request.tsx';

export function VerifyDraw({ id }: { id: number }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const verify = useMutation(trpc.draws.verify.mutationOptions());
  return (
    <div className="draw-verify">
      <Space wrap>
        <Button icon={<CheckCircleOutlined />} loading={verify.isPending} onClick={() => verify.mutate({ id })}>
          {t('draws.verify')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('draws.verifyHint')}
        </Typography.Text>
      </Space>
      {verify.error && <ErrorAlert error={verify.error} title={t('draws.verifyFailed')} />}
      {verify.data && (
        <Alert
          style={{ marginTop: 8 }}
          className="draw-verify-result"
          type={verify.data.identical ? 'success' : 'error'}
          showIcon
          message={verify.data.identical ? t('draws.verifyIdentical') : t('draws.verifyDifferent')}
          description={verify.data.identical ? t('draws.verifyIdenticalBody') : serverText(lang, verify.data.problem)}
        />
      )}
    </div>
  );
}

function PublishButton({ draw }: { draw: WholeDraw }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const publish = useMutation(trpc.draws.publish.mutationOptions());
  const own = draw.createdBy === me.username && me.role !== 'credit-office';
  const allowed = mayEditDepartment(me, draw.department);
  const why = !allowed ? t('draws.publishRole') : own ? t('draws.publishSelf') : null;
  return (
    <div className="draw-publish">
      <Space wrap>
        <Popconfirm
          title={t('draws.publishTitle')}
          description={<div style={{ maxWidth: 380 }}>{t('draws.publishBody', { n: draw.record.inspections.length })}</div>}
          okText={t('draws.publish')}
          disabled={why !== null}
          onConfirm={() =>
            publish.mutate(
              { id: draw.id },
              {
                onSuccess: () => {
                  message.success(t('draws.published', { id: draw.id }));
                  void queryClient.invalidateQueries({ queryKey: trpc.draws.get.queryKey({ id: draw.id }) });
                  void queryClient.invalidateQueries({ queryKey: trpc.draws.list.queryKey() });
                },
              },
            )
          }
        >
          <Button type="primary" icon={<NotificationOutlined />} disabled={why !== null} loading={publish.isPending}>
            {t('draws.publish')}
          </Button>
        </Popconfirm>
        {why && (
          <Typography.Text type="secondary" className="draw-publish-reason">
            {why}
          </Typography.Text>
        )}
      </Space>
      {publish.error && <ErrorAlert error={publish.error} title={t('rb.actionFailed')} />}
    </div>
  );
}

function DrawHeader({ draw }: { draw: DrawView }) {
  const t = useT();
  const deptName = useDepartmentName();
  const datasetName = useDatasetName();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label={t('draws.redraws.status')}>
        <DrawStatusTag status={draw.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('draws.department')}>{deptName(draw.department)}</Descriptions.Item>
      <Descriptions.Item label={t('draws.round')}>
        {draw.roundLabel}
        {draw.attempt && draw.attempt > 1 ? `（${t('draws.list.attempt', { n: draw.attempt })}）` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('draws.detail.source')}>{draw.runId ? t('runs.runN', { id: draw.runId }) : `${datasetName(draw.datasetId)} · ${draw.at}`}</Descriptions.Item>
      <Descriptions.Item label={t('draws.detail.created')}>
        <UserName username={draw.createdBy} /> · {formatDateTime(draw.createdAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t('draws.detail.publishedAt')}>{draw.publishedBy ? (
          <>
            <UserName username={draw.publishedBy} /> · {formatDateTime(draw.publishedAt)}
          </>
        ) : (
          '—'
        )}</Descriptions.Item>
    </Descriptions>
  );
}

/** The downloaded list's file name, with the department's name (the server's names it by id). */
function useFileBase() {
  const deptName = useDepartmentName();
  return (d: { roundLabel: string | null; department: string | null }) => ({ round: d.roundLabel ?? '', department: deptName(d.department) });
}

function WholeDrawView({ draw, title, publicTitle }: { draw: WholeDraw; title: string; publicTitle: string }) {
  const t = useT();
  const me = useCurrentUser();
  const names = new Map(draw.roster.map((x) => [x.id, `${x.name}（${x.id}）`]));
  const inspectorName = (id: string) => names.get(id) ?? id;
  const editable = mayEditDepartment(me, draw.department);
  const fileBase = useFileBase();
  const internal = (
    <>
      <div style={{ marginBottom: 12 }}>
        <SeedInputsView seed={draw.seed} inputs={draw.seedInputs} />
      </div>
      <DrawCounts record={draw.record} inspectorName={inspectorName} />
      <Card size="small" type="inner" title={t('draws.inspectionsTitle')}>
        <InspectionsTable inspections={draw.record.inspections} inspectorName={inspectorName} />
      </Card>
    </>
  );
  return (
    <>
      <Card size="small" className="draw-header no-print" title={title} style={{ marginBottom: 12 }}>
        <DrawHeader draw={draw} />
        {draw.status === 'draft' && <Alert type="warning" showIcon style={{ margin: '8px 0' }} message={t('draws.detail.draftNote')} />}
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12, marginTop: 8 }}>
          {draw.status === 'draft' && <PublishButton draw={draw} />}
          <VerifyDraw id={draw.id} />
          {draw.status === 'draft' && editable && draw.department && draw.roundLabel && (
            <Collapse
              size="small"
              items={[{ key: 'redraw', label: t('draws.redraw.request'), children: <RedrawRequestForm drawId={draw.id} department={draw.department} round={draw.roundLabel} /> }]}
            />
          )}
        </div>
      </Card>
      {draw.status === 'published' ? (
        <>
          <PublicListCard drawId={draw.id} title={publicTitle} fileBase={fileBase(draw)} outcomes={editable ? draw.outcomes : undefined} />
          <Collapse className="no-print" style={{ marginTop: 12 }} items={[{ key: 'internal', label: t('draws.inspectionsTitle'), children: internal }]} />
        </>
      ) : (
        <div className="draw-internal">{internal}</div>
      )}
    </>
  );
}

export default function DrawDetailPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const deptName = useDepartmentName();
  const fileBase = useFileBase();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const q = useQuery({ ...trpc.draws.get.queryOptions({ id: valid ? id : 1 }), enabled: valid, retry: false });
  const crumbs = <Breadcrumb className="no-print" style={{ marginBottom: 8 }} items={[{ title: <Link to="/draws?tab=lists">{t('nav.draws')}</Link> }, { title: t('draws.list.drawN', { id }) }]} />;
  if (!valid) return <Result status="404" title={t('draws.detail.notFound')} />;
  if (q.error) {
    const e = apiError(q.error);
    if (e.code === 'FORBIDDEN')
      return (
        <div className="draw-detail-page">
          {crumbs}
          <Result
            status="403"
            className="draw-forbidden"
            title={t('draws.detail.forbiddenTitle')}
            subTitle={
              <>
                <div>{serverText(lang, e.message)}</div>
                <div>{t('draws.detail.forbiddenBody')}</div>
              </>
            }
            extra={<Link to="/draws?tab=lists">{t('draws.tab.lists')}</Link>}
          />
        </div>
      );
    if (e.code === 'NOT_FOUND') return <Result status="404" title={t('draws.detail.notFound')} />;
    return <ErrorAlert error={q.error} />;
  }
  if (!q.data) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const draw = q.data;
  const title = t('draws.public.title', { round: draw.roundLabel ?? '', department: deptName(draw.department) });
  return (
    <div className="draw-detail-page">
      {crumbs}
      {draw.view === 'whole' ? (
        <WholeDrawView draw={draw} title={t('draws.detail.title', { round: draw.roundLabel ?? '', department: deptName(draw.department), id: draw.id })} publicTitle={title} />
      ) : (
        <>
          <Card size="small" className="draw-header no-print" style={{ marginBottom: 12 }}>
            <DrawHeader draw={draw} />
            <VerifyDraw id={draw.id} />
          </Card>
          <PublicListCard drawId={draw.id} title={title} fileBase={fileBase(draw)} />
        </>
      )}
    </div>
  );
}

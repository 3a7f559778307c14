/**
 * The refusal of a second draw of a round, in plain words, with the way out: 申请重新抽取 with a
 * written reason (at least 10 characters) on the round's draft, decided by a second person. Shows a
 * request already pending or approved instead of the form.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useTRPC } from '../../lib/trpc.tsx';

const MIN_REASON = 10;

/** The form for a draft draw (`drawId`). */
export function RedrawRequestForm({ drawId, department, round }: { drawId: number; department: string; round: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const request = useMutation(trpc.draws.requestRedraw.mutationOptions());
  const short = MIN_REASON - [...reason.trim()].length;
  const submit = () => {
    setTried(true);
    if (short > 0) return;
    request.mutate(
      { id: drawId, reason: reason.trim() },
      {
        onSuccess: () => {
          message.success(t('draws.redraw.requested'));
          void queryClient.invalidateQueries({ queryKey: trpc.draws.redraws.queryKey({ department, round }) });
        },
      },
    );
  };
  return (
    <Form layout="vertical" className="redraw-request-form" onFinish={submit} style={{ maxWidth: 640 }}>
      <Form.Item
        label={t('draws.redraw.reason')}
        validateStatus={tried && short > 0 ? 'error' : undefined}
        help={tried && short > 0 ? t('draws.redraw.reasonShort', { n: short }) : undefined}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea aria-label={t('draws.redraw.reason')} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Form.Item>
      <Button htmlType="submit" type="primary" loading={request.isPending}>
        {t('draws.redraw.submit')}
      </Button>
      {request.error && <ErrorAlert error={request.error} title={t('rb.actionFailed')} />}
    </Form>
  );
}

/** The refusal of a second draw of (department, round), with the redraw request or its state. */
export function RoundTakenPanel({ department, round }: { department: string; round: string }) {
  const t = useT();
  const trpc = useTRPC();
  const draws = useQuery(trpc.draws.list.queryOptions({ department, round }));
  const redraws = useQuery(trpc.draws.redraws.queryOptions({ department, round }));
  const current = (draws.data ?? []).find((d) => d.status !== 'superseded');
  const open = (redraws.data ?? []).find((r) => r.status === 'pending' || r.status === 'approved');
  return (
    <Alert
      className="draw-refused"
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      message={t('draws.refused.title')}
      description={
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('draws.refused.body')}</Typography.Paragraph>
          {current && (
            <Link to={`/draws/${current.id}`}>
              {t('draws.list.drawN', { id: current.id })}（{t(`draws.status.${current.status}`)}）
            </Link>
          )}
          {open?.status === 'pending' && <Typography.Text strong className="redraw-pending">{t('draws.redraw.pending', { reason: open.reason })}</Typography.Text>}
          {open?.status === 'approved' && <Typography.Text strong>{t('draws.redraw.approved')}</Typography.Text>}
          {!open && current?.status === 'published' && <Typography.Text>{t('draws.redraw.noDraft')}</Typography.Text>}
          {!open && current?.status === 'draft' && (
            <>
              <Typography.Text strong>{t('draws.redraw.request')}</Typography.Text>
              <RedrawRequestForm drawId={current.id} department={department} round={round} />
            </>
          )}
        </Space>
      }
    />
  );
}

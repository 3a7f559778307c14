/**
 * Signing off a run (签发): a reviewer other than the run's creator signs off a completed run. The
 * button is always shown; when it is disabled the reason is written next to it, so nobody wonders why.
 */
import { App as AntApp, Button, Popconfirm, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { runSignOffProblem } from '@policy/schemas';
import type { Role } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { RunRow } from './api-types.ts';
import { useUserName } from './run-parts.tsx';

/** Why the user may not sign off the run (a message key), or null when it may. */
export function signOffBlocked(user: { role: Role; username: string }, run: Pick<RunRow, 'createdBy' | 'status'>): MessageKey | null {
  if (run.status === 'signed-off') return 'runs.signOff.already';
  const problem = runSignOffProblem(user, run);
  if (problem === 'role') return 'runs.signOff.role';
  if (problem === 'self') return 'runs.signOff.self';
  if (problem === 'status') return run.status === 'running' ? 'runs.signOff.running' : 'runs.signOff.failed';
  return null;
}

export function SignOffButton({ run }: { run: RunRow }) {
  const t = useT();
  const { lang } = useLang();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const userName = useUserName();
  const signOff = useMutation(trpc.runs.signOff.mutationOptions());
  const blocked = signOffBlocked(me, run);
  const button = (
    <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={blocked !== null} loading={signOff.isPending}>
      {t('runs.signOff')}
    </Button>
  );
  return (
    <Space size={8} wrap className="run-sign-off">
      {blocked ? (
        button
      ) : (
        <Popconfirm
          title={t('runs.signOff.confirm', { id: run.id })}
          description={t('runs.signOff.confirmBody')}
          okText={t('runs.signOff')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            signOff.mutateAsync({ runId: run.id }).then(
              () => {
                message.success(t('runs.signOff.done', { id: run.id }));
                void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
                void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: run.id }) });
              },
              (e: unknown) => message.error(serverText(lang, apiError(e).message)),
            )
          }
        >
          {button}
        </Popconfirm>
      )}
      {blocked && (
        <Typography.Text type="secondary" className="run-sign-off-reason">
          {blocked === 'runs.signOff.already'
            ? t(blocked, { by: userName(run.signedOffBy), at: formatDateTime(run.signedOffAt) })
            : t(blocked, { creator: userName(run.createdBy) })}
        </Typography.Text>
      )}
    </Space>
  );
}

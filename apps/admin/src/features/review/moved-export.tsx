/**
 * 导出名单（CSV）: the whole moved list of an impact report (every page, not only the one shown) as a
 * CSV file for Excel. The server's `evaluation.movedExport` builds it with the same reader scope as
 * the list (a department editor its domains' enterprises only) and audit-logs each export; a viewer,
 * who sees no enterprise, gets no button.
 */
import { App as AntApp, Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { downloadCsv } from '../../lib/csv.ts';
import { fmtInt } from '../../lib/numbers.ts';
import { useOptionalAuth } from '../../lib/session.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { PreviewInput } from './api-types.ts';

export function MovedExportButton({ input, disabled }: { input: Omit<PreviewInput, 'moved'>; disabled?: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = AntApp.useApp();
  const role = useOptionalAuth()?.user?.role;
  const run = useMutation(trpc.evaluation.movedExport.mutationOptions());
  if (role === 'viewer') return null;
  const go = () =>
    run.mutate(input, {
      onSuccess: (r) => {
        downloadCsv(r.fileName, r.csv);
        void message.success(t('impact.exportMovedDone', { n: fmtInt(r.count), file: r.fileName }));
      },
      onError: (e) => void message.error(t('impact.exportMovedFailed', { reason: apiError(e).message })),
    });
  return (
    <Tooltip title={t('impact.exportMovedHint')}>
      <Button icon={<DownloadOutlined />} loading={run.isPending} disabled={disabled} onClick={go}>
        {t('impact.exportMoved')}
      </Button>
    </Tooltip>
  );
}

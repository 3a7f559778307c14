/**
 * On top of a draft that a reviewer returned (已退回): who returned which version when (display name),
 * and the opinion, so the author sees why before changing anything. "Returned" is derived on the
 * server from the stored rejection (`worklist.returned`); nothing shows for other versions.
 */
import { Alert, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useTRPC } from '../../lib/trpc.tsx';

export function ReturnedBanner({ documentId, versionId }: { documentId: string; versionId: number }) {
  const t = useT();
  const trpc = useTRPC();
  const returned = useQuery({ ...trpc.worklist.returned.queryOptions({ documentId }), staleTime: 0 });
  const r = returned.data?.find((x) => x.versionId === versionId);
  if (!r) return null;
  return (
    <Alert
      className="returned-banner"
      type="warning"
      showIcon
      role="alert"
      message={<strong>{t('returned.title')}</strong>}
      description={
        <div>
          <div>
            {t('returned.who', {
              who: r.reviewerName,
              when: formatDateTime(r.rejectedAt),
              version: r.rejectedVersionNumber,
            })}
          </div>
          <div style={{ marginTop: 4 }}>
            <Typography.Text strong>{t('returned.opinion')}：</Typography.Text>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.comment}</Typography.Text>
          </div>
          <Typography.Text type="secondary">{t('returned.hint')}</Typography.Text>
        </div>
      }
    />
  );
}

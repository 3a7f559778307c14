/** 放弃草稿 on the editor page. */
import { useState } from 'react';
import { App as AntApp, Button, Input, Modal, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/index.tsx';
import { apiError, useTRPCClient } from '../../lib/trpc.tsx';
import type { VersionDetail } from './api-types.ts';

/** 放弃草稿: asks, then discards the draft on the server (author or credit office; audited). */
export function DiscardButton({
  version,
  onlyVersion,
  onBeforeDiscard,
  onDiscarded,
  onFailed,
}: {
  version: VersionDetail;
  onlyVersion: boolean;
  onBeforeDiscard(): void;
  onDiscarded(documentRemoved: boolean): Promise<void>;
  onFailed(): void;
}) {
  const t = useT();
  const client = useTRPCClient();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)}>
        {t('doc.discard')}
      </Button>
      {open && (
        <Modal
          open
          title={t('doc.discardTitle', { n: version.versionNumber })}
          okText={t('doc.discard')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          confirmLoading={busy}
          onCancel={() => setOpen(false)}
          onOk={async () => {
            setBusy(true);
            onBeforeDiscard();
            try {
              const r = await client.documents.discardDraft.mutate({
                versionId: version.id,
                reason: reason.trim() || undefined,
              });
              message.success(t('doc.discarded', { n: version.versionNumber }));
              setOpen(false);
              await onDiscarded(r.documentRemoved);
            } catch (e) {
              onFailed();
              message.error(apiError(e).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Typography.Paragraph>
            {onlyVersion ? t('doc.discardNewBody') : t('doc.discardBody', { n: version.versionNumber })}
          </Typography.Paragraph>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('doc.discardReason')}
            aria-label={t('doc.discardReason')}
          />
        </Modal>
      )}
    </>
  );
}

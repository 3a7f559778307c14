/** The dialog that submits a draft for review: the effective date (and a retroactive reason) restated, an optional comment. */
import { useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { useWeekday } from '../../lib/effective-date.tsx';

export function SubmitModal({
  effectiveFrom,
  reason,
  onClose,
  onSubmit,
}: {
  effectiveFrom: string;
  reason: string | null;
  onClose(): void;
  onSubmit(comment: string): Promise<boolean>;
}) {
  const t = useT();
  const weekday = useWeekday();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('doc.submitTitle')}
      okText={t('doc.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        const ok = await onSubmit(comment.trim());
        setBusy(false);
        if (ok) onClose();
      }}
    >
      <Typography.Paragraph>{t('doc.submitBody')}</Typography.Paragraph>
      {effectiveFrom && (
        <Alert
          style={{ marginBottom: 12 }}
          type={reason ? 'warning' : 'info'}
          showIcon
          message={t('eff.submitLine', { date: effectiveFrom, weekday: weekday(effectiveFrom) })}
          description={reason ? t('eff.submitRetro', { reason }) : undefined}
        />
      )}
      <Input.TextArea
        rows={4}
        maxLength={2000}
        showCount
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('doc.submitComment')}
        aria-label={t('doc.submitComment')}
      />
    </Modal>
  );
}

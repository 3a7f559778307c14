/**
 * Submitting a draft for review: the header's 提交审核 button and its dialog (the effective date and a
 * retroactive reason restated, the 起草说明 drafted for the author to edit — saved with the version before
 * it is submitted — and an optional comment).
 */
import { useId, useState } from 'react';
import { Alert, App as AntApp, Button, Input, Modal, Tooltip, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/index.tsx';
import { useWeekday } from '../../lib/effective-date.tsx';
import { useNoteField } from './explanatory-note-field.tsx';
import type { NoteContext } from './explanatory-note-field.tsx';

export function SubmitModal({
  effectiveFrom,
  reason,
  note,
  onClose,
  onSubmit,
}: {
  effectiveFrom: string;
  reason: string | null;
  /** The version, its live draft and history: the 起草说明 is drafted from them. */
  note: NoteContext;
  onClose(): void;
  onSubmit(comment: string): Promise<boolean>;
}) {
  const t = useT();
  const weekday = useWeekday();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();
  const noteField = useNoteField(note, (m) => void message.error(m));
  return (
    <Modal
      open
      width={760}
      style={{ top: 24 }}
      title={t('doc.submitTitle')}
      okText={t('doc.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        // the note first: a refused note (too long, changed meanwhile) stops the submit, the author's text kept
        const ok = (await noteField.save()) && (await onSubmit(comment.trim()));
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
      {noteField.element}
      <Input.TextArea
        style={{ marginTop: 24 }}
        rows={2}
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

/**
 * 提交审核. While the draft cannot be submitted (`blocked` says why) the button looks disabled but is not
 * `disabled`: a disabled button is skipped by Tab and its hover tooltip is the mouse's alone, so a keyboard
 * user could neither reach it nor learn what is missing (issue 15). It stays focusable with
 * `aria-disabled`, its reason is its accessible description and shows on focus as on hover, and pressing
 * it says the reason instead of opening the dialog.
 */
export function SubmitButton({ blocked, onOpen }: { blocked: string | null; onOpen(): void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const reasonId = useId();
  return (
    // the tooltip is on a wrapper: on the button itself it would replace the button's description with
    // its popup's id, which exists only while the popup is open
    <Tooltip title={blocked ?? undefined} trigger={['hover', 'focus']}>
      <span style={{ display: 'inline-block' }}>
        <Button
          type="primary"
          icon={<SendOutlined />}
          // antd's own disabled look (greyed, not-allowed cursor, no hover) on a button that keeps its focus
          className={blocked ? 'ant-btn-disabled' : undefined}
          aria-disabled={blocked ? true : undefined}
          aria-describedby={blocked ? reasonId : undefined}
          onClick={() => {
            if (blocked) message.warning(blocked);
            else onOpen();
          }}
        >
          {t('doc.submit')}
        </Button>
        {blocked && (
          <span id={reasonId} hidden>
            {blocked}
          </span>
        )}
      </span>
    </Tooltip>
  );
}

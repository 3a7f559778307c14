/**
 * 发布: a confirmation step, not a choice. The effective date was set in the draft and reviewed; the
 * dialog shows it (day of the week, today / future / retroactive, the past it changes) and publishes
 * only once the publisher ticks that they checked it. The date sent is the version's own.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Checkbox, Descriptions, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { dayPlace } from '../../lib/dates.ts';
import { EffectiveDate, useWeekday } from '../../lib/effective-date.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { ReviewVersion } from './api-types.ts';
import { PastChanges } from './effective-date-review.tsx';

export function PublishDialog({
  v,
  title,
  onClose,
  onDone,
}: {
  v: ReviewVersion;
  title: string;
  onClose(): void;
  onDone(date: string): void;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const weekday = useWeekday();
  const { message } = AntApp.useApp();
  const publish = useMutation(trpc.documents.publish.mutationOptions());
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = v.effectiveDate;
  const date = e.effectiveFrom ?? v.effectiveFrom ?? '';
  const place = date ? dayPlace(date, e.publishDay) : 'today';
  const blocked = e.inThePast && !e.retroactive;
  return (
    <Modal
      open
      className="publish-dialog"
      width={620}
      title={t('rev.publishTitle', { version: v.versionNumber })}
      okText={t('review.publish')}
      cancelText={t('rb.cancel')}
      okButtonProps={{ disabled: !checked || blocked || !date }}
      confirmLoading={publish.isPending}
      onCancel={onClose}
      onOk={() => {
        setError(null);
        publish.mutate(
          { versionId: v.id, effectiveFrom: date },
          {
            onSuccess: () => {
              message.success(t('review.publishDone', { date }));
              onDone(date);
            },
            onError: (err) => setError(serverText(lang, apiError(err).message) || t('rb.actionFailed')),
          },
        );
      }}
    >
      <Typography.Paragraph>{t('rev.publishIntro')}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'doc', label: t('review.listDocument'), children: `${title} · v${v.versionNumber}` },
          {
            key: 'date',
            label: t('rev.publishDate'),
            children: <EffectiveDate date={date} today={e.publishDay} big />,
          },
        ]}
      />
      {place === 'future' && (
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('rev.publishFuture', { date })} />
      )}
      {e.retroactive && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          message={t('rev.publishRetro')}
          description={
            <div>
              <div>
                <strong>{t('rev.retroReason')}：</strong>
                {e.retroactiveReason}
              </div>
              <PastChanges e={e} versionNumber={v.versionNumber} />
            </div>
          }
        />
      )}
      {blocked && <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('rev.unmarkedPast')} />}
      <div style={{ marginTop: 16 }}>
        <Checkbox
          checked={checked}
          onChange={(ev) => setChecked(ev.target.checked)}
          disabled={blocked || !date}
        >
          {t('rev.publishConfirmDate', {
            version: v.versionNumber,
            date,
            weekday: date ? weekday(date) : '',
          })}
        </Checkbox>
        {!checked && !blocked && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rev.publishNeedsConfirm')}
            </Typography.Text>
          </div>
        )}
      </div>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}

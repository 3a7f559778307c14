/**
 * 发布: a confirmation step, not a choice. The effective date was set in the draft and reviewed; the
 * dialog shows it (day of the week, today / future / retroactive, the past it changes) and publishes
 * only once the publisher ticks that they checked it. The date sent is the version's own.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Checkbox, Descriptions, Input, Modal, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { dayPlace } from '../../lib/dates.ts';
import { EffectiveDate, useWeekday } from '../../lib/effective-date.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { ReviewVersion } from './api-types.ts';
import { PastChanges } from './effective-date-review.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { openFailures } from '../golden/golden-review.tsx';
import { gradesOf, useOutcomeText } from '../golden/outcome-text.tsx';

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
  const me = useCurrentUser();
  const cases = useQuery({
    ...trpc.cases.list.queryOptions({ versionId: v.id }),
    staleTime: 0,
    enabled: v.kind !== 'supervision-items',
  });
  const outcome = useOutcomeText(gradesOf(v.content));
  const [overrideReason, setOverrideReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = v.effectiveDate;
  const date = e.effectiveFrom ?? v.effectiveFrom ?? '';
  const place = date ? dayPlace(date, e.publishDay) : 'today';
  const blocked = e.inThePast && !e.retroactive;
  // failing golden cases no reviewer has overridden: publishing needs a reason, and not from the author
  const open = cases.data ? openFailures(cases.data.cases, cases.data.overrides) : [];
  const isAuthor = v.authorId === me.id;
  const needsReason = open.length > 0;
  const goldenBlocked = needsReason && (isAuthor || overrideReason.trim() === '');
  const goldenPending = v.kind !== 'supervision-items' && cases.isLoading;
  return (
    <Modal
      open
      className="publish-dialog"
      width={620}
      title={t('rev.publishTitle', { version: v.versionNumber })}
      okText={t('review.publish')}
      cancelText={t('rb.cancel')}
      okButtonProps={{ disabled: !checked || blocked || !date || goldenBlocked || goldenPending }}
      confirmLoading={publish.isPending}
      onCancel={onClose}
      onOk={() => {
        setError(null);
        publish.mutate(
          {
            versionId: v.id,
            effectiveFrom: date,
            ...(needsReason ? { goldenOverrideReason: overrideReason.trim() } : {}),
          },
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
      {cases.error && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={serverText(lang, apiError(cases.error).message)}
        />
      )}
      {cases.data && cases.data.run.total > 0 && open.length === 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type={cases.data.run.failed > 0 ? 'info' : 'success'}
          showIcon
          className="publish-golden"
          message={
            cases.data.run.failed > 0
              ? t('golden.overrideCovered')
              : t('golden.publishAllPass', { n: cases.data.run.total })
          }
        />
      )}
      {open.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          className="publish-golden"
          message={t('golden.publishFailing', { n: open.length })}
          description={
            <div>
              <ul style={{ margin: '4px 0 8px', paddingLeft: 20, maxHeight: 160, overflow: 'auto' }}>
                {open.map((c) => (
                  <li key={c.id}>
                    {c.name}：{outcome(c.result.expected ?? c.expect)} →{' '}
                    <strong>{outcome(c.result.actual)}</strong>
                  </li>
                ))}
              </ul>
              {isAuthor ? (
                <div>{t('golden.publishAuthor')}</div>
              ) : (
                <>
                  <div style={{ marginBottom: 4 }}>{t('golden.publishNeedReason')}</div>
                  <Input.TextArea
                    aria-label={t('golden.overrideReason')}
                    placeholder={t('golden.overrideReason')}
                    rows={2}
                    maxLength={2000}
                    showCount
                    value={overrideReason}
                    onChange={(ev) => setOverrideReason(ev.target.value)}
                    style={{ background: '#fff' }}
                  />
                </>
              )}
            </div>
          }
        />
      )}
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

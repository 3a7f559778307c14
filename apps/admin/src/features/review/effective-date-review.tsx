/**
 * What a reviewer must know about a version's effective date: the day (with its day of the week and
 * where it lies from the publish day), and for a retroactive version the written reason, the extra
 * approval and the past in-force periods it changes; a date in the past that is not marked
 * retroactive is said to block publication.
 */
import { Alert, List, Typography } from 'antd';
import { isReleasedStatus } from '@policy/schemas';
import { useT } from '../../i18n/index.tsx';
import { EffectiveDate } from '../../lib/effective-date.tsx';
import type { EffectiveDateReview as EffectiveDateInfo } from './api-types.ts';

export function PastChanges({ e, versionNumber }: { e: EffectiveDateInfo; versionNumber: number }) {
  const t = useT();
  if (e.pastChanges.length === 0) return null;
  return (
    <List
      size="small"
      className="past-changes"
      header={<strong>{t('rev.pastChanges')}</strong>}
      dataSource={e.pastChanges}
      renderItem={(c) => (
        <List.Item>
          {t('rev.pastChange', {
            from: c.from,
            to: c.to,
            was: c.replaces ? `v${c.replaces.versionNumber}` : t('rev.pastNone'),
          })}
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            → v{versionNumber}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

/** The effective date as a line (for the version's descriptions). */
export function EffectiveDateLine({ e, status }: { e: EffectiveDateInfo; status: string }) {
  return <EffectiveDate date={e.effectiveFrom} today={e.publishDay} plain={isReleasedStatus(status)} />;
}

/** Retroactivity and its consequences, or the refusal a past date without the mark will meet. */
export function RetroactiveNotice({
  e,
  versionNumber,
  status,
  requiredApprovals,
}: {
  e: EffectiveDateInfo;
  versionNumber: number;
  status: string;
  requiredApprovals: number;
}) {
  const t = useT();
  if (e.retroactive) {
    return (
      <Alert
        className="retroactive-notice"
        type="warning"
        showIcon
        style={{ marginTop: 8 }}
        message={t('rev.publishRetro')}
        description={
          <div>
            <div>
              <strong>{t('rev.retroReason')}：</strong>
              {e.retroactiveReason}
            </div>
            {!isReleasedStatus(status) && <div>{t('rev.retroApprovals', { n: requiredApprovals })}</div>}
            <PastChanges e={e} versionNumber={versionNumber} />
          </div>
        }
      />
    );
  }
  if (e.inThePast && !isReleasedStatus(status))
    return <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('rev.unmarkedPast')} />;
  return null;
}

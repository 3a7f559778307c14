/**
 * The draft's 生效日期, on top of the editor: the day this version comes into force, with its day of the
 * week and where it lies. A day before today makes the version retroactive: the panel says so in words
 * and asks for the written reason the server needs before the draft can be submitted.
 */
import { Alert, Button, Card, DatePicker, Input, Space, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../../i18n/index.tsx';
import { dayPlace, todayIso } from '../../../lib/dates.ts';
import { EffectiveDate } from '../../../lib/effective-date.tsx';

export interface EffectiveDatePanelProps {
  /** The document's `effectiveFrom` (YYYY-MM-DD), '' when not set. */
  date: string;
  onDate(date: string): void;
  /** The retroactivity reason as typed. */
  reason: string;
  onReason(reason: string): void;
  today?: string;
}

/** True when the draft cannot be submitted as it stands: a date before today without a written reason. */
export const retroactiveReasonMissing = (date: string, reason: string, today = todayIso()): boolean =>
  date !== '' && date < today && reason.trim() === '';

/** What the draft sends as `retroactiveReason`: the reason for a past date, else null (clears the mark). */
export const retroactiveReasonToSave = (date: string, reason: string, today = todayIso()): string | null =>
  date !== '' && date < today && reason.trim() !== '' ? reason.trim() : null;

export function EffectiveDatePanel({
  date,
  onDate,
  reason,
  onReason,
  today = todayIso(),
}: EffectiveDatePanelProps) {
  const t = useT();
  const past = date !== '' && dayPlace(date, today) === 'past';
  const missing = retroactiveReasonMissing(date, reason, today);
  return (
    <Card
      size="small"
      className="effective-date-panel"
      title={
        <Space>
          <CalendarOutlined />
          {t('eff.title')}
        </Space>
      }
      style={past ? { borderColor: '#faad14' } : undefined}
    >
      <Space wrap size={16} align="center">
        <DatePicker
          aria-label={t('eff.pick')}
          value={date ? dayjs(date) : null}
          allowClear={false}
          onChange={(d) => d && onDate(d.format('YYYY-MM-DD'))}
        />
        <EffectiveDate date={date || null} today={today} />
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
        {t('eff.help')}
      </Typography.Paragraph>
      {past && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          message={t('eff.pastTitle')}
          description={
            <div>
              <div style={{ marginBottom: 8 }}>{t('eff.pastBody')}</div>
              <label htmlFor="retroactive-reason" style={{ fontWeight: 600 }}>
                {t('eff.reason')}
              </label>
              <Input.TextArea
                id="retroactive-reason"
                aria-label={t('eff.reason')}
                rows={2}
                maxLength={2000}
                showCount
                status={missing ? 'error' : undefined}
                placeholder={t('eff.reasonPlaceholder')}
                value={reason}
                onChange={(e) => onReason(e.target.value)}
                style={{ marginTop: 4, background: '#fff' }}
              />
              {missing && (
                <Typography.Text type="danger" role="alert">
                  {t('eff.reasonMissing')}
                </Typography.Text>
              )}
              <div style={{ marginTop: 8 }}>
                <Button size="small" onClick={() => onDate(today)}>
                  {t('eff.useToday')}
                </Button>
              </div>
            </div>
          }
        />
      )}
    </Card>
  );
}

/**
 * An effective date as every screen says it: the date, its day of the week, and whether it is today,
 * in the future (in how many days) or before today (retroactive).
 */
import { Space, Tag, Typography } from 'antd';
import { useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import { dayPlace, daysFrom, todayIso, weekdayOf } from './dates.ts';

const WEEKDAYS: MessageKey[] = [
  'date.weekday.0',
  'date.weekday.1',
  'date.weekday.2',
  'date.weekday.3',
  'date.weekday.4',
  'date.weekday.5',
  'date.weekday.6',
];

/** 星期六 / Saturday. */
export function useWeekday(): (date: string) => string {
  const t = useT();
  return (date) => t(WEEKDAYS[weekdayOf(date)]!);
}

/** The tag saying where the date lies: 今天生效, 30 天后生效, 追溯生效（早于今天 12 天）. */
export function DayPlaceTag({ date, today = todayIso() }: { date: string; today?: string }) {
  const t = useT();
  const place = dayPlace(date, today);
  const n = Math.abs(daysFrom(date, today));
  if (place === 'today') return <Tag color="green">{t('date.today')}</Tag>;
  if (place === 'future') return <Tag color="blue">{t('date.future', { n })}</Tag>;
  return <Tag color="orange">{t('date.past', { n })}</Tag>;
}

/** `2026-12-26 星期六 [30 天后生效]`; `big` for the publish confirmation; `plain` without the tag (released versions). */
export function EffectiveDate({
  date,
  today,
  big,
  plain,
}: {
  date: string | null | undefined;
  today?: string;
  big?: boolean;
  plain?: boolean;
}) {
  const t = useT();
  const weekday = useWeekday();
  if (!date) return <Typography.Text type="secondary">{t('date.none')}</Typography.Text>;
  return (
    <Space size={6} wrap className="effective-date">
      <Typography.Text strong style={big ? { fontSize: 20 } : undefined} className="effective-date-value">
        {date}
      </Typography.Text>
      <Typography.Text style={big ? { fontSize: 16 } : undefined}>{weekday(date)}</Typography.Text>
      {!plain && <DayPlaceTag date={date} today={today} />}
    </Space>
  );
}

/**
 * Labels for what the document schemas say in Chinese only: enum values (stored as English codes) and the
 * English form of the schema titles, so the generated forms are fully Chinese or fully English.
 */
import { OPTION_LABELS, TITLE_EN as SCHEMA_TITLE_EN } from '@policy/schemas';
import type { Lang } from './index.tsx';

/** Enum value → [zh, en]. Values are codes in the documents; users see the labels (one table with the validator's messages: @policy/schemas labels.ts). */
export const ENUM_LABELS: Record<string, readonly [string, string]> = Object.fromEntries(
  Object.entries(OPTION_LABELS).map(([value, l]) => [value, [l.zh, l.en] as const]),
);

/** Record kinds and list ids of CONTRACTS §1 → [zh, en]. */
export const RECORD_KIND_LABELS: Record<string, readonly [string, string]> = {
  'penalty.warning': ['警告、通报批评', 'warning'],
  'penalty.fine': ['罚款、没收违法所得', 'fine'],
  'penalty.confiscation': ['没收非法财物', 'confiscation'],
  'penalty.permit-suspension': ['暂扣许可证件', 'permit suspension'],
  'penalty.qualification-downgrade': ['降低资质等级', 'qualification downgrade'],
  'penalty.permit-revocation': ['吊销许可证件', 'permit revocation'],
  'penalty.business-restriction': ['限制开展生产经营活动', 'business restriction'],
  'penalty.production-suspension': ['责令停产停业', 'production suspension'],
  'penalty.closure': ['责令关闭', 'ordered closure'],
  'penalty.practice-restriction': ['限制从业', 'practice restriction'],
  coercion: ['行政强制', 'administrative coercion'],
  'tax-arrears': ['欠缴税款', 'tax arrears'],
  'utility-arrears': ['欠缴公用事业费', 'utility arrears'],
  'serious-dishonesty': ['严重失信主体名单', 'serious dishonesty list'],
  'joint-punishment': ['失信联合奖惩对象名单', 'joint punishment list'],
  'abnormal-operation': ['经营异常名录', 'abnormal operation list'],
};

/** Chinese schema title → English title (the validator's messages use the same table). */
export const TITLE_EN: Readonly<Record<string, string>> = SCHEMA_TITLE_EN;

export function enumLabel(lang: Lang, value: string): string {
  const pair = ENUM_LABELS[value] ?? RECORD_KIND_LABELS[value];
  if (!pair) return value;
  return lang === 'en' ? pair[1] : pair[0];
}

export function recordKindLabel(lang: Lang, kind: string): string {
  const pair = RECORD_KIND_LABELS[kind];
  if (!pair) return kind;
  return lang === 'en' ? pair[1] : pair[0];
}

export function titleIn(lang: Lang, zhTitle: string | undefined): string | undefined {
  if (zhTitle === undefined || lang === 'zh') return zhTitle;
  return TITLE_EN[zhTitle] ?? zhTitle;
}

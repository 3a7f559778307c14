/**
 * The dimension of a criterion of the general risk classification (003 第七条、第八条; @policy/schemas
 * general-risk.ts): one of 企业基础属性、动态信息、监管信息、关联关系、社会评价, chosen by name beside the
 * criterion's judgement matrix; read-only it is shown as text.
 */
import { RISK_DIMENSION_LABELS, RISK_DIMENSIONS } from '@policy/schemas';
import type { RiskDimension } from '@policy/schemas';
import { Select, Space, Typography } from 'antd';
import type { Lang } from '../../../../i18n/index.tsx';
import { pickText, useLang } from '../../../../i18n/index.tsx';

/** A dimension by its name (未标明 when absent). */
export function dimensionName(lang: Lang, d: RiskDimension | undefined): string {
  return d === undefined ? (lang === 'en' ? 'none' : '未标明') : pickText(lang, RISK_DIMENSION_LABELS[d]);
}

/** The dimension of one criterion: a choice by name, or text when read-only. */
export function CriterionDimension({
  criterion,
  value,
  readOnly,
  onChange,
}: {
  criterion: string;
  value: RiskDimension | undefined;
  readOnly?: boolean;
  onChange: (d: RiskDimension) => void;
}) {
  const { lang } = useLang();
  const label = lang === 'en' ? 'Dimension' : '所属维度';
  return (
    <Space size="small" style={{ marginBottom: 4 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      {readOnly ? (
        <Typography.Text>{dimensionName(lang, value)}</Typography.Text>
      ) : (
        <Select<RiskDimension>
          size="small"
          style={{ minWidth: 140 }}
          aria-label={lang === 'en' ? `Dimension of ${criterion}` : `${criterion}的所属维度`}
          placeholder={dimensionName(lang, undefined)}
          value={value}
          options={RISK_DIMENSIONS.map((d) => ({ value: d, label: dimensionName(lang, d) }))}
          onChange={onChange}
        />
      )}
    </Space>
  );
}

import { Button, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Condition, LocalizedText, MeasureDef, TriggerCondition } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { enumLabel } from '../../../../i18n/schema-labels.ts';

type CondType = 'compare' | 'all' | 'any' | 'not' | 'always' | 'grade';

/** A grading or industry model a trigger condition may test the grade under (supervision items, issue 13 finding 6). */
export interface GradeSource {
  id: string;
  title: string;
  grades: { code: string; label: LocalizedText }[];
}

function typeOf(c: TriggerCondition): CondType {
  if ('always' in c) return 'always';
  if ('all' in c) return 'all';
  if ('any' in c) return 'any';
  if ('not' in c) return 'not';
  if ('grades' in c) return 'grade';
  return 'compare';
}

function blank(
  type: CondType,
  measures: readonly MeasureDef[],
  sources?: readonly GradeSource[],
): TriggerCondition {
  const first: Condition = { measure: measures[0]?.id ?? 'score', op: '>', value: 0 };
  if (type === 'grade') {
    const s = sources?.[0];
    return { document: s?.id ?? '', grades: s?.grades.slice(-1).map((g) => g.code) ?? [] };
  }
  if (type === 'always') return { always: true };
  if (type === 'all') return { all: [first] };
  if (type === 'any') return { any: [first] };
  if (type === 'not') return { not: first };
  return first;
}

function valueKind(m: MeasureDef | undefined): 'number' | 'boolean' | 'status' | 'text' {
  if (!m) return 'number';
  if (m.type === 'listMember' || m.type === 'status') return 'boolean';
  if (m.type === 'indicator') return 'text';
  return 'number';
}

export interface ConditionEditorProps<C extends TriggerCondition = Condition> {
  value: C;
  measures: readonly MeasureDef[];
  onChange: (c: C) => void;
  disabled?: boolean;
  depth?: number;
  /**
   * Trigger conditions (supervision items): the documents whose grade a condition may test; given, the
   * type list offers 「等级」 (the enterprise's grade under a named grading or industry model).
   */
  gradeSources?: readonly GradeSource[];
}

/**
 * Builds a condition as a tree of all / any / not / comparisons over the document's measures (and,
 * with `gradeSources`, grades under named documents).
 */
export function ConditionEditor<C extends TriggerCondition = Condition>(props: ConditionEditorProps<C>) {
  const { measures, disabled, depth = 0, gradeSources } = props;
  const value = props.value as TriggerCondition;
  const onChange = props.onChange as (c: TriggerCondition) => void;
  const t = useT();
  const { lang } = useLang();
  const type = typeOf(value);
  const typeSelect = (
    <Select<CondType>
      size="small"
      value={type}
      disabled={disabled}
      style={{ width: 120 }}
      aria-label={t('cond.type')}
      onChange={(nt) => onChange(blank(nt, measures, gradeSources))}
      options={[
        ...(gradeSources ? [{ value: 'grade' as const, label: t('cond.grade') }] : []),
        { value: 'compare', label: t('cond.compare') },
        { value: 'all', label: t('cond.allOf') },
        { value: 'any', label: t('cond.anyOf') },
        { value: 'not', label: t('cond.notOf') },
        { value: 'always', label: t('cond.always') },
      ]}
    />
  );
  if ('measure' in value) {
    const m = measures.find((x) => x.id === value.measure);
    const kind = valueKind(m);
    return (
      <Space wrap size={4}>
        {typeSelect}
        <Select
          size="small"
          value={value.measure}
          disabled={disabled}
          style={{ minWidth: 180 }}
          aria-label={t('cond.measure')}
          onChange={(measure) => onChange({ ...value, measure })}
          options={measures.map((x) => ({ value: x.id, label: x.label ? pickText(lang, x.label) : x.id }))}
        />
        <Select
          size="small"
          value={value.op}
          disabled={disabled}
          style={{ width: 70 }}
          aria-label={t('cond.op')}
          onChange={(op) => onChange({ ...value, op })}
          options={(['>', '>=', '<', '<=', '==', '!='] as const).map((op) => ({
            value: op,
            label: { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' }[op],
          }))}
        />
        {kind === 'number' && (
          <InputNumber
            size="small"
            value={typeof value.value === 'number' ? value.value : 0}
            disabled={disabled}
            aria-label={t('cond.value')}
            onChange={(v) => typeof v === 'number' && onChange({ ...value, value: v })}
          />
        )}
        {kind === 'boolean' && (
          <Select
            size="small"
            value={value.value === true ? 'true' : 'false'}
            disabled={disabled}
            style={{ width: 70 }}
            aria-label={t('cond.value')}
            onChange={(v) => onChange({ ...value, value: v === 'true' })}
            options={[
              { value: 'true', label: t('cond.true') },
              { value: 'false', label: t('cond.false') },
            ]}
          />
        )}
        {kind === 'text' && (
          <Input
            size="small"
            value={String(value.value)}
            disabled={disabled}
            style={{ width: 140 }}
            aria-label={t('cond.value')}
            title={typeof value.value === 'string' ? enumLabel(lang, value.value) : undefined}
            onChange={(e) => {
              const raw = e.target.value;
              const n = Number(raw);
              onChange({
                ...value,
                value:
                  raw !== '' && Number.isFinite(n)
                    ? n
                    : raw === 'true'
                      ? true
                      : raw === 'false'
                        ? false
                        : raw,
              });
            }}
          />
        )}
      </Space>
    );
  }
  if ('grades' in value) {
    const source = gradeSources?.find((x) => x.id === value.document);
    return (
      <Space wrap size={4}>
        {typeSelect}
        <Select
          size="small"
          value={value.document || undefined}
          disabled={disabled}
          style={{ minWidth: 200 }}
          aria-label={t('cond.gradeDocument')}
          placeholder={t('cond.gradeDocument')}
          onChange={(document) => onChange({ document, grades: [] })}
          options={[
            ...(gradeSources ?? []).map((x) => ({ value: x.id, label: x.title })),
            ...(source || !value.document ? [] : [{ value: value.document, label: value.document }]),
          ]}
        />
        <Select
          size="small"
          mode="multiple"
          value={value.grades}
          disabled={disabled}
          style={{ minWidth: 160 }}
          aria-label={t('cond.grades')}
          placeholder={t('cond.grades')}
          onChange={(grades: string[]) => onChange({ document: value.document, grades })}
          options={[
            ...(source?.grades ?? []).map((g) => ({
              value: g.code,
              label: /^[A-Z]$/.test(g.code) ? `${g.code} ${pickText(lang, g.label)}` : pickText(lang, g.label),
            })),
            ...value.grades
              .filter((g) => !source?.grades.some((x) => x.code === g))
              .map((g) => ({ value: g, label: g })),
          ]}
        />
      </Space>
    );
  }
  if ('always' in value) return typeSelect;
  if ('not' in value)
    return (
      <div>
        {typeSelect}
        <div
          style={{
            marginInlineStart: 16,
            marginTop: 4,
            paddingInlineStart: 8,
            borderInlineStart: '2px solid #d6e4f5',
          }}
        >
          <ConditionEditor<TriggerCondition>
            value={value.not}
            measures={measures}
            disabled={disabled}
            depth={depth + 1}
            gradeSources={gradeSources}
            onChange={(c) => onChange({ not: c })}
          />
        </div>
      </div>
    );
  const key = 'all' in value ? 'all' : 'any';
  const parts: TriggerCondition[] = 'all' in value ? value.all : 'any' in value ? value.any : [];
  const set = (next: TriggerCondition[]) => onChange(key === 'all' ? { all: next } : { any: next });
  return (
    <div>
      {typeSelect}
      <div
        style={{
          marginInlineStart: 16,
          marginTop: 4,
          paddingInlineStart: 8,
          borderInlineStart: '2px solid #d6e4f5',
        }}
      >
        {parts.map((p, i) => (
          <div key={i} style={{ display: 'flex', gap: 4, alignItems: 'flex-start', marginBottom: 4 }}>
            <div style={{ flex: 1 }}>
              <ConditionEditor<TriggerCondition>
                value={p}
                measures={measures}
                disabled={disabled}
                depth={depth + 1}
                gradeSources={gradeSources}
                onChange={(c) => set(parts.map((x, k) => (k === i ? c : x)))}
              />
            </div>
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              disabled={disabled || parts.length <= 1}
              onClick={() => set(parts.filter((_, k) => k !== i))}
            />
          </div>
        ))}
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          disabled={disabled}
          onClick={() => set([...parts, blank(gradeSources ? 'grade' : 'compare', measures, gradeSources)])}
        >
          {t('cond.addChild')}
        </Button>
      </div>
    </div>
  );
}

/** rjsf in Chinese: ajv messages via ajv-i18n, rjsf's own strings via translateString, friendly pattern errors. */
import { customizeValidator } from '@rjsf/validator-ajv8';
import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils';
import type { RJSFValidationError } from '@rjsf/utils';
import localizeZh from 'ajv-i18n/localize/zh';
import { KEY_TITLES, RECORD_KINDS } from '@policy/schemas';
import type { Lang } from '../../../i18n/index.tsx';
import { enumLabel, titleIn } from '../../../i18n/schema-labels.ts';
import type { JsonSchema } from '../../../lib/json-schemas.ts';

export const validatorZh = customizeValidator({}, localizeZh);
export const validatorEn = customizeValidator({});

const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '项',
  [TranslatableString.EmptyArray]: '暂无内容，可用下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '填写此可选项',
  [TranslatableString.OptionalObjectRemove]: '移除此可选项',
  [TranslatableString.OptionalObjectEmptyMsg]: '此可选项未填写',
  [TranslatableString.Type]: '类型',
  [TranslatableString.Value]: '值',
  [TranslatableString.ClearButton]: '清空',
  [TranslatableString.UnknownFieldType]: '未知的字段类型 %1',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.KeyLabel]: '%1 键',
  [TranslatableString.DeprecatedLabel]: '%1（已弃用）',
  [TranslatableString.UnsupportedField]: '不支持的字段结构。',
};

export function translateStringFor(lang: Lang) {
  if (lang === 'en') return englishStringTranslator;
  return (s: TranslatableString, params?: string[]) => {
    const zh = ZH[s];
    return zh ? replaceStringParameters(zh, params) : englishStringTranslator(s, params);
  };
}

/** Replaces ajv's regex-quoting pattern messages with ones a clerk understands. */
export function transformErrorsFor(lang: Lang) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      if (e.name === 'pattern') {
        const p = String(e.params?.pattern ?? '');
        const msg = p.includes('\\d{4}-')
          ? ['日期格式应为 YYYY-MM-DD', 'Dates are YYYY-MM-DD']
          : p.includes('a-z0-9')
            ? ['只能用小写字母、数字、点和连字符', 'Lower-case letters, digits, dots and dashes only']
            : p.includes('[A-T]')
              ? [
                  '应为门类字母加 0、2、3 或 4 位数字，如 C1391',
                  'A section letter and 0, 2, 3 or 4 digits, e.g. C1391',
                ]
              : null;
        if (msg) return { ...e, message: lang === 'en' ? msg[1] : msg[0] };
      }
      if (e.name === 'required') return { ...e, message: lang === 'en' ? 'Required' : '必填项' };
      return e;
    });
}

/** Chinese titles for properties the schemas leave untitled (`frequencyPerYear` reads 每年抽查次数): the validator's table. */
const PROPERTY_TITLES: Record<string, string> = { ...KEY_TITLES, kind: '类型' };

/**
 * Puts the schema in the UI language: Chinese titles (or their English form), English descriptions only in
 * English, and enum codes as labelled options.
 */
export function localizeSchema(schema: JsonSchema, lang: Lang): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'title' && typeof v === 'string') out.title = titleIn(lang, v);
      else if (k === 'description') {
        if (lang === 'en') out.description = v;
      } else if (k === 'enum' && Array.isArray(v) && v.every((x) => typeof x === 'string')) {
        out.oneOf = (v as string[]).map((x) => ({ const: x, title: enumLabel(lang, x) }));
      } else if (k === 'properties') {
        out[k] = Object.fromEntries(
          Object.entries(v as Record<string, Record<string, unknown>>).map(([p, s]) => {
            // discriminator literals (`type: "score"`) are fixed by the chosen option: show them read-only
            // and name them in the UI language (a single-option list) instead of the raw code `linear`
            const fixed =
              s && 'const' in s
                ? typeof s.const === 'string'
                  ? { readOnly: true, oneOf: [{ const: s.const, title: enumLabel(lang, s.const) }] }
                  : { readOnly: true }
                : {};
            const named =
              s && (!s.title || s.title === '百分比') && !s.$ref && PROPERTY_TITLES[p]
                ? { title: PROPERTY_TITLES[p] }
                : {};
            // record kinds (`kinds` of a record-count source or a measure) are free strings in the schema — an
            // unknown kind is only a warning — but a person picks them by name, never types `coercion`
            const kinds =
              p === 'kinds' && s?.type === 'array' && (s.items as Record<string, unknown> | undefined)?.type === 'string'
                ? { items: { type: 'string', oneOf: RECORD_KINDS.map((x) => ({ const: x, title: enumLabel(lang, x) })) }, uniqueItems: true }
                : {};
            return [p, walk({ ...s, ...named, ...fixed, ...kinds })];
          }),
        );
      } else if (k === 'definitions' || k === '$defs') {
        out[k] = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, walk(s)]),
        );
      } else out[k] = walk(v);
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}

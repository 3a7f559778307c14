/**
 * Live validation of a draft in the editor. Uses `validateDocument` of @policy/schemas (schema + semantic
 * checks) when the package exports it; until then the structural check of the kind's zod schema, with
 * messages in Chinese and English.
 */
import * as schemas from '@policy/schemas';
import { DOCUMENT_KINDS, documentSchemas } from '@policy/schemas';
import type { DocumentKind, Issue } from '@policy/schemas';
import { toPointer } from '../lib/json-pointer.ts';

type SharedValidate = (doc: unknown) => { issues: Issue[] };
const shared = (schemas as Record<string, unknown>).validateDocument as SharedValidate | undefined;

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  format?: string;
  pattern?: string;
  keys?: string[];
  values?: unknown[];
}

const TYPE_ZH: Record<string, string> = {
  string: '文本', number: '数字', boolean: '是/否', object: '对象', array: '数组', int: '整数', literal: '固定值',
};

function describe(issue: ZodIssueLike): [string, string] {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return ['缺少必填项', 'Required'];
      return [
        `类型错误：应为${TYPE_ZH[issue.expected ?? ''] ?? issue.expected}`,
        `Wrong type: expected ${issue.expected}`,
      ];
    case 'too_small': {
      const m = String(issue.minimum);
      if (issue.origin === 'array') return [`至少需要 ${m} 项`, `At least ${m} items`];
      if (issue.origin === 'string') return [m === '1' ? '不能为空' : `至少 ${m} 个字符`, m === '1' ? 'Must not be empty' : `At least ${m} characters`];
      return [issue.inclusive ? `不能小于 ${m}` : `必须大于 ${m}`, issue.inclusive ? `Must be at least ${m}` : `Must be above ${m}`];
    }
    case 'too_big': {
      const m = String(issue.maximum);
      if (issue.origin === 'array') return [`最多 ${m} 项`, `At most ${m} items`];
      if (issue.origin === 'string') return [`最多 ${m} 个字符`, `At most ${m} characters`];
      return [issue.inclusive ? `不能大于 ${m}` : `必须小于 ${m}`, issue.inclusive ? `Must be at most ${m}` : `Must be below ${m}`];
    }
    case 'invalid_format':
      if (issue.pattern?.includes('\\d{4}-')) return ['日期格式应为 YYYY-MM-DD', 'Dates are YYYY-MM-DD'];
      if (issue.pattern?.includes('a-z0-9')) return ['标识只能用小写字母、数字、点和连字符，且以字母或数字开头', 'Ids use lower-case letters, digits, dots and dashes'];
      if (issue.pattern?.includes('[A-T]')) return ['行业代码前缀应为门类字母加 0、2、3 或 4 位数字，如 C、C14、C1391', 'Industry prefixes are a section letter and 0, 2, 3 or 4 digits, e.g. C, C14, C1391'];
      return [`格式不正确（${issue.pattern ?? issue.format}）`, `Invalid format (${issue.pattern ?? issue.format})`];
    case 'unrecognized_keys':
      return [`不允许的属性：${(issue.keys ?? []).join('、')}`, `Unknown properties: ${(issue.keys ?? []).join(', ')}`];
    case 'invalid_value':
      return [
        `取值无效，可选值：${(issue.values ?? []).map((v) => JSON.stringify(v)).join('、')}`,
        `Invalid value; expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`,
      ];
    case 'invalid_union':
      return ['不符合任何一种允许的结构', 'Matches none of the allowed shapes'];
    default:
      return [issue.message, issue.message];
  }
}

/**
 * Validates a draft; returns its issues (errors and warnings), each with a JSON pointer.
 *
 * @example
 * validateDraft({ kind: 'sampling', ... }) // → [{ code: 'schema.invalid', path: '/content/rows/0/ratioPercent', … }]
 */
export function validateDraft(doc: unknown): Issue[] {
  if (shared) return shared(doc).issues;
  const kind = (doc as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    return [
      {
        code: 'document.unknown-kind',
        severity: 'error',
        path: '/kind',
        message: `未知的文档类型“${String(kind)}”，应为：${DOCUMENT_KINDS.join('、')}`,
        messageEn: `Unknown document kind “${String(kind)}”; expected one of ${DOCUMENT_KINDS.join(', ')}`,
      },
    ];
  }
  const result = documentSchemas[kind as DocumentKind].safeParse(doc, { reportInput: true });
  if (result.success) return [];
  return (result.error.issues as unknown as ZodIssueLike[]).map((issue) => {
    const [message, messageEn] = describe(issue);
    return { code: 'schema.invalid', severity: 'error', path: toPointer(issue.path.map((p) => String(p))), message, messageEn };
  });
}

/** True once @policy/schemas provides the shared validator (semantic checks included). */
export const usesSharedValidator = shared !== undefined;

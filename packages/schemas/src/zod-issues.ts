/**
 * Structural validation with zod, turned into issues a person can act on: each message names the
 * row as it is seen on screen (事项 SCJG-003, 档位「优」, 第 2 条例外规则) and the field by its
 * Chinese schema title, and says what is allowed ("「名称」不能为空", "「风险等级」只能是 低、中、高
 * 之一"). The JSON pointer stays in the issue's `path`, a secondary detail.
 */
import { z } from 'zod';
import type { Issue, IssueCode } from './issues.ts';
import { toPointer, valueAtPointer } from './json.ts';
import { fieldTitle, KEY_TITLES, optionLabel } from './labels.ts';
import { makeIssue } from './messages.ts';
import type { MessageParams } from './messages.ts';
import type { Phrase } from './phrasing.ts';
import { formatNumber } from './phrasing.ts';
import { placeOf } from './places.ts';
import type { PlaceNames } from './places.ts';
import { ID_RE } from './documents.ts';

type ZodIssue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Marks the messages zod would make up itself: those are replaced; a schema's own message is kept. */
const GENERATED = '\u0000generated';
const markGenerated: z.core.$ZodErrorMap = () => GENERATED;

interface FlatIssue {
  issue: ZodIssue;
  path: PropertyKey[];
}

/**
 * Flattens unions: when exactly one branch failed with the fewest issues, that branch is what the
 * author meant, so its issues are reported instead of a bare "matches no form".
 */
function flatten(issues: readonly ZodIssue[], prefix: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const sizes = issue.errors.map((e) => e.length);
      const min = Math.min(...sizes);
      if (sizes.filter((s) => s === min).length === 1) {
        out.push(...flatten(issue.errors[sizes.indexOf(min)]!, path));
        continue;
      }
    }
    out.push({ issue, path });
  }
  return out;
}

// ---------------------------------------------------------------- the schema along a path

const defOf = (s: AnySchema) => s._zod.def as unknown as Record<string, unknown> & { type: string };
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The title a schema (or a wrapper of it) carries in the registry. */
function titleOf(s: AnySchema | undefined): string | undefined {
  let cur = s;
  for (let k = 0; cur && k < 8; k++) {
    const meta = z.globalRegistry.get(cur) as { title?: string } | undefined;
    if (meta?.title) return meta.title;
    cur = inner(cur, undefined);
  }
  return undefined;
}

/** One wrapper (optional, default, lazy, pipe…) removed; undefined for a schema that wraps nothing. */
function inner(s: AnySchema, value: unknown): AnySchema | undefined {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return d.innerType as AnySchema;
  if (d.type === 'lazy') return (d.getter as () => AnySchema)();
  if (d.type === 'pipe') return d.in as AnySchema;
  if (d.type === 'union') return pickBranch(d.options as AnySchema[], d.discriminator as string | undefined, value);
  return undefined;
}

function pickBranch(options: AnySchema[], discriminator: string | undefined, value: unknown): AnySchema | undefined {
  const o = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  if (discriminator && o) {
    const hit = options.find((opt) => {
      const shape = defOf(opt).shape as Record<string, AnySchema> | undefined;
      const field = shape?.[discriminator];
      return field !== undefined && (field as z.ZodType).safeParse(o[discriminator]).success;
    });
    if (hit) return hit;
  }
  const parsed = options.find((opt) => (opt as z.ZodType).safeParse(value).success);
  if (parsed) return parsed;
  if (o) {
    // the branch with the most of the value's keys
    const score = (opt: AnySchema) => {
      const shape = defOf(opt).shape as Record<string, AnySchema> | undefined;
      return shape ? Object.keys(o).filter((k) => k in shape).length : -1;
    };
    return [...options].sort((a, b) => score(b) - score(a))[0];
  }
  return options.find((opt) => ['number', 'string', 'boolean'].includes(defOf(opt).type)) ?? options[0];
}

/** The schema below one object key or array index, or undefined. */
function child(s: AnySchema, value: unknown, key: PropertyKey): AnySchema | undefined {
  let cur: AnySchema | undefined = s;
  for (let k = 0; cur && k < 16; k++) {
    const d = defOf(cur);
    if (d.type === 'object') return (d.shape as Record<string, AnySchema>)[String(key)];
    if (d.type === 'array') return d.element as AnySchema;
    if (d.type === 'record') return d.valueType as AnySchema;
    if (d.type === 'tuple') return (d.items as AnySchema[])[Number(key)];
    cur = inner(cur, value);
  }
  return undefined;
}

/** The innermost schema of a place (wrappers, lazies and unions resolved against the value). */
function leaf(s: AnySchema | undefined, value: unknown): AnySchema | undefined {
  let cur = s;
  for (let k = 0; cur && k < 16; k++) {
    const next = inner(cur, value);
    if (!next) return cur;
    cur = next;
  }
  return cur;
}

interface Step {
  key: PropertyKey;
  schema: AnySchema | undefined;
  title: string | undefined;
}

/** The schema and title of each step along `path` (titles of untitled properties by their key). */
function stepsAlong(root: AnySchema, input: unknown, path: readonly PropertyKey[]): Step[] {
  const steps: Step[] = [];
  let cur: AnySchema | undefined = root;
  let value: unknown = input;
  for (const key of path) {
    const next: AnySchema | undefined = cur ? child(cur, value, key) : undefined;
    const own = titleOf(next);
    const byKey = typeof key === 'string' ? KEY_TITLES[key] : undefined;
    steps.push({ key, schema: next, title: own === '百分比' || own === '标识' ? (byKey ?? own) : (own ?? byKey) });
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
    cur = next;
  }
  return steps;
}

// ---------------------------------------------------------------- naming the field

/** Titles that only make sense with the field around them. */
const PART_TITLES = new Set(['中文', '英文', '含该值', '最小值', '最大值']);
const VALUE_TITLES = new Set(['数值', '值']);

/** The field of a path as people read it, e.g. 「风险等级」, 「等级名称（中文）」, 「下限」 (for a bound's value). */
function fieldName(steps: readonly Step[], from: number): Phrase | undefined {
  const own = steps.slice(from).filter((s) => typeof s.key === 'string' || s === steps.at(-1));
  const titled = own.filter((s) => s.title);
  const last = titled.at(-1);
  if (!last?.title) return undefined;
  const parent = titled.at(-2)?.title;
  if (parent && VALUE_TITLES.has(last.title)) return fieldTitle(parent);
  if (parent && PART_TITLES.has(last.title)) {
    const p = fieldTitle(parent);
    const c = fieldTitle(last.title);
    return { zh: `${p.zh}（${c.zh}）`, en: `${p.en} (${c.en})` };
  }
  return fieldTitle(last.title);
}

/** "事项 SCJG-003 的「风险等级」" / "“Risk level” of item SCJG-003", or the place or the field alone. */
function subject(place: Phrase | undefined, field: Phrase | undefined, index: number | undefined): Phrase {
  const f = field ? { zh: `「${field.zh}」`, en: `“${field.en}”` } : undefined;
  const nth = index !== undefined ? { zh: `第 ${index + 1} 项`, en: `entry ${index + 1}` } : undefined;
  const parts = [place, f, nth].filter((p): p is Phrase => p !== undefined);
  if (parts.length === 0) return { zh: '文档', en: 'The document' };
  return {
    zh: parts.map((p) => p.zh).reduce((a, b) => spaced(a, `的${b}`)),
    en: parts
      .map((p) => p.en)
      .reverse()
      .join(' of ')
      .replace(/^./, (ch) => ch.toUpperCase()),
  };
}

// ---------------------------------------------------------------- what is allowed

const TYPE_NAMES: Record<string, Phrase> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '“是”或“否”', en: 'yes or no' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '一组字段', en: 'a group of fields' },
  null: { zh: '空值', en: 'empty (null)' },
};

function shown(value: unknown): Phrase {
  if (value === null) return TYPE_NAMES.null!;
  if (Array.isArray(value)) return TYPE_NAMES.array!;
  if (typeof value === 'object') return TYPE_NAMES.object!;
  if (typeof value === 'string') {
    const s = value.length > 30 ? `${value.slice(0, 30)}…` : value;
    return { zh: `“${s}”`, en: `“${s}”` };
  }
  if (typeof value === 'number') return { zh: formatNumber(value), en: formatNumber(value) };
  if (typeof value === 'boolean') return { zh: value ? '是' : '否', en: value ? 'yes' : 'no' };
  return { zh: String(value), en: String(value) };
}

/** Patterns of the schemas, said as what they allow. */
const PATTERNS: { test: (source: string) => boolean; zh: string; en: string }[] = [
  {
    test: (s) => s === ID_RE.source,
    zh: '只能包含小写字母、数字、点和连字符，并以小写字母或数字开头',
    en: 'may hold only lower-case letters, digits, dots and dashes, starting with a letter or digit',
  },
  {
    test: (s) => s.includes('[A-T]'),
    zh: '应为门类字母加 0、2、3 或 4 位数字（如 C、C14、C1391）',
    en: 'must be a section letter followed by 0, 2, 3 or 4 digits (e.g. C, C14, C1391)',
  },
  { test: (s) => s === '^\\d{6}$', zh: '应为 6 位数字', en: 'must be 6 digits' },
  { test: (s) => s.includes('\\d{4}-'), zh: '应为 YYYY-MM-DD 格式的日期', en: 'must be a date written YYYY-MM-DD' },
];

const sourceOf = (pattern: unknown) => {
  const s = String(pattern ?? '');
  const m = /^\/(.*)\/[a-z]*$/s.exec(s);
  return m ? m[1]! : s;
};

/** What is wrong and what is allowed, in both languages, after the subject. */
function predicate(issue: ZodIssue, value: unknown, leafSchema: AnySchema | undefined, key: PropertyKey | undefined): Phrase | undefined {
  const now = value === undefined ? undefined : shown(value);
  const nowZh = now ? `（现在是 ${now.zh}）` : '';
  const nowEn = now ? ` (now ${now.en})` : '';
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return { zh: '必须填写', en: 'is required' };
      const want = TYPE_NAMES[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      return { zh: `应为${want.zh}${nowZh}`, en: `must be ${want.en}${nowEn}` };
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') {
        return n <= 1 ? { zh: '不能为空', en: 'must not be empty' } : { zh: `至少要有 ${n} 个字符`, en: `needs at least ${n} characters` };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { zh: `至少要有 ${n} 项，请添加`, en: `needs at least ${n} ${n === 1 ? 'entry' : 'entries'}; add one` };
      }
      return issue.inclusive
        ? { zh: `不能小于 ${formatNumber(n)}${nowZh}`, en: `must be at least ${formatNumber(n)}${nowEn}` }
        : { zh: `应大于 ${formatNumber(n)}${nowZh}`, en: `must be greater than ${formatNumber(n)}${nowEn}` };
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return { zh: `最多 ${n} 个字符`, en: `may hold at most ${n} characters` };
      if (issue.origin === 'array' || issue.origin === 'set') return { zh: `最多 ${n} 项`, en: `may hold at most ${n} entries` };
      return issue.inclusive
        ? { zh: `不能大于 ${formatNumber(n)}${nowZh}`, en: `must be at most ${formatNumber(n)}${nowEn}` }
        : { zh: `应小于 ${formatNumber(n)}${nowZh}`, en: `must be less than ${formatNumber(n)}${nowEn}` };
    }
    case 'invalid_value': {
      const labels = issue.values.map(optionLabel);
      if (value === undefined && labels.length > 1) {
        return { zh: `必须填写（可选 ${labels.map((l) => l.zh).join('、')}）`, en: `is required (one of ${labels.map((l) => l.en).join(', ')})` };
      }
      if (labels.length === 1) return { zh: `只能是 ${labels[0]!.zh}${nowZh}`, en: `must be ${labels[0]!.en}${nowEn}` };
      return {
        zh: `只能是 ${labels.map((l) => l.zh).join('、')} 之一${nowZh}`,
        en: `must be one of ${labels.map((l) => l.en).join(', ')}${nowEn}`,
      };
    }
    case 'invalid_format': {
      const src = issue.format === 'regex' ? sourceOf((issue as { pattern?: unknown }).pattern) : '';
      if (src === ID_RE.source && typeof key === 'string' && key !== 'id') {
        // a reference to another row or document: people pick it from a list, they do not type the id
        return {
          zh: `应为标识（只含小写字母、数字、点和连字符），请从列表中选择，不要填写名称${nowZh}`,
          en: `must be an id (lower-case letters, digits, dots and dashes); pick it from the list rather than typing a name${nowEn}`,
        };
      }
      const rule = PATTERNS.find((p) => p.test(src));
      if (rule) return { zh: `${rule.zh}${nowZh}`, en: `${rule.en}${nowEn}` };
      return { zh: `的格式不正确${nowZh}`, en: `is not written in the expected form${nowEn}` };
    }
    case 'not_multiple_of':
      return { zh: `应为 ${String(issue.divisor)} 的整数倍${nowZh}`, en: `must be a multiple of ${String(issue.divisor)}${nowEn}` };
    case 'unrecognized_keys': {
      const keys = issue.keys.join('、');
      return { zh: `中有无法识别的字段 ${keys}，请删除或检查拼写`, en: `has unknown field(s) ${issue.keys.join(', ')}; remove them or check the spelling` };
    }
    case 'invalid_key':
      return { zh: `中有不允许的键${nowZh}`, en: `has a key that is not allowed${nowEn}` };
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(optionLabel);
      if (disc) {
        const forms = leafSchema ? unionForms(leafSchema) : '';
        const list = forms
          ? { zh: `，只能是 ${forms} 之一`, en: `; it must be one of ${options.map((o) => o.en).join(', ')}` }
          : options.length
            ? { zh: `，只能是 ${options.map((o) => o.zh).join('、')} 之一`, en: `; it must be one of ${options.map((o) => o.en).join(', ')}` }
            : { zh: '', en: '' };
        if (key === disc) return { zh: `无效${nowZh}${list.zh}`, en: `is not valid${nowEn}${list.en}` };
        const name = fieldTitle(KEY_TITLES[disc] ?? disc);
        return { zh: `的「${name.zh}」无效${list.zh}`, en: `has an invalid “${name.en}”${list.en}` };
      }
      const kinds = leafSchema ? unionForms(leafSchema) : '';
      return { zh: `不符合任何一种允许的形式${kinds ? `（可以是 ${kinds}）` : ''}`, en: 'matches none of the allowed forms' };
    }
    default:
      return undefined;
  }
}

/** The first union met unwrapping a schema (without choosing a branch). */
function firstUnion(s: AnySchema | undefined): AnySchema | undefined {
  let cur = s;
  for (let k = 0; cur && k < 16; k++) {
    const d = defOf(cur);
    if (d.type === 'union') return cur;
    cur = WRAPPERS.has(d.type) ? (d.innerType as AnySchema) : d.type === 'lazy' ? (d.getter as () => AnySchema)() : d.type === 'pipe' ? (d.in as AnySchema) : undefined;
  }
  return undefined;
}

function unionForms(s: AnySchema): string {
  const d = defOf(s);
  if (d.type !== 'union') return '';
  return (d.options as AnySchema[]).map((o) => titleOf(o)).filter(Boolean).join('、');
}

/** Chinese text after a Latin code or number gets a space: 事项 SCJG-003 的…, not SCJG-003的…. */
export const spaced = (a: string, b: string): string => (/[A-Za-z0-9)]$/.test(a) && /^[^\s，。；：、）」]/.test(b) ? `${a} ${b}` : `${a}${b}`);

/** "不能为空" reads after the subject; "中有…" and "的…" attach without a space. */
const join = (subj: Phrase, pred: Phrase): Phrase => ({
  zh: spaced(subj.zh, pred.zh),
  en: `${subj.en} ${pred.en}`,
});

/** A message a schema wrote itself ("zh / en" for dates): the place is put in front. */
function ownMessage(message: string, place: Phrase | undefined): Phrase {
  const [zh, en] = message.includes(' / ') ? (message.split(' / ', 2) as [string, string]) : [message, message];
  if (!place) return { zh, en };
  return { zh: spaced(place.zh, `的${zh}`), en: `${place.en.replace(/^./, (c) => c.toUpperCase())}: ${en}` };
}

export interface HumanMessage {
  message: Phrase;
  /** The place and field, e.g. 事项 SCJG-003 的「风险等级」. */
  where: Phrase;
}

/**
 * A zod issue as a sentence naming the row and the field and saying what is allowed.
 *
 * @example
 * humanizeZodIssue(schema, doc, issue, ['content', 'items', 2, 'riskPoints', 0, 'level']).message.zh
 * // → '事项 SCJG-003 的第 1 个风险点的「风险等级」只能是 低、中、高 之一（现在是 “urgent”）'
 */
export function humanizeZodIssue(
  schema: AnySchema,
  input: unknown,
  issue: ZodIssue,
  path: readonly PropertyKey[],
  names?: PlaceNames,
): HumanMessage {
  const segs = path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
  const located = placeOf(input, segs, names);
  const steps = stepsAlong(schema, input, path);
  const from = located?.used ?? 0;
  const field = segs.length > from ? fieldName(steps, from) : undefined;
  // an array entry below the field (e.g. the 3rd industry prefix) keeps its number
  const lastKey = segs.at(-1);
  const index = typeof lastKey === 'number' && segs.length - 1 >= from && field ? lastKey : undefined;
  const where = subject(located?.place, field, index);
  if (issue.message !== GENERATED) return { message: ownMessage(issue.message, located?.place), where };
  const value = valueAtPointer(input, toPointer(segs));
  const disc = issue.code === 'invalid_union' ? (issue as { discriminator?: string }).discriminator : undefined;
  // a discriminator's issue sits at the discriminator key: its forms are those of the union one level up
  const owner = disc !== undefined && lastKey === disc ? steps.at(-2)?.schema : steps.at(-1)?.schema;
  const ownerValue = owner === steps.at(-1)?.schema ? value : valueAtPointer(input, toPointer(segs.slice(0, -1)));
  const pred = predicate(issue, value, issue.code === 'invalid_union' ? firstUnion(owner) : leaf(owner, ownerValue), lastKey);
  if (!pred) return { message: join(where, { zh: '不符合要求', en: 'is not valid' }), where };
  return { message: join(where, pred), where };
}

/** Picks a specific code for a structural issue (e.g. `uscc.invalid`), or keeps `schema.invalid`. */
export type StructuralRemap = (
  issue: ZodIssue,
  pointer: string,
  input: unknown,
) => { code: IssueCode; params: MessageParams } | undefined;

export interface ParseStructureOptions {
  /** Names the document cannot hold itself (grades of another document, domains, departments). */
  names?: PlaceNames;
}

/**
 * Parses `input` with `schema`; on failure returns the zod issues as `Issue`s (code `schema.invalid`
 * unless `remap` names a more specific one), each with a JSON pointer and a message in both languages
 * that names the row and the field (see {@link humanizeZodIssue}).
 */
export function parseStructure<S extends z.ZodType>(
  schema: S,
  input: unknown,
  remap?: StructuralRemap,
  options: ParseStructureOptions = {},
): { success: true; data: z.output<S> } | { success: false; issues: Issue[] } {
  const parsed = schema.safeParse(input, { error: markGenerated });
  if (parsed.success) return { success: true, data: parsed.data };
  const issues = flatten(parsed.error.issues).map(({ issue, path }): Issue => {
    const pointer = toPointer(path);
    const specific = remap?.(issue, pointer, input);
    if (specific) return makeIssue(specific.code, pointer, specific.params);
    const { message } = humanizeZodIssue(schema, input, issue, path, options.names);
    return makeIssue('schema.invalid', pointer, { detail: message.zh, detailEn: message.en });
  });
  return { success: false, issues };
}

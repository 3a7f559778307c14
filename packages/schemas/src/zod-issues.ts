/** Structural validation with zod, turned into issues with JSON pointers and Chinese + English messages. */
import { z } from 'zod';
import type { Issue, IssueCode } from './issues.ts';
import { toPointer } from './json.ts';
import { makeIssue } from './messages.ts';
import type { MessageParams } from './messages.ts';

type Lang = 'zh' | 'en';
type ZodIssue = z.core.$ZodIssue;

const locales = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

function errorMap(lang: Lang): z.core.$ZodErrorMap {
  return (iss) => {
    if (iss.code === 'invalid_type' && iss.input === undefined) {
      return lang === 'zh' ? '缺少必填字段' : 'required field is missing';
    }
    if (iss.code === 'invalid_union' && iss.errors.length === 0 && iss.discriminator) {
      const allowed = ((iss.options ?? []) as unknown[]).map((o) => JSON.stringify(o)).join(lang === 'zh' ? '、' : ', ');
      return lang === 'zh'
        ? `字段 ${iss.discriminator} 的取值无效${allowed ? `，应为 ${allowed} 之一` : ''}`
        : `invalid value of ${iss.discriminator}${allowed ? `; expected one of ${allowed}` : ''}`;
    }
    if (iss.code === 'invalid_union') return lang === 'zh' ? '不符合任何一种允许的形式' : 'matches none of the allowed forms';
    const r = locales[lang](iss);
    return typeof r === 'string' ? r : (r?.message ?? undefined);
  };
}

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

/** Picks a specific code for a structural issue (e.g. `uscc.invalid`), or keeps `schema.invalid`. */
export type StructuralRemap = (
  issue: ZodIssue,
  pointer: string,
  input: unknown,
) => { code: IssueCode; params: MessageParams } | undefined;

/**
 * Parses `input` with `schema`; on failure returns the zod issues as `Issue`s (code `schema.invalid`
 * unless `remap` names a more specific one), each with a JSON pointer and both messages.
 */
export function parseStructure<S extends z.ZodType>(
  schema: S,
  input: unknown,
  remap?: StructuralRemap,
): { success: true; data: z.output<S> } | { success: false; issues: Issue[] } {
  const zh = schema.safeParse(input, { error: errorMap('zh') });
  if (zh.success) return { success: true, data: zh.data };
  const en = schema.safeParse(input, { error: errorMap('en') });
  const zhFlat = flatten(zh.error.issues);
  const enFlat = en.success ? zhFlat : flatten(en.error.issues);
  const issues = zhFlat.map(({ issue, path }, i): Issue => {
    const pointer = toPointer(path);
    const specific = remap?.(issue, pointer, input);
    if (specific) return makeIssue(specific.code, pointer, specific.params);
    return makeIssue('schema.invalid', pointer, { detail: issue.message, detailEn: enFlat[i]?.issue.message ?? issue.message });
  });
  return { success: false, issues };
}

/**
 * Semantic diff of two versions of a policy document: what changed, said in policy language
 * ("C 类判定：一般失信记录数 > 5 → > 3", "A 类抽查比例 3% → 5%"), in Chinese and English, each
 * sentence located by a JSON pointer. Pure: reviewers read it beside the raw JSON diff.
 */
import type {
  DocumentKind,
  DomainAssignmentContent,
  EarlyWarningContent,
  GradingContent,
  IndustryModelContent,
  PolicyDocument,
  SamplingContent,
  SupervisionItemsContent,
} from './documents.ts';
import { escapePointerToken } from './pointer.ts';
import { staleAfterChange, staleQuoteIssue } from './stale-text.ts';
import { diffDomainAssignment } from './diff/domain-assignment.ts';
import { diffEarlyWarning } from './diff/early-warning.ts';
import { diffGrading } from './diff/grading.ts';
import { diffIndustryModel } from './diff/industry-model.ts';
import { diffSampling } from './diff/sampling.ts';
import type { DiffSentence } from './diff/sentences.ts';
import { Out, same } from './diff/sentences.ts';
import { diffSupervisionItems } from './diff/supervision-items.ts';

export type { DiffSentence } from './diff/sentences.ts';

/** What changed between two versions: sentences in policy language, in document order. */
export interface SemanticDiff {
  sentences: DiffSentence[];
}

/** One leaf-level change of the raw JSON diff. */
export interface RawChange {
  op: 'add' | 'remove' | 'replace';
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * What changed between two versions of a document, as sentences in policy language.
 *
 * @example
 * semanticDiff('sampling', v1, v2).sentences
 * // → [{ zh: 'A 类抽查比例 3% → 5%', en: 'class A sampling ratio 3% → 5%', path: '/content/rows/0/ratioPercent' }]
 */
export function semanticDiff(kind: DocumentKind, before: PolicyDocument, after: PolicyDocument): SemanticDiff {
  const out = new Out();
  if (before.title !== after.title) out.add('/title', `标题 ${before.title} → ${after.title}`, `title ${before.titleEn ?? before.title} → ${after.titleEn ?? after.title}`);
  if (before.owner !== after.owner) out.add('/owner', `所属部门 ${before.owner} → ${after.owner}`, `owner ${before.owner} → ${after.owner}`);
  if (before.effectiveFrom !== after.effectiveFrom)
    out.add('/effectiveFrom', `生效日期 ${before.effectiveFrom} → ${after.effectiveFrom}`, `effective from ${before.effectiveFrom} → ${after.effectiveFrom}`);
  if (before.kind !== after.kind || before.kind !== kind) {
    out.add('/kind', `文档类型 ${before.kind} → ${after.kind}`, `kind ${before.kind} → ${after.kind}`);
    return out;
  }
  switch (kind) {
    case 'grading':
      diffGrading(out, before.content as GradingContent, after.content as GradingContent);
      break;
    case 'industry-model':
      diffIndustryModel(out, before.content as IndustryModelContent, after.content as IndustryModelContent);
      break;
    case 'sampling':
      diffSampling(out, before.content as SamplingContent, after.content as SamplingContent);
      break;
    case 'domain-assignment':
      diffDomainAssignment(out, before.content as DomainAssignmentContent, after.content as DomainAssignmentContent);
      break;
    case 'supervision-items':
      diffSupervisionItems(out, before.content as SupervisionItemsContent, after.content as SupervisionItemsContent);
      break;
    case 'early-warning':
      diffEarlyWarning(out, before.content as EarlyWarningContent, after.content as EarlyWarningContent);
      break;
  }
  // labels, notes and ids still quoting a number this change replaced
  for (const stale of staleAfterChange(before, after)) {
    const i = staleQuoteIssue(stale);
    out.sentences.push({ zh: i.message, en: i.messageEn, path: i.path, warning: true });
  }
  if (out.sentences.length === 0 && !same(before.content, after.content))
    out.add('/content', '内容有其他修改（见 JSON 差异）', 'other content changes (see the JSON diff)');
  return out;
}

/**
 * Leaf-level JSON differences, objects by key and arrays by index, each with a JSON pointer.
 *
 * @example
 * rawDiff({ a: 1, b: [1] }, { a: 2, b: [1, 2] })
 * // → [{ op: 'replace', path: '/a', before: 1, after: 2 }, { op: 'add', path: '/b/1', after: 2 }]
 */
export function rawDiff(before: unknown, after: unknown, path = ''): RawChange[] {
  if (same(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const res: RawChange[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= before.length) res.push({ op: 'add', path: p, after: after[i] });
      else if (i >= after.length) res.push({ op: 'remove', path: p, before: before[i] });
      else res.push(...rawDiff(before[i], after[i], p));
    }
    return res;
  }
  if (isObj(before) && isObj(after)) {
    const res: RawChange[] = [];
    for (const k of Object.keys(before)) {
      const p = `${path}/${escapePointerToken(k)}`;
      if (!(k in after)) res.push({ op: 'remove', path: p, before: before[k] });
      else res.push(...rawDiff(before[k], after[k], p));
    }
    for (const k of Object.keys(after)) if (!(k in before)) res.push({ op: 'add', path: `${path}/${escapePointerToken(k)}`, after: after[k] });
    return res;
  }
  return [{ op: 'replace', path: path || '', before, after }];
}

/**
 * Issue 13 finding 6: trigger points (触发点) as structured conditions — the structure (optional,
 * documents without conditions unchanged), the seed's migrated trigger points, and the checks with
 * Chinese messages that name the item, the trigger point and the field.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, SupervisionItemsDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { semanticDiff } from './diff.ts';
import { seedDocument, seedDocuments } from './fixtures.ts';
import { jsonSchemaText } from './json-schema.ts';
import { validateBundle, validateDocument } from './validate.ts';

const seeds = () => seedDocuments().map((d) => policyDocument.parse(d));
const items = (all: PolicyDocument[]) => all.find((d) => d.id === 'supervision-items-market-regulation') as SupervisionItemsDocument;
const codes = (issues: { severity: string; code: string; path: string }[]) => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
const TRIGGER3 = '/content/items/0/triggers/2/condition';

describe('trigger conditions (issue 13 finding 6)', () => {
  it('the seed market-regulation list carries conditions: 信用风险分类为C、D类 as the food model\'s C or D', () => {
    const doc = items(seeds());
    const t = doc.content.items[0]!.triggers[2]!;
    expect(t.description).toBe('信用风险分类为C、D类');
    expect(t.condition).toEqual({ document: 'industry-model-food-safety', grades: ['C', 'D'] });
    expect(doc.content.measures!.map((m) => m.id)).toEqual(['food-sampling-pass-rate', 'food-complaints']);
  });

  it('the seed bundle is clean and lists without conditions (transport, housing) stay valid as they were', () => {
    const all = seeds();
    expect(validateBundle(all).filter((i) => i.severity === 'error')).toEqual([]);
    const transport = seedDocument('supervision-items-transport');
    const r = validateDocument(transport);
    expect(r.success).toBe(true);
    const parsed = r.success ? (r.data as SupervisionItemsDocument) : null;
    expect(parsed!.content.measures).toBeUndefined();
    expect(parsed!.content.items.every((it) => it.triggers.every((t) => t.condition === undefined))).toBe(true);
  });

  it('an unknown grade of the named document is refused at the grade, naming item, trigger point and grades', () => {
    const all = seeds();
    const doc = items(all);
    doc.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['C', 'E'] };
    const issues = validateBundle(all);
    expect(codes(issues)).toEqual([`error triggers.unknown-grade ${TRIGGER3}/grades/1`]);
    expect(issues[0]!.documentId).toBe('supervision-items-market-regulation');
    expect(issues[0]!.message).toBe('事项 SCJG-001（食品生产企业监督检查） 触发点 trigger-3 的触发条件中，等级 E 不是 industry-model-food-safety 的等级（已定义：A, B, C, D）');
    expect(issues[0]!.messageEn).toContain('item SCJG-001');
  });

  it('an unknown document (or one that grades nothing) is refused at the document field', () => {
    const all = seeds();
    const doc = items(all);
    doc.content.items[0]!.triggers[2]!.condition = { any: [{ document: 'public-credit-class', grades: ['D'] }, { not: { document: 'sampling', grades: ['C'] } }] };
    doc.content.items[1]!.triggers[0]!.condition = { document: 'food-model', grades: ['C'] };
    const issues = validateBundle(all);
    expect(codes(issues)).toEqual([
      `error triggers.unknown-document ${TRIGGER3}/any/1/not/document`,
      'error triggers.unknown-document /content/items/1/triggers/0/condition/document',
    ]);
    expect(issues[1]!.message).toBe('事项 SCJG-002（食品销售者监督检查） 触发点 trigger-1 的触发条件引用的评价规则或行业评价模型文档 food-model 不存在');
  });

  it('a grading\'s unrated grade may be named', () => {
    const all = seeds();
    items(all).content.items[0]!.triggers[2]!.condition = { document: 'public-credit-score', grades: ['poor', 'unrated'] };
    expect(validateBundle(all)).toEqual([]);
  });

  it('measures: unknown, compared with a value of the wrong type, counted by severity — in the document itself', () => {
    const doc = items(seeds());
    doc.content.measures!.push({ id: 'on-list', type: 'listMember', list: 'serious-dishonesty' }, { id: 'serious', type: 'recordCount', severity: 'serious' });
    doc.content.items[0]!.triggers[0]!.condition = { all: [{ measure: 'pass-rate', op: '<', value: 100 }, { measure: 'on-list', op: '==', value: 1 }] };
    const r = validateDocument(doc);
    expect(r.success).toBe(false);
    expect(codes(r.issues)).toEqual([
      'error triggers.measure-severity /content/measures/3/severity',
      'error triggers.unknown-measure /content/items/0/triggers/0/condition/all/0/measure',
      'error triggers.type-mismatch /content/items/0/triggers/0/condition/all/1/value',
    ]);
    expect(r.issues[1]!.message).toBe('事项 SCJG-001（食品生产企业监督检查） 触发点 trigger-1 的触发条件引用了未定义的度量 pass-rate（触发条件度量中已定义：food-sampling-pass-rate, food-complaints, on-list, serious）');
    expect(r.issues[2]!.message).toContain('事项 SCJG-001（食品生产企业监督检查） 触发点 trigger-1 的触发条件中度量 on-list 的类型不匹配');
  });

  it('a condition that is not one of the forms is a structural error', () => {
    const doc = seedDocument('supervision-items-market-regulation') as { content: { items: { triggers: { condition?: unknown }[] }[] } };
    doc.content.items[0]!.triggers[0]!.condition = { grade: 'C' };
    expect(validateDocument(doc).success).toBe(false);
  });

  it('the JSON Schema offers the condition with its Chinese titles', () => {
    const text = jsonSchemaText('supervision-items');
    expect(text).toContain('"触发条件"');
    expect(text).toContain('"等级条件"');
    expect(text).toContain('"触发条件度量"');
  });

  it('the semantic diff says when a trigger point gains or changes its condition', () => {
    const before = items(seeds());
    const after = structuredClone(before);
    after.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['D'] };
    const zh = semanticDiff('supervision-items', before, after).sentences.map((c) => c.zh);
    expect(zh).toEqual(['事项 SCJG-001 食品生产企业监督检查 触发点 trigger-3 的触发条件：industry-model-food-safety 等级为 C、D 之一 → industry-model-food-safety 等级为 D']);
  });
});

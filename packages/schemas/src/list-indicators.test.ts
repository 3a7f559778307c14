/**
 * Issue 13 finding 2: an industry-model indicator reading the enterprise's own list membership
 * (`source: { from: 'listMember', list }`) — the schema's Chinese titles and its closed set of lists,
 * the checks (yes / no scoring only; a listing scoring more than no listing is warned), and the
 * semantic diff naming the old and the new source in words.
 */
import { describe, expect, it } from 'vitest';
import type { IndustryModelDocument, PolicyDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { semanticDiff } from './diff.ts';
import { seedDocument } from './fixtures.ts';
import { jsonSchemaText } from './json-schema.ts';
import { validateDocument } from './validate.ts';

const general = () => policyDocument.parse(seedDocument('general-risk-class')) as IndustryModelDocument;
const listIndicator = (d: IndustryModelDocument) => d.content.indicators.findIndex((x) => x.id === 'abnormal-operation-listed');

describe('list memberships as industry-model indicators', () => {
  it('the general classification reads the 经营异常名录 and 严重失信主体名单 listings in its 监管信息 dimension and is clean', () => {
    const g = general();
    const sources = g.content.indicators.filter((x) => x.source.from === 'listMember').map((x) => x.source);
    expect(sources).toEqual([
      { from: 'listMember', list: 'abnormal-operation' },
      { from: 'listMember', list: 'serious-dishonesty' },
    ]);
    const supervision = g.content.criteria.find((c) => c.dimension === 'supervision')!;
    expect(supervision.indicators).toEqual(expect.arrayContaining(['abnormal-operation-listed', 'serious-dishonesty-listed']));
    expect(validateDocument(g).issues).toEqual([]);
  });

  it('the JSON Schema offers the source with a Chinese title and only the known lists', () => {
    const schema = jsonSchemaText('industry-model');
    expect(schema).toContain('"const": "listMember"');
    expect(schema).toMatch(/"title": "名单状态"/);
    const bad = general();
    (bad.content.indicators[listIndicator(bad)]!.source as { list: string }).list = 'no-such-list';
    const r = validateDocument(bad);
    expect(r.success).toBe(false);
    expect(r.issues.some((i) => i.severity === 'error' && i.path.startsWith(`/content/indicators/${listIndicator(bad)}/source`))).toBe(true);
  });

  it('a listing can only be scored yes / no, and scoring it above no listing is warned, both in Chinese at the place', () => {
    const linear = general();
    const k = listIndicator(linear);
    linear.content.indicators[k]!.scoring = { type: 'linear', worst: 1, best: 0 };
    const r = validateDocument(linear);
    expect(r.success).toBe(false);
    expect(r.issues.map((i) => [i.severity, i.code, i.path, i.message])).toContainEqual([
      'error',
      'indicators.list-scoring',
      `/content/indicators/${k}/scoring`,
      '指标 abnormal-operation-listed 的数据来源是名单状态（是否列入经营异常名录），只能按“是否得分”计分',
    ]);
    const rewarded = general();
    rewarded.content.indicators[k]!.scoring = { type: 'boolean', whenTrue: 100, whenFalse: 40 };
    const w = validateDocument(rewarded);
    expect(w.success).toBe(true);
    expect(w.issues.map((i) => [i.severity, i.code, i.path, i.message])).toEqual([
      ['warning', 'indicators.list-rewarded', `/content/indicators/${k}/scoring/whenTrue`, '指标 abnormal-operation-listed：列入经营异常名录得 100 分，高于未列入的 40 分，风险高的企业得分反而更高'],
    ]);
  });

  it('the semantic diff says which source an indicator now reads', () => {
    const before = general();
    const after = structuredClone(before) as PolicyDocument as IndustryModelDocument;
    const k = after.content.indicators.findIndex((x) => x.id === 'related-abnormal-operation');
    after.content.indicators[k]!.source = { from: 'listMember', list: 'abnormal-operation' };
    after.content.indicators[k]!.scoring = { type: 'boolean', whenTrue: 40, whenFalse: 100 };
    const zh = semanticDiff('industry-model', before, after).sentences.map((s) => s.zh);
    expect(zh).toContain('指标 关联企业中列入经营异常名录的户数 数据来源 行业指标 general.relatedAbnormalOperation → 是否列入经营异常名录');
    const added = structuredClone(before) as IndustryModelDocument;
    added.content.indicators.push({ id: 'joint', label: { zh: '列入失信联合奖惩对象名单' }, source: { from: 'listMember', list: 'joint-punishment' }, scoring: { type: 'boolean', whenTrue: 0, whenFalse: 100 }, missingPoints: 100 });
    expect(semanticDiff('industry-model', before, added).sentences.map((s) => s.zh)).toContain('新增指标 列入失信联合奖惩对象名单（joint，是否列入失信联合奖惩对象名单）：是 0 分 / 否 100 分');
  });
});

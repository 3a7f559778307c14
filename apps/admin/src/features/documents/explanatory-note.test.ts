import { describe, expect, it } from 'vitest';
import { semanticDiff, validateDocument } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import scoreV1 from '../../../../../policies/public-credit-score/v1.json';
import { draftExplanatoryNote, MAX_CHANGES, reasonMissing, rephrase } from './explanatory-note.ts';
import type { NoteInput } from './explanatory-note.ts';

function parsed(doc: unknown): PolicyDocument {
  const r = validateDocument(doc);
  if (!r.success) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

/** public-credit-score v1 with 优's lower bound (and 良's upper bound) moved from 85 to 80: the semantic diff. */
function lowered() {
  const before = parsed(scoreV1);
  const after = structuredClone(before) as PolicyDocument & {
    content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } };
  };
  after.content.decision.bands[0]!.min!.value = 80;
  after.content.decision.bands[1]!.max!.value = 80;
  return semanticDiff('grading', before, after).sentences;
}

const DEPARTMENTS: Record<string, string> = { 'market-regulation': '市场监管局', tax: '税务局', transport: '交通运输局' };

function input(over: Partial<NoteInput> = {}): NoteInput {
  return {
    lang: 'zh',
    title: '公共信用综合评价',
    versionNumber: 2,
    baseVersionNumber: 1,
    effectiveFrom: '2027-01-01',
    sentences: lowered(),
    impact: {
      datasetName: '全市样本（5 万户）',
      n: 50_000,
      at: '2026-11-26',
      document: {
        grades: ['excellent', 'good', 'fair'],
        gradeLabels: [{ zh: '优', en: 'Excellent' }, { zh: '良', en: 'Good' }, { zh: '中', en: 'Fair' }],
        distribution: [
          { grade: 'excellent', before: 1_000, after: 1_250, delta: 250 },
          { grade: 'good', before: 3_000, after: 2_750, delta: -250 },
          { grade: 'fair', before: 500, after: 500, delta: 0 },
        ],
        moved: 250,
      },
      workload: {
        departments: [
          { department: 'market-regulation', before: 8_556.5, after: 8_100.2 },
          { department: 'tax', before: 50_000, after: 50_000 },
          { department: 'transport', before: 120.4, after: 130.6 },
        ],
        total: { before: 50_000, after: 50_000 },
      },
    },
    sources: ['《企业信用风险分类管理办法》第十条'],
    departmentName: (id) => DEPARTMENTS[id] ?? id,
    ...over,
  };
}

describe('draftExplanatoryNote', () => {
  it("states a threshold change in policy language with the grade's Chinese label, never an internal id", () => {
    const note = draftExplanatoryNote(input());
    expect(note).toContain('1. 优 区间下限由“高于 85”改为“高于 80”。');
    expect(note).toContain('2. 良 区间上限由“不高于 85”改为“不高于 80”。');
    // the diff's warnings (stale texts quoting band ids) are for the reviewer, not changes
    expect(note).not.toMatch(/excellent|good-above|market-regulation|\btax\b/);
    expect(note.startsWith('关于《公共信用综合评价》第 2 版的起草说明\n\n一、修改内容\n与现行第 1 版相比，本版作了以下修改：')).toBe(true);
    expect(note).toContain('本版自 2027-01-01 起生效。');
  });

  it('states the expected effect from the impact report: grades by label, enterprises moved, inspections per department in whole 户次', () => {
    const note = draftExplanatoryNote(input());
    expect(note).toContain('以数据集“全市样本（5 万户）”（50,000 户市场主体）按 2026-11-26 测算：');
    expect(note).toContain('1. 等级分布：优 由 1,000 户增至 1,250 户（+250）；良 由 3,000 户减至 2,750 户（−250）；其余等级户数不变。');
    expect(note).toContain('2. 等级发生变化的市场主体共 250 户。');
    // 8,556.5 → 8,557 and 8,100.2 → 8,100 (rounded as the report's table): −457; the sum is the departments' rows
    expect(note).toContain(
      '3. 各部门预计每年检查合计由 58,677 户次减至 58,231 户次（−446）；其中市场监管局 由 8,557 户次减至 8,100 户次（−457），交通运输局 由 120 户次增至 131 户次（+11）；其余部门不变。',
    );
  });

  it('lists the legal basis and leaves 起草理由 empty for the author', () => {
    const note = draftExplanatoryNote(input());
    expect(note).toContain('三、依据\n1. 《企业信用风险分类管理办法》第十条');
    expect(note.endsWith('四、起草理由\n')).toBe(true);
    expect(reasonMissing(note)).toBe(true);
    expect(reasonMissing(`${note}为落实年度监管计划，调整优的门槛。`)).toBe(false);
    expect(draftExplanatoryNote(input({ sources: [] }))).toContain('三、依据\n（文档未列政策依据，请补充。）');
  });

  it('says so when there is no base, no change, no impact yet, and counts what it does not list', () => {
    expect(draftExplanatoryNote(input({ baseVersionNumber: null, sentences: [] }))).toContain('本文档为新制定，尚无已发布的版本。');
    expect(draftExplanatoryNote(input({ sentences: [] }))).toContain('与第 1 版相比，内容未作修改。');
    expect(draftExplanatoryNote(input({ impact: null }))).toContain('尚未测算影响');
    const many = Array.from({ length: MAX_CHANGES + 5 }, (_, i) => ({ zh: `新增事项 第 ${i + 1} 项`, en: `item ${i + 1} added` }));
    const note = draftExplanatoryNote(input({ sentences: many }));
    expect(note).toContain(`${MAX_CHANGES}. 新增事项 第 ${MAX_CHANGES} 项。`);
    expect(note).not.toContain(`${MAX_CHANGES + 1}. 新增事项`);
    expect(note).toContain('另有 5 处修改');
  });

  it('drafts in English in English mode', () => {
    const note = draftExplanatoryNote(input({ lang: 'en', title: 'Public credit score' }));
    expect(note).toContain('Explanatory note on "Public credit score", version 2');
    expect(note).toContain('Grades: Excellent 1,000 → 1,250 enterprises (+250); Good 3,000 → 2,750 enterprises (−250); other grades unchanged.');
    expect(note).toMatch(/4\. Reasons for the change\n$/);
  });
});

describe('rephrase', () => {
  it('turns "subject old → new" into 由…改为…, comparators in words; other sentences unchanged', () => {
    expect(rephrase('等级阈值 A 类 区间下限 ≥ 60 → ≥ 70')).toBe('等级阈值 A 类 区间下限由“不低于 60”改为“不低于 70”');
    expect(rephrase('标题 公共信用分类 → 公共信用分类（修订）')).toBe('标题由“公共信用分类”改为“公共信用分类（修订）”');
    expect(rephrase('新增度量 行政处罚次数')).toBe('新增度量 行政处罚次数');
    expect(rephrase('→ 80')).toBe('→ 80');
  });
});

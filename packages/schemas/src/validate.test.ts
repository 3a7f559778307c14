import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './documents.ts';
import {
  bundleFixture,
  domainAssignmentFixture,
  enterpriseFixture,
  gradingFixture,
  industryModelFixture,
  samplingFixture,
  scoreGradingFixture,
  supervisionItemsFixture,
} from './fixtures.ts';
import { validateBundle, validateDocument, validateEnterprise } from './validate.ts';

/** code, pointer and severity of each issue: what the checks promise. */
const found = (input: unknown) =>
  validateDocument(input).issues.map((i) => `${i.severity === 'warning' ? 'warning ' : ''}${i.code} ${i.path}`);

const parsed = (input: unknown): PolicyDocument => {
  const r = validateDocument(input);
  if (!r.success) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.data;
};

describe('valid documents', () => {
  it.each(bundleFixture().map((d) => [d.id, d] as const))('%s has no issues', (_id, doc) => {
    expect(validateDocument(doc)).toMatchObject({ success: true, issues: [] });
  });
  it('the bundle of all fixtures has no issues', () => {
    expect(validateBundle(bundleFixture().map(parsed))).toEqual([]);
  });
});

describe('structure', () => {
  it('rejects an unknown kind at /kind', () => {
    const doc = { ...gradingFixture(), kind: 'gradings' };
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "document.unknown-kind",
          "message": "未知的文档类型 "gradings"，应为 grading、industry-model、sampling、domain-assignment 或 supervision-items 之一",
          "messageEn": "Unknown document kind "gradings"; expected one of grading, industry-model, sampling, domain-assignment, supervision-items",
          "path": "/kind",
          "severity": "error",
        },
      ]
    `);
  });

  it('reports zod issues with JSON pointers and both languages', () => {
    const doc = gradingFixture() as any;
    doc.version = 0;
    delete doc.title;
    doc.content.grades[1].extra = 1;
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "schema.invalid",
          "message": "「版本号」不能小于 1（现在是 0）",
          "messageEn": "“Version” must be at least 1 (now 0)",
          "path": "/version",
          "severity": "error",
        },
        {
          "code": "schema.invalid",
          "message": "「标题」必须填写",
          "messageEn": "“Title” is required",
          "path": "/title",
          "severity": "error",
        },
        {
          "code": "schema.invalid",
          "message": "等级「一般失信」中有无法识别的字段 extra，请删除或检查拼写",
          "messageEn": "Grade “一般失信” has unknown field(s) extra; remove them or check the spelling",
          "path": "/content/grades/1",
          "severity": "error",
        },
      ]
    `);
  });

  it('points into the branch of a condition the author meant', () => {
    const doc = gradingFixture() as any;
    doc.content.decision.rules[0].when = { measure: 'revoked', op: '=', value: true };
    expect(found(doc)).toEqual(['schema.invalid /content/decision/rules/0/when/op']);
  });

  it('escapes keys per RFC 6901 in pointers', () => {
    const doc = gradingFixture() as any;
    doc.content.severities['penalty/odd~kind'] = 'serious';
    expect(found(doc)).toEqual(['warning kinds.unknown /content/severities/penalty~1odd~0kind']);
  });

  it('rejects a non-object document', () => {
    expect(found([])).toEqual(['schema.invalid ']);
  });
});

describe('grading', () => {
  it('grades.duplicate', () => {
    const doc = gradingFixture();
    doc.content.grades.push({ code: 'B', label: { zh: '重复' } });
    expect(found(doc)).toEqual(['grades.duplicate /content/grades/4/code']);
  });

  it('grades.unknown in rules, overrides, unratedGrade, bands and missingGrade', () => {
    const doc = gradingFixture();
    doc.content.unratedGrade = 'N';
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[2]!.grade = 'X';
    doc.content.overrides = [{ id: 'o', grade: 'Y', when: { measure: 'revoked', op: '==', value: true } }];
    expect(found(doc)).toEqual([
      'grades.unknown /content/unratedGrade',
      'grades.unknown /content/decision/rules/2/grade',
      'grades.unknown /content/overrides/0/grade',
      // B was given only by the rule now giving X
      'warning grades.unreachable /content/grades/1/code',
    ]);
    const score = scoreGradingFixture();
    if (score.content.decision.type !== 'bands') throw new Error();
    score.content.decision.bands[1]!.grade = 'great';
    score.content.decision.missingGrade = 'none';
    expect(found(score)).toEqual(['grades.unknown /content/decision/bands/1/grade', 'grades.unknown /content/decision/missingGrade', 'warning grades.unreachable /content/grades/1/code']);
  });

  it('grades.unknown names the defined grades', () => {
    const doc = gradingFixture();
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[0]!.grade = 'E';
    expect(validateDocument(doc).issues[0]!.message).toBe('等级 E 未在等级设置中定义（已定义：A, B, C, D）');
  });

  it('measures.duplicate and measures.unknown (in nested conditions and in bands)', () => {
    const doc = gradingFixture();
    doc.content.measures.push({ id: 'revoked', type: 'score' });
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[1]!.when = { any: [{ measure: 'general-count', op: '>', value: 5 }, { not: { measure: 'serious-cnt', op: '>=', value: 1 } }] };
    expect(found(doc)).toEqual(['measures.duplicate /content/measures/4/id', 'measures.unknown /content/decision/rules/1/when/any/1/not/measure']);
    const score = scoreGradingFixture();
    if (score.content.decision.type !== 'bands') throw new Error();
    score.content.decision.measure = 'points';
    expect(found(score)).toEqual(['measures.unknown /content/decision/measure']);
  });

  it('measures.type-mismatch: boolean measure vs number, number measure vs boolean, ordering a boolean, banding a boolean', () => {
    const doc = gradingFixture();
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[0]!.when = { measure: 'revoked', op: '==', value: 1 };
    doc.content.decision.rules[2]!.when = { measure: 'general-count', op: '>=', value: true };
    doc.content.overrides = [{ id: 'o', grade: 'D', when: { measure: 'on-serious-list', op: '>', value: true } }];
    expect(found(doc)).toEqual([
      'measures.type-mismatch /content/decision/rules/0/when/value',
      'measures.type-mismatch /content/decision/rules/2/when/value',
      'measures.type-mismatch /content/overrides/0/when/op',
    ]);
    const score = scoreGradingFixture();
    if (score.content.decision.type !== 'bands') throw new Error();
    score.content.decision.measure = 'joint-punishment';
    expect(found(score)).toEqual(['measures.type-mismatch /content/decision/measure']);
  });

  it('kinds.unknown is a warning, in severities and in measure kinds', () => {
    const doc = gradingFixture();
    doc.content.severities['penalty.fines'] = 'general';
    doc.content.measures.push({ id: 'fines', type: 'recordCount', kinds: ['penalty.fine', 'tax-arrear'] });
    const r = validateDocument(doc);
    expect(r.success).toBe(true);
    expect(found(doc)).toEqual(['warning kinds.unknown /content/severities/penalty.fines', 'warning kinds.unknown /content/measures/4/kinds/1']);
  });

  it('rules.no-catch-all points at the last rule', () => {
    const doc = gradingFixture();
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[3]!.when = { measure: 'general-count', op: '==', value: 0 };
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "rules.no-catch-all",
          "message": "规则表的最后一条规则 a-clean 不是兜底规则 {"always": true}，部分市场主体将得不到等级",
          "messageEn": "The last rule a-clean is not a catch-all {"always": true}; some enterprises would get no grade",
          "path": "/content/decision/rules/3",
          "severity": "error",
        },
      ]
    `);
  });

  it('rules.unreachable after a catch-all', () => {
    const doc = gradingFixture();
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules.push({ id: 'late', grade: 'B', when: { measure: 'general-count', op: '>=', value: 1 } });
    expect(found(doc)).toEqual(['rules.unreachable /content/decision/rules/4']);
  });

  it('rules.duplicate-id across rules, bands and overrides', () => {
    const doc = gradingFixture();
    doc.content.overrides = [{ id: 'b-general', grade: 'D', when: { measure: 'revoked', op: '==', value: true } }];
    expect(found(doc)).toEqual(['rules.duplicate-id /content/overrides/0/id']);
    const score = scoreGradingFixture();
    if (score.content.decision.type !== 'bands') throw new Error();
    score.content.decision.bands[2]!.id = 'good';
    score.content.decision.missingRuleId = 'excellent';
    expect(found(score)).toEqual(['rules.duplicate-id /content/decision/bands/2/id', 'rules.duplicate-id /content/decision/missingRuleId']);
  });

  it('overrides.improves unless mayImprove', () => {
    const doc = scoreGradingFixture();
    doc.content.overrides!.push({ id: 'listed-good', grade: 'good', when: { measure: 'joint-punishment', op: '==', value: false } });
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "overrides.improves",
          "message": "第 2 条强制调整把等级设为「良」，优于判定可能给出的「差」；强制调整默认只能降低等级，确需提升请勾选“允许提升等级”",
          "messageEn": "Override 2 sets the grade “良”, better than “差” which the decision can give; overrides may only worsen a grade unless “May improve the grade” is ticked",
          "path": "/content/overrides/1/grade",
          "severity": "error",
        },
      ]
    `);
    doc.content.overrides![1]!.mayImprove = true;
    expect(found(doc)).toEqual([]);
  });

  it('an override to the worst grade is fine', () => {
    const doc = gradingFixture();
    doc.content.overrides = [{ id: 'listed-d', grade: 'D', when: { measure: 'on-serious-list', op: '==', value: true } }];
    expect(found(doc)).toEqual([]);
  });
});

describe('bands', () => {
  const withBands = (mutate: (bands: any[]) => void) => {
    const doc = scoreGradingFixture() as any;
    mutate(doc.content.decision.bands);
    return doc;
  };

  it('bands.gap between two bands, with the gap in the message', () => {
    const doc = withBands((b) => {
      b[1].max = { value: 80, inclusive: true };
    });
    expect(found(doc)).toEqual(['bands.gap /content/decision/bands/0/min']);
    expect(validateDocument(doc).issues[0]!.message).toBe('分数区间有空缺：(80, 85] 不属于任何档位，请调整相邻档位的边界使其衔接');
  });

  it('bands.gap of a single point where both sides exclude it', () => {
    const doc = withBands((b) => {
      b[2].max = { value: 70, inclusive: false };
    });
    expect(found(doc)).toEqual(['bands.gap /content/decision/bands/1/min']);
    expect(validateDocument(doc).issues[0]!.messageEn).toBe('Gap between bands: 70 falls in no band; move the bounds of the neighbouring bands so that they meet');
  });

  it('bands.gap at the start and at the end of the range', () => {
    const doc = withBands((b) => {
      b[3].min = { value: 10, inclusive: true };
      b[0].max = { value: 95, inclusive: true };
    });
    expect(found(doc)).toEqual(['bands.gap /content/decision/bands/3/min', 'bands.gap /content/decision/bands/0/max']);
  });

  it('bands.overlap where both sides include the meeting point, and a wider overlap', () => {
    const doc = withBands((b) => {
      b[1].min = { value: 70, inclusive: true };
    });
    expect(validateDocument(doc).issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['bands.overlap', '/content/decision/bands/1/min', '档位「良」与档位「中」重叠：70 同时属于两个档位，请调整其中一个档位的边界'],
    ]);
    const wide = withBands((b) => {
      b[2].max = { value: 75, inclusive: true };
    });
    expect(validateDocument(wide).issues.map((i) => [i.code, i.path, i.messageEn])).toEqual([
      ['bands.overlap', '/content/decision/bands/1/min', 'Band “良” overlaps band “中”: (70, 75] falls in both; move a bound of one of them'],
    ]);
  });

  it('bands.empty for min > max and for a point with an exclusive side', () => {
    const doc = withBands((b) => {
      b.push({ id: 'odd', grade: 'fair', min: { value: 60, inclusive: true }, max: { value: 60, inclusive: false } });
      b.push({ id: 'odder', grade: 'fair', min: { value: 65, inclusive: true }, max: { value: 55, inclusive: true } });
    });
    expect(found(doc)).toEqual(['bands.empty /content/decision/bands/4', 'bands.empty /content/decision/bands/5']);
  });

  it('bands.out-of-range for bounds outside the range', () => {
    const doc = withBands((b) => {
      b[0].max = { value: 120, inclusive: true };
      b[3].min = { value: -5, inclusive: true };
    });
    expect(found(doc)).toEqual(['bands.out-of-range /content/decision/bands/0/max', 'bands.out-of-range /content/decision/bands/3/min']);
  });

  it('bands.unclear-bound when a band excludes the range end, without a second gap issue', () => {
    const doc = withBands((b) => {
      b[0].max = { value: 100, inclusive: false };
    });
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "bands.unclear-bound",
          "message": "档位「优」不含取值范围的端点 100，得分正好为 100 时不属于任何档位；如应包含，请把这一边界设为“含该值”",
          "messageEn": "Band “优” excludes the range end 100, so a value of exactly 100 falls in no band; make that bound inclusive if it belongs to the band",
          "path": "/content/decision/bands/0/max/inclusive",
          "severity": "error",
        },
      ]
    `);
    const start = withBands((b) => {
      b[3].min = { value: 0, inclusive: false };
    });
    expect(found(start)).toEqual(['bands.unclear-bound /content/decision/bands/3/min/inclusive']);
  });

  it('unbounded bands cover the range', () => {
    const doc = withBands((b) => {
      delete b[0].max;
      delete b[3].min;
    });
    expect(found(doc)).toEqual([]);
  });
});

describe('industry-model', () => {
  it('indicators.duplicate, indicators.unknown, indicators.unassigned (warning)', () => {
    const doc = industryModelFixture();
    doc.content.indicators.push({ ...doc.content.indicators[0]! });
    doc.content.indicators.push({ id: 'spare', label: { zh: '备用' }, source: { from: 'score' }, scoring: { type: 'linear', worst: 0, best: 100 }, missingPoints: 0 });
    doc.content.criteria[1]!.indicators = ['recordz'];
    expect(found(doc)).toEqual([
      'indicators.duplicate /content/indicators/4/id',
      'indicators.unknown /content/criteria/1/indicators/0',
      'warning indicators.unassigned /content/indicators/3',
      'warning indicators.unassigned /content/indicators/5',
    ]);
  });

  it('indicators.duplicate when one indicator sits under two criteria', () => {
    const doc = industryModelFixture();
    doc.content.criteria[1]!.indicators = ['haccp'];
    const issues = validateDocument(doc).issues;
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'indicators.duplicate /content/criteria/1/indicators/0',
      'indicators.unassigned /content/indicators/3',
    ]);
    expect(issues[0]!.message).toBe('指标 haccp 重复（已在准则 quality 中）');
  });

  it('ahp.size-mismatch for the matrix and for a row', () => {
    const doc = industryModelFixture();
    doc.content.criteria[0]!.matrix = [[1, 3], [1 / 3, 1]];
    doc.content.criteriaMatrix = [[1, 2], [1 / 2]];
    expect(found(doc)).toEqual(['ahp.size-mismatch /content/criteria/0/matrix', 'ahp.size-mismatch /content/criteriaMatrix/1']);
    expect(validateDocument(doc).issues[0]!.message).toBe('准则 quality 的判断矩阵应为 3×3 的方阵（与指标的数量一致），实际为 2×2');
  });

  it('ahp.not-reciprocal for the diagonal and for a mirrored pair', () => {
    const doc = industryModelFixture();
    doc.content.criteria[0]!.matrix = [[1, 3, 5], [0.3, 1, 2], [1 / 5, 1 / 2, 2]];
    expect(validateDocument(doc).issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['ahp.not-reciprocal', '/content/criteria/0/matrix/2/2', '判断矩阵第 3 行第 3 列为 2，应为 1（对角线为 1，对称位置互为倒数）'],
      ['ahp.not-reciprocal', '/content/criteria/0/matrix/1/0', '判断矩阵第 2 行第 1 列为 0.3，应为 1/3（对角线为 1，对称位置互为倒数）'],
    ]);
  });

  it('accepts reciprocals written to 7 decimals', () => {
    const doc = industryModelFixture();
    doc.content.criteria[0]!.matrix = [[1, 3, 5], [0.3333333, 1, 2], [0.2, 0.5, 1]];
    expect(found(doc)).toEqual([]);
  });

  it('ahp.out-of-scale once per pair', () => {
    const doc = industryModelFixture();
    doc.content.criteriaMatrix = [[1, 12], [1 / 12, 1]];
    expect(found(doc)).toEqual(['ahp.out-of-scale /content/criteriaMatrix/0/1']);
  });

  it('ahp.inconsistent with the CR to 3 decimals', () => {
    const doc = industryModelFixture();
    doc.content.criteria[0]!.matrix = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]];
    expect(validateDocument(doc).issues).toMatchInlineSnapshot(`
      [
        {
          "code": "ahp.inconsistent",
          "message": "判断矩阵一致性比率 CR = 6.130，应小于 0.100，请调整判断",
          "messageEn": "Consistency ratio CR = 6.130 must be below 0.100; revise the judgements",
          "path": "/content/criteria/0/matrix",
          "severity": "error",
        },
      ]
    `);
  });

  it('threshold bands over 0–100: gap and overlap; unknown grade; duplicate grade', () => {
    const doc = industryModelFixture();
    doc.content.thresholds[1]!.min = { value: 76, inclusive: true };
    doc.content.thresholds[3]!.max = { value: 60, inclusive: true };
    doc.content.thresholds[2]!.grade = 'E';
    doc.content.grades.push({ code: 'A', label: { zh: '重复' } });
    expect(found(doc)).toEqual([
      'grades.duplicate /content/grades/4/code',
      'grades.unknown /content/thresholds/2/grade',
      'bands.overlap /content/thresholds/2/min',
      'bands.gap /content/thresholds/1/min',
    ]);
  });

  it('kinds.unknown in a recordCount indicator source', () => {
    const doc = industryModelFixture();
    doc.content.indicators[3]!.source = { from: 'recordCount', kinds: ['penalty.fined'] };
    expect(found(doc)).toEqual(['warning kinds.unknown /content/indicators/3/source/kinds/0']);
  });
});

describe('sampling', () => {
  it('sampling.out-of-range for ratio, range and share (instead of a generic schema issue)', () => {
    const doc = samplingFixture();
    doc.content.rows[3]!.ratioPercent = 120;
    doc.content.rows[0]!.range = { min: -1, max: 5 };
    doc.content.differentiatedShareMinPercent = 170;
    expect(validateDocument(doc).issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['sampling.out-of-range', '/content/rows/0/range/min', '比例区间 -1% 超出 0–100% 范围'],
      ['sampling.out-of-range', '/content/rows/3/ratioPercent', '抽查比例 120% 超出 0–100% 范围'],
      ['sampling.out-of-range', '/content/differentiatedShareMinPercent', '差异化抽查最低占比 170% 超出 0–100% 范围'],
    ]);
  });

  it('sampling.ratio-outside-range and sampling.range-inverted', () => {
    const doc = samplingFixture();
    doc.content.rows[0]!.ratioPercent = 8;
    doc.content.rows[1]!.range = { min: 20, max: 10 };
    expect(found(doc)).toEqual(['sampling.ratio-outside-range /content/rows/0/ratioPercent', 'sampling.range-inverted /content/rows/1/range']);
  });

  it('sampling.ratio-decreasing for ratio and frequency', () => {
    const doc = samplingFixture();
    doc.content.rows[2]!.ratioPercent = 5;
    doc.content.rows[3]!.frequencyPerYear = 1;
    expect(validateDocument(doc).issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['sampling.ratio-decreasing', '/content/rows/2/ratioPercent', '抽查比例从等级 B（10%）到更差的等级 C（5%）反而下降：信用越差抽查应越多'],
      ['sampling.ratio-decreasing', '/content/rows/3/frequencyPerYear', '每年抽查次数从等级 C（2）到更差的等级 D（1）反而下降：信用越差抽查应越多'],
    ]);
  });

  it('grades.duplicate for a grade with two rows', () => {
    const doc = samplingFixture();
    doc.content.rows.push({ grade: 'D', ratioPercent: 100, frequencyPerYear: 4, onSite: 'always' });
    expect(found(doc)).toEqual(['grades.duplicate /content/rows/4/grade']);
  });
});

describe('domain-assignment', () => {
  it('domains.no-department and domains.unknown-department', () => {
    const doc = domainAssignmentFixture();
    doc.content.domains[0]!.departments = [];
    doc.content.domains[1]!.departments = ['housing-construction', 'housing'];
    expect(found(doc)).toEqual(['domains.no-department /content/domains/0/departments', 'domains.unknown-department /content/domains/1/departments/1']);
  });

  it('domains.duplicate and departments.duplicate', () => {
    const doc = domainAssignmentFixture();
    doc.content.departments.push({ id: 'public-security', name: { zh: '公安局' } });
    doc.content.domains.push({ id: 'food', name: { zh: '食品 2' }, departments: ['market-regulation'], match: { industryPrefixes: ['F52'] } });
    expect(found(doc)).toEqual(['departments.duplicate /content/departments/3/id', 'domains.duplicate /content/domains/3/id']);
  });

  it('domains.code-claimed-twice for the same prefix and a covering prefix, naming the first domain', () => {
    const doc = domainAssignmentFixture();
    doc.content.domains[1]!.match!.industryPrefixes = ['E47', 'C1391'];
    doc.content.domains.push({ id: 'catering', name: { zh: '餐饮' }, departments: ['market-regulation'], match: { industryPrefixes: ['H'] } });
    const issues = validateDocument(doc).issues;
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'domains.code-claimed-twice /content/domains/1/match/industryPrefixes/1',
      'domains.code-claimed-twice /content/domains/3/match/industryPrefixes/0',
    ]);
    expect(issues[0]!.message).toBe('领域 construction 的行业代码前缀 C1391 与领域 food 的前缀 C13 重叠：同一行业被两个领域认领');
    expect(issues[1]!.messageEn).toContain('overlaps prefix H62 of domain food');
  });

  it('ignores domains that take every enterprise', () => {
    const doc = domainAssignmentFixture();
    doc.content.domains[2]!.match = { all: true, industryPrefixes: ['C13'] };
    expect(found(doc)).toEqual([]);
  });

  it('domains.invalid-code for a section letter that does not match the division', () => {
    const doc = domainAssignmentFixture();
    doc.content.domains[1]!.match!.industryPrefixes = ['C47', 'E99'];
    const issues = validateDocument(doc).issues;
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'domains.invalid-code /content/domains/1/match/industryPrefixes/0',
      'domains.invalid-code /content/domains/1/match/industryPrefixes/1',
    ]);
    expect(issues[0]!.message).toBe('领域 construction 的行业代码前缀 C47 无效：大类 47 属于门类 E，不属于 C');
  });
});

describe('supervision-items', () => {
  it('items.duplicate-code', () => {
    const doc = supervisionItemsFixture();
    doc.content.items[1]!.code = 'SJ-001';
    expect(found(doc)).toEqual(['items.duplicate-code /content/items/1/code']);
  });

  it('items.report-late counts working days across the National Day holiday and its make-up days', () => {
    const doc = supervisionItemsFixture();
    // 2024-09-27 + 10 working days = 2024-10-16 (09-29 and 10-12 are make-up working days, 10-01..07 off)
    doc.content.items[0]!.changes![0]!.reportedAt = '2024-10-17';
    const issues = validateDocument(doc).issues;
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(['items.report-late /content/items/0/changes/0/reportedAt']);
    expect(issues[0]!.message).toBe('事项 SJ-001 于 2024-09-27 的变更在 2024-10-17 才报送，超过 10 个工作日的期限（应不晚于 2024-10-16）');
  });

  it('items.report-missing is a warning', () => {
    const doc = supervisionItemsFixture();
    delete doc.content.items[0]!.changes![0]!.reportedAt;
    const r = validateDocument(doc);
    expect(r.success).toBe(true);
    expect(found(doc)).toEqual(['warning items.report-missing /content/items/0/changes/0']);
  });
});

describe('validateBundle', () => {
  const docs = () => bundleFixture().map(parsed);
  const list = (issues: ReturnType<typeof validateBundle>) => issues.map((i) => `${i.documentId} ${i.code} ${i.path}`);
  const find = <K extends PolicyDocument['kind']>(all: PolicyDocument[], kind: K) => all.find((d) => d.kind === kind) as Extract<PolicyDocument, { kind: K }>;

  it('document.duplicate-id for the same id and version twice', () => {
    const all = docs();
    all.push(parsed(samplingFixture()));
    expect(list(validateBundle(all))).toEqual(['sampling document.duplicate-id /version']);
  });

  it('sampling.unknown-grading', () => {
    const all = docs();
    find(all, 'sampling').content.grading = 'public-credit-grade';
    expect(list(validateBundle(all))).toEqual(['sampling sampling.unknown-grading /content/grading']);
  });

  it('sampling rows naming grades the grading lacks, and grading grades without a row', () => {
    const all = docs();
    const s = find(all, 'sampling');
    s.content.rows[3]!.grade = 'E';
    s.content.exceptions[0]!.grade = 'AA';
    expect(list(validateBundle(all))).toEqual([
      'sampling grades.unknown /content/rows/3/grade',
      'sampling grades.unknown /content/exceptions/0/grade',
      'sampling sampling.grade-missing /content/rows',
    ]);
  });

  it('unknown domain and department references of industry models, sampling exceptions and supervision items', () => {
    const all = docs();
    const m = find(all, 'industry-model');
    m.content.domain = 'foods';
    m.content.department = 'market';
    m.content.combine.with = 'public-credit';
    find(all, 'sampling').content.exceptions[0]!.domain = 'drinks';
    const items = find(all, 'supervision-items');
    items.content.department = 'market';
    items.content.items[1]!.domain = 'catering';
    expect(list(validateBundle(all))).toEqual([
      'industry-model-food-safety bundle.unknown-reference /content/domain',
      'industry-model-food-safety bundle.unknown-reference /content/department',
      'industry-model-food-safety bundle.unknown-reference /content/combine/with',
      'sampling bundle.unknown-reference /content/exceptions/0/domain',
      'supervision-items-market-regulation bundle.unknown-reference /content/department',
      'supervision-items-market-regulation items.unknown-domain /content/items/1/domain',
    ]);
  });

  it('combine.with must name a grading document, not another kind', () => {
    const all = docs();
    find(all, 'industry-model').content.combine.with = 'sampling';
    expect(list(validateBundle(all))).toEqual(['industry-model-food-safety bundle.unknown-reference /content/combine/with']);
  });
});

describe('validateEnterprise', () => {
  it('accepts a valid record', () => {
    expect(validateEnterprise(enterpriseFixture())).toMatchObject({ success: true, issues: [] });
  });

  it('uscc.check-digit is a warning naming the expected character and the line', () => {
    const r = validateEnterprise({ ...enterpriseFixture(), uscc: '91350100M000100Y44' }, 7);
    expect(r.success).toBe(true);
    expect(r.issues).toMatchInlineSnapshot(`
      [
        {
          "code": "uscc.check-digit",
          "message": "第 7 行：统一社会信用代码 91350100M000100Y44 的校验码应为 3，实际为 4",
          "messageEn": "line 7: Unified social credit code 91350100M000100Y44 should end with check character 3, not 4",
          "path": "/uscc",
          "severity": "warning",
        },
      ]
    `);
  });

  it('uscc.invalid, industry.invalid, section mismatch, unknown division and structure at pointers', () => {
    const r = validateEnterprise({ ...enterpriseFixture(), uscc: '91350100M000100YI3', industryCode: '1' });
    expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['uscc.invalid /uscc', 'industry.invalid /industryCode']);
    const mismatch = validateEnterprise({ ...enterpriseFixture(), industryCode: 'F1391' });
    expect(mismatch.success).toBe(false);
    expect(mismatch.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['industry.section-mismatch', '/industryCode', '行业代码 F1391 的门类字母与大类 13 不符，应为 C'],
    ]);
    const unknown = validateEnterprise({ ...enterpriseFixture(), industryCode: '99' });
    expect(unknown.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['industry.unknown-division /industryCode']);
    const structure = validateEnterprise({ ...enterpriseFixture(), records: [{ id: 'r1', kind: 'penalty.fine', date: '2024-13-01' }] });
    expect(structure.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['schema.invalid /records/0/date']);
  });
});

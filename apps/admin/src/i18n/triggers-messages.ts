/**
 * UI strings of trigger-based supervision (触发式监管, issue 13 finding 6): trigger conditions in the
 * supervision-items editor, the triggered counts of the preview, an enterprise's triggered items
 * (Simplified Chinese first, English second); merged into the catalogue in `messages.ts`.
 */
export const triggersMessages = {
  'cond.grade': ['等级', 'grade'],
  'cond.gradeDocument': ['评价规则或行业模型', 'Grading or industry model'],
  'cond.grades': ['等级（任一）', 'Grades (any of)'],

  'triggers.conditions': ['触发条件', 'Trigger conditions'],
  'triggers.conditionsHint': [
    '为能用企业数据判断的触发点设置条件（如「信用风险分类为C、D类」= 食品行业模型等级为 C 或 D）；未设置条件的触发点只作文字说明，不参与计算。',
    'Give a condition to each trigger point the enterprise data can decide (e.g. 信用风险分类为C、D类 = the food model grade is C or D); trigger points without one stay text and are not evaluated.',
  ],
  'triggers.noTriggers': [
    '该事项还没有触发点：请先在上方添加触发点。',
    'The item has no trigger point yet: add one above first.',
  ],
  'triggers.useCondition': ['按数据判断', 'Decide from data'],
  'triggers.textOnly': ['仅文字', 'Text only'],
  'triggers.measures': ['触发条件度量', 'Trigger measures'],
  'triggers.measuresHint': [
    '触发条件中比较的度量（与评价规则的度量相同；记录数按记录类型计数，默认统计 1 年）。',
    "Measures the trigger conditions compare (as a grading's measures; record counts by record kind, over 1 year unless set).",
  ],

  'triggers.previewTitle': ['触发式监管', 'Trigger-based supervision'],
  'triggers.previewHint': [
    '按各部门监管事项清单中带触发条件的触发点，统计触发事项的市场主体户数及应采取的监管措施。',
    'Per department, the enterprises that trigger each item through its conditioned trigger points, and the measures that apply.',
  ],
  'triggers.none': ['没有带触发条件的触发点', 'No trigger point has a condition'],
  'triggers.department': ['部门', 'Department'],
  'triggers.item': ['监管事项', 'Supervision item'],
  'triggers.points': ['触发点（条件）', 'Trigger points (conditions)'],
  'triggers.count': ['触发户数', 'Enterprises'],
  'triggers.countBase': ['现行', 'Published'],
  'triggers.countCandidate': ['候选', 'Candidate'],
  'triggers.measuresApplied': ['监管措施', 'Measures'],
  'triggers.enterprisesOf': ['{department}：{count} 户触发', '{department}: {count} enterprises trigger'],

  'golden.out.triggered': ['触发事项', 'Triggered items'],

  'lookup.triggered': ['触发的监管事项', 'Triggered supervision items'],
  'lookup.triggeredNone': ['未触发任何监管事项', 'No supervision item triggered'],
  'lookup.triggeredBy': ['触发点', 'Trigger points'],
} as const satisfies Record<string, readonly [string, string]>;

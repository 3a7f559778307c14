/**
 * UI strings of early-warning rules (风险预警, 003 第十三条): the kind, its rule-table editor, the
 * warnings of the preview and of an enterprise (Simplified Chinese first, English second); merged
 * into the catalogue in `messages.ts`.
 */
export const earlyWarningMessages = {
  'kind.early-warning': ['风险预警规则', 'Early-warning rules'],

  'warnings.rules': ['预警规则', 'Warning rules'],
  'warnings.rulesHint': [
    '每行一条规则：企业满足预警条件时，向预警对象（部门）预警。阈值写在条件中，比较符决定阈值本身是否预警（≤ 70 含 70 分，< 70 不含）。可限定只对本部门某些监管领域的企业预警。',
    'One rule per row: when an enterprise meets its condition, the departments listed are warned. The threshold sits in the condition; its operator says whether the threshold itself warns (≤ 70 includes 70, < 70 does not). A rule may be limited to some of the department\'s domains.',
  ],
  'warnings.ruleName': ['预警名称', 'Warning'],
  'warnings.ruleId': ['标识', 'Id'],
  'warnings.when': ['预警条件', 'Condition'],
  'warnings.editCondition': ['编辑预警条件', 'Edit the condition'],
  'warnings.notify': ['预警对象（部门）', 'Departments warned'],
  'warnings.domains': ['适用领域', 'Domains'],
  'warnings.allEnterprises': ['全部企业', 'All enterprises'],
  'warnings.note': ['依据', 'Basis'],
  'warnings.add': ['添加预警规则', 'Add a rule'],
  'warnings.newRule': ['新预警规则', 'New rule'],
  'warnings.measures': ['重点指标', 'Key indicators'],
  'warnings.previewTitle': ['风险预警', 'Early warnings'],
  'warnings.previewHint': [
    '按各部门的风险预警规则，统计被预警的市场主体户数（按预警对象部门去重）及每条规则的预警户数。',
    'Per warned department, the enterprises its early-warning rules warn (each counted once), and per rule the enterprises it warns.',
  ],
  'warnings.noneInCandidate': ['调整后的策略中没有风险预警规则', 'The candidate set has no early-warning rules'],
  'warnings.enterprisesOf': ['{department}：{count} 户被预警', '{department}: {count} enterprises warned'],
  'warnings.count': ['预警户数', 'Enterprises warned'],

  'golden.out.warned': ['预警规则', 'Warning rules'],
  'golden.out.warningValues': ['预警依据', 'Fired by'],

  'lookup.warnings': ['风险预警', 'Early warnings'],
  'lookup.warningsNone': ['未触发任何风险预警规则', 'No early-warning rule warns this enterprise'],
  'lookup.warningHolds': ['成立', 'holds'],
  'lookup.warningNotHolds': ['不成立', 'does not hold'],
  'lookup.warningThreshold': ['阈值', 'threshold'],
  'lookup.warningNoValue': ['无', 'none'],
  'lookup.warningNotNumber': ['文字，不是数值，按无值比较', 'text, not a number: compared as no value'],
  'lookup.warningGrade': ['等级', 'grade'],
  'lookup.warningGradeIn': ['预警等级', 'warning grades'],
  'warnings.measuresHint': [
    '预警条件中比较的重点指标（与评价规则的度量相同；记录数按记录类型计数，默认统计 1 年，可设统计期间如近 3 个月）。',
    'The key indicators the conditions compare (as a grading\'s measures; record counts by record kind, over 1 year unless a window such as 3 months is set).',
  ],
} as const satisfies Record<string, readonly [string, string]>;

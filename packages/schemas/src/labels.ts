/**
 * What people read instead of codes: the option values of the schemas' enums (`low` → 低) and the
 * English form of the schemas' Chinese field titles. One table for the validator's messages and the
 * admin's generated forms.
 */
import type { Phrase } from './phrasing.ts';

/** Enum value → its label. Values are codes in the documents; people see the labels. */
export const OPTION_LABELS: Readonly<Record<string, Phrase>> = {
  general: { zh: '一般失信', en: 'general' },
  serious: { zh: '严重失信', en: 'serious' },
  ignore: { zh: '不计入', en: 'ignored' },
  active: { zh: '存续', en: 'active' },
  'licence-revoked': { zh: '吊销营业执照', en: 'licence revoked' },
  deregistered: { zh: '注销', en: 'deregistered' },
  'on-trigger': { zh: '无事不扰', en: 'only on a trigger' },
  normal: { zh: '常规检查', en: 'normal' },
  focused: { zh: '重点关注', en: 'focused' },
  'when-necessary': { zh: '必要时主动实施现场检查', en: 'on-site when necessary' },
  always: { zh: '每次均实地核查', en: 'on-site every time' },
  'model-only': { zh: '仅用行业模型等级', en: 'model grade only' },
  'worst-of': { zh: '取行业模型与通用分类中较差者', en: 'worse of model and general' },
  'double-random': { zh: '双随机抽查', en: 'double-random inspection' },
  'key-inspection': { zh: '重点检查', en: 'key inspection' },
  'credit-supervision': { zh: '信用监管', en: 'credit supervision' },
  trigger: { zh: '触发式监管', en: 'trigger-based' },
  low: { zh: '低', en: 'low' },
  medium: { zh: '中', en: 'medium' },
  high: { zh: '高', en: 'high' },
  added: { zh: '新增', en: 'added' },
  changed: { zh: '变更', en: 'changed' },
  removed: { zh: '取消', en: 'removed' },
  recordCount: { zh: '失信记录数', en: 'record count' },
  listMember: { zh: '名单状态', en: 'list membership' },
  status: { zh: '登记状态', en: 'registration status' },
  score: { zh: '公共信用综合评价分', en: 'public credit score' },
  indicator: { zh: '行业指标值', en: 'industry indicator' },
  linear: { zh: '线性得分', en: 'linear' },
  bands: { zh: '分段得分', en: 'bands' },
  boolean: { zh: '是否得分', en: 'yes / no' },
  map: { zh: '取值得分', en: 'value map' },
  rules: { zh: '规则表', en: 'rule table' },
};

/** Chinese schema title → English title. */
export const TITLE_EN: Readonly<Record<string, string>> = {
  上限: 'Upper bound', 下限: 'Lower bound', 不满足: 'Not', 与通用分类结合: 'Combination with the general class',
  严重程度: 'Severity', 中文: 'Chinese', 主管部门: 'Department', 事项名称: 'Item name', 事项编码: 'Item code',
  任一满足: 'Any of', 依据: 'Source', 依据的评价: 'Driving grading', 信用监管事项清单: 'Supervision items',
  值: 'Value', 允许提升等级: 'May improve the grade', 全部市场主体: 'All enterprises', 全部满足: 'All of',
  公共信用综合评价分: 'Public credit score', 其他值: 'Any other value', 内容: 'Text', 准则层: 'Criteria',
  准则层判断矩阵: 'Criteria matrix', 分数区间: 'Score bands', 分数区间判定: 'Score bands', 分数度量: 'Score measure',
  分段得分: 'Points by band', 判定: 'Decision', 判定方式: 'Decision type', 判定规则: 'Rule', 区间标识: 'Band id',
  取值得分: 'Points by value', 取值范围: 'Range', 变更日期: 'Date of change', 变更类型: 'Type of change',
  变更记录: 'Changes', 名单: 'List', 名单状态: 'List membership', 名称: 'Name', 否: 'No', 含该值: 'Inclusive',
  失信记录数: 'Record count', '差异化抽查最低占比(%)': 'Minimum differentiated share (%)', 年: 'Years', 度量: 'Measures',
  强制调整: 'Overrides', 归属条件: 'Membership', 得分: 'Points', 总是: 'Always', 所属部门: 'Owner',
  报送日期: 'Reported on', 抽查比例: 'Sampling', '抽查比例(%)': 'Ratio (%)', 抽查比例文档: 'Sampling document',
  抽查比例表: 'Sampling table', 抽查比例设置: 'Sampling', 指标: 'Indicators', 按严重程度: 'By severity',
  按记录类型: 'By record kind', 政策依据: 'Sources', 数值: 'Value', 数据来源: 'Data source', 文档标识: 'Document id',
  无分数时等级: 'Grade without a score', 无分数规则标识: 'Rule id without a score', 日期: 'Date', 是: 'Yes',
  是否得分: 'Yes / no points', 最好值: 'Best value', 最差值: 'Worst value', 月: 'Months', 未评价等级: 'Unrated grade',
  条件: 'Condition', 标识: 'Id', 标题: 'Title', 检查对象: 'Target', 模式: 'Schema', 每年抽查次数: 'Rounds per year',
  '比例区间(%)': 'Range (%)', 比较: 'Comparison', 比较符: 'Operator', 版本号: 'Version', 现场检查: 'On-site inspection',
  生效日期: 'Effective from', 登记状态: 'Registration status', 百分比: 'Percent', 监管事项: 'Supervision item',
  监管事项清单: 'Items', 监管措施: 'Measures', 监管方式: 'Method', 监管领域: 'Domain', 等级: 'Grade',
  等级代码: 'Grade code', 等级名称: 'Grade label', 等级设置: 'Grades', 等级阈值: 'Thresholds', 简称: 'Short name',
  类型: 'Type', 线性得分: 'Linear points', 结合方式: 'Method', 统计期间: 'Window', 缺失得分: 'Points when missing',
  英文: 'English', 英文标题: 'English title', 行业代码前缀: 'Industry code prefixes', 行业指标: 'Industry indicator',
  行业指标值: 'Indicator value', 行业指标键: 'Indicator key', 行业评价模型: 'Industry model', 规则标识: 'Rule id',
  规则表: 'Rule table', 规则表判定: 'Rule table', 触发点: 'Triggers', 计分方式: 'Scoring', 记录数: 'Record count',
  记录类型: 'Record kinds', 记录类型严重程度: 'Record kind severities', 设定依据: 'Legal basis', 评价规则: 'Grading',
  说明: 'Description', 责任部门: 'Responsible departments', 边界: 'Bound', 通用评价: 'General grading',
  部门: 'Department', 最小值: 'Min', 最大值: 'Max', 部门分工文档: 'Domain assignment', 部门监管领域分工: 'Domain assignment', 部门目录: 'Departments',
  领域例外: 'Per-domain exceptions', 风险点: 'Risk points', 风险等级: 'Risk level', 评价规则文档: 'Grading document',
  行业评价模型文档: 'Industry model document', 监管事项清单文档: 'Supervision items document',
  分段: 'Band', 判断矩阵: 'Judgement matrix', 指标标识: 'Indicator id', 统一社会信用代码: 'Unified social credit code',
  市场主体名称: 'Enterprise name', 行业代码: 'Industry code', 文档类型: 'Document kind', 列入日期: 'Listed on',
  移出日期: 'Removed on', 名单记录: 'List membership', 记录编号: 'Record id', 决定日期: 'Decision date',
  信用修复日期: 'Credit repair date', 异议: 'Objection', 异议提出日期: 'Objection filed on', 异议处理日期: 'Objection resolved on',
  决定机关: 'Authority', 失信记录: 'Dishonesty records', 状态起始日期: 'Status since', 历史登记状态: 'Status history',
  行政区划代码: 'Region code', 状态日期: 'Status date', 评分日期: 'Score date', 市场主体: 'Enterprise',
};

/**
 * An option value as people read it; an unknown value stays as written.
 *
 * @example
 * optionLabel('medium') // → { zh: '中', en: 'medium' }
 */
export function optionLabel(value: unknown): Phrase {
  if (typeof value === 'string' && OPTION_LABELS[value]) return OPTION_LABELS[value]!;
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return { zh: s, en: s };
}

/**
 * A schema title in both languages (the English form when the table has one).
 *
 * @example
 * fieldTitle('风险等级') // → { zh: '风险等级', en: 'Risk level' }
 */
export function fieldTitle(zh: string): Phrase {
  return { zh, en: TITLE_EN[zh] ?? zh };
}

/** Titles of properties the schemas leave untitled (or title only generically), by property name. */
export const KEY_TITLES: Readonly<Record<string, string>> = {
  type: '类型',
  kind: '文档类型',
  id: '标识',
  from: '数据来源',
  key: '行业指标键',
  min: '最小值',
  max: '最大值',
  value: '值',
  points: '得分',
  level: '风险等级',
  description: '内容',
  note: '说明',
  grade: '等级',
  label: '名称',
  domain: '监管领域',
  ratioPercent: '抽查比例(%)',
  frequencyPerYear: '每年抽查次数',
};

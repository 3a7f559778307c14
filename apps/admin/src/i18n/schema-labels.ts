/**
 * Labels for what the document schemas say in Chinese only: enum values (stored as English codes) and the
 * English form of the schema titles, so the generated forms are fully Chinese or fully English.
 */
import type { Lang } from './index.tsx';

/** Enum value → [zh, en]. Values are codes in the documents; users see the labels. */
export const ENUM_LABELS: Record<string, readonly [string, string]> = {
  general: ['一般失信', 'general'],
  serious: ['严重失信', 'serious'],
  ignore: ['不计入', 'ignored'],
  active: ['存续', 'active'],
  'licence-revoked': ['吊销营业执照', 'licence revoked'],
  deregistered: ['注销', 'deregistered'],
  'on-trigger': ['无事不扰', 'only on a trigger'],
  normal: ['常规检查', 'normal'],
  focused: ['重点关注', 'focused'],
  always: ['必要时实地核查', 'on-site when needed'],
  'model-only': ['仅用行业模型等级', 'model grade only'],
  'worst-of': ['取行业模型与通用分类中较差者', 'worse of model and general'],
  'double-random': ['双随机抽查', 'double-random inspection'],
  'key-inspection': ['重点检查', 'key inspection'],
  'credit-supervision': ['信用监管', 'credit supervision'],
  trigger: ['触发式监管', 'trigger-based'],
  low: ['低', 'low'],
  medium: ['中', 'medium'],
  high: ['高', 'high'],
  added: ['新增', 'added'],
  changed: ['变更', 'changed'],
  removed: ['取消', 'removed'],
  recordCount: ['失信记录数', 'record count'],
  listMember: ['名单状态', 'list membership'],
  status: ['登记状态', 'registration status'],
  score: ['公共信用综合评价分', 'public credit score'],
  indicator: ['行业指标值', 'industry indicator'],
  linear: ['线性得分', 'linear'],
  bands: ['分段得分', 'bands'],
  boolean: ['是否得分', 'yes / no'],
  map: ['取值得分', 'value map'],
  rules: ['规则表', 'rule table'],
};

/** Record kinds and list ids of CONTRACTS §1 → [zh, en]. */
export const RECORD_KIND_LABELS: Record<string, readonly [string, string]> = {
  'penalty.warning': ['警告、通报批评', 'warning'],
  'penalty.fine': ['罚款、没收违法所得', 'fine'],
  'penalty.confiscation': ['没收非法财物', 'confiscation'],
  'penalty.permit-suspension': ['暂扣许可证件', 'permit suspension'],
  'penalty.qualification-downgrade': ['降低资质等级', 'qualification downgrade'],
  'penalty.permit-revocation': ['吊销许可证件', 'permit revocation'],
  'penalty.business-restriction': ['限制开展生产经营活动', 'business restriction'],
  'penalty.production-suspension': ['责令停产停业', 'production suspension'],
  'penalty.closure': ['责令关闭', 'ordered closure'],
  'penalty.practice-restriction': ['限制从业', 'practice restriction'],
  coercion: ['行政强制', 'administrative coercion'],
  'tax-arrears': ['欠缴税款', 'tax arrears'],
  'utility-arrears': ['欠缴公用事业费', 'utility arrears'],
  'serious-dishonesty': ['严重失信主体名单', 'serious dishonesty list'],
  'joint-punishment': ['失信联合奖惩对象名单', 'joint punishment list'],
  'abnormal-operation': ['经营异常名录', 'abnormal operation list'],
};

/** Chinese schema title → English title. */
export const TITLE_EN: Record<string, string> = {
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
};

export function enumLabel(lang: Lang, value: string): string {
  const pair = ENUM_LABELS[value] ?? RECORD_KIND_LABELS[value];
  if (!pair) return value;
  return lang === 'en' ? pair[1] : pair[0];
}

export function recordKindLabel(lang: Lang, kind: string): string {
  const pair = RECORD_KIND_LABELS[kind];
  if (!pair) return kind;
  return lang === 'en' ? pair[1] : pair[0];
}

export function titleIn(lang: Lang, zhTitle: string | undefined): string | undefined {
  if (zhTitle === undefined || lang === 'zh') return zhTitle;
  return TITLE_EN[zhTitle] ?? zhTitle;
}

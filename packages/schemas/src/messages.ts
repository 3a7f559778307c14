/**
 * Message templates for every issue code, in Chinese (default) and English, with the default severity.
 * Templates use `{name}` placeholders; in English a parameter `nameEn`, when given, replaces `name`.
 */
import type { Issue, IssueCode, Severity } from './issues.ts';

export type MessageParams = Record<string, string | number | boolean | undefined>;

export interface IssueTemplate {
  severity: Severity;
  zh: string;
  en: string;
}

export const ISSUE_MESSAGES: Record<IssueCode, IssueTemplate> = {
  'json.syntax': {
    severity: 'error',
    zh: 'JSON 语法错误：第 {line} 行第 {column} 列，{detail}',
    en: 'JSON syntax error at line {line}, column {column}: {detail}',
  },
  'schema.invalid': { severity: 'error', zh: '{detail}', en: '{detail}' },
  'document.duplicate-id': {
    severity: 'error',
    zh: '文档 {id} 的版本 {version} 出现了不止一次',
    en: 'Document {id} version {version} appears more than once',
  },
  'document.unknown-kind': {
    severity: 'error',
    zh: '未知的文档类型 {kind}，应为 grading、industry-model、sampling、domain-assignment 或 supervision-items 之一',
    en: 'Unknown document kind {kind}; expected one of grading, industry-model, sampling, domain-assignment, supervision-items',
  },
  'grades.duplicate': { severity: 'error', zh: '等级 {grade} 重复', en: 'Grade {grade} appears more than once' },
  'grades.unknown': {
    severity: 'error',
    zh: '等级 {grade} 未在等级设置中定义（已定义：{known}）',
    en: 'Grade {grade} is not defined in the grade set (defined: {known})',
  },
  'measures.duplicate': { severity: 'error', zh: '度量标识 {measure} 重复', en: 'Measure id {measure} is defined more than once' },
  'measures.unknown': {
    severity: 'error',
    zh: '度量 {measure} 未定义（已定义：{known}）',
    en: 'Measure {measure} is not defined (defined: {known})',
  },
  'measures.type-mismatch': {
    severity: 'error',
    zh: '度量 {measure} 的类型不匹配：{detail}',
    en: 'Type mismatch for measure {measure}: {detail}',
  },
  'publication.minimum-exceeds-maximum': {
    severity: 'error',
    zh: '公示期 {period} 的最短公示期（{minimum}）长于最长公示期（{maximum}）',
    en: 'Publication period {period}: the minimum ({minimum}) is longer than the maximum ({maximum})',
  },
  'publication.duplicate': { severity: 'error', zh: '公示期标识 {period} 重复', en: 'Publication period id {period} is defined more than once' },
  'publication.minimum-too-short': {
    severity: 'warning',
    zh: '公示期 {period} 的最短公示期（{value}）少于 3 个月：行政处罚信息最短公示 3 个月',
    en: 'Publication period {period}: the minimum ({value}) is under 3 months, the shortest a penalty is shown',
  },
  'publication.maximum-too-long': {
    severity: 'warning',
    zh: '公示期 {period} 的最长公示期（{value}）超过 3 年：行政处罚信息最长公示 3 年',
    en: 'Publication period {period}: the maximum ({value}) is over 3 years, the longest a penalty is shown',
  },
  'publication.unreachable': {
    severity: 'warning',
    zh: '公示期 {period} 不会生效：前面的公示期 {earlier} 已覆盖它的所有记录',
    en: 'Publication period {period} never applies: the earlier period {earlier} covers all its records',
  },
  'kinds.unknown': {
    severity: 'warning',
    zh: '记录类型 {kind} 不是已知的记录类型，请检查拼写（已知类型见 CONTRACTS §1）',
    en: 'Record kind {kind} is not a known record kind; check the spelling (known kinds: CONTRACTS §1)',
  },
  'bands.gap': {
    severity: 'error',
    zh: '分数区间有空缺：{gap} 不属于任何档位，请调整相邻档位的边界使其衔接',
    en: 'Gap between bands: {gap} falls in no band; move the bounds of the neighbouring bands so that they meet',
  },
  'bands.overlap': {
    severity: 'error',
    zh: '档位「{band}」与档位「{other}」重叠：{overlap} 同时属于两个档位，请调整其中一个档位的边界',
    en: 'Band “{band}” overlaps band “{other}”: {overlap} falls in both; move a bound of one of them',
  },
  'bands.empty': {
    severity: 'error',
    zh: '档位「{band}」为空：{interval} 不包含任何值，请检查它的下限和上限',
    en: 'Band “{band}” is empty: {interval} contains no value; check its lower and upper bound',
  },
  'bands.out-of-range': {
    severity: 'error',
    zh: '档位「{band}」的边界 {value} 超出取值范围 [{min}, {max}]，请改为范围内的值',
    en: 'Bound {value} of band “{band}” lies outside the range [{min}, {max}]; use a value inside it',
  },
  'bands.unclear-bound': {
    severity: 'error',
    zh: '档位「{band}」不含取值范围的端点 {value}，得分正好为 {value} 时不属于任何档位；如应包含，请把这一边界设为“含该值”',
    en: 'Band “{band}” excludes the range end {value}, so a value of exactly {value} falls in no band; make that bound inclusive if it belongs to the band',
  },
  'rules.no-catch-all': {
    severity: 'error',
    zh: '规则表的最后一条规则 {rule} 不是兜底规则 {"always": true}，部分市场主体将得不到等级',
    en: 'The last rule {rule} is not a catch-all {"always": true}; some enterprises would get no grade',
  },
  'rules.unreachable': {
    severity: 'error',
    zh: '规则 {rule} 位于兜底规则 {catchAll} 之后，永远不会生效',
    en: 'Rule {rule} comes after the catch-all rule {catchAll} and can never apply',
  },
  'rules.duplicate-id': {
    severity: 'error',
    zh: '规则标识 {rule} 重复（规则、分数区间和强制调整的标识必须各不相同）',
    en: 'Rule id {rule} is used more than once (rules, bands and overrides need distinct ids)',
  },
  'overrides.improves': {
    severity: 'error',
    zh: '第 {n} 条强制调整把等级设为「{grade}」，优于判定可能给出的「{worse}」；强制调整默认只能降低等级，确需提升请勾选“允许提升等级”',
    en: 'Override {n} sets the grade “{grade}”, better than “{worse}” which the decision can give; overrides may only worsen a grade unless “May improve the grade” is ticked',
  },
  'sampling.ratio-decreasing': {
    severity: 'error',
    zh: '{field}从等级 {prevGrade}（{prevValue}）到更差的等级 {grade}（{value}）反而下降：信用越差抽查应越多',
    en: '{field} falls from grade {prevGrade} ({prevValue}) to the worse grade {grade} ({value}); worse grades must be inspected at least as much',
  },
  'sampling.out-of-range': {
    severity: 'error',
    zh: '{field} {value} 超出 0–100% 范围',
    en: '{field} {value} is outside 0–100%',
  },
  'sampling.ratio-outside-range': {
    severity: 'error',
    zh: '等级 {grade} 的抽查比例 {value}% 不在其比例区间 {min}%–{max}% 内',
    en: 'Ratio {value}% of grade {grade} is outside its range {min}%–{max}%',
  },
  'sampling.range-inverted': {
    severity: 'error',
    zh: '等级 {grade} 的比例区间下限 {min}% 大于上限 {max}%',
    en: 'Range of grade {grade} has its minimum {min}% above its maximum {max}%',
  },
  'sampling.grade-missing': {
    severity: 'error',
    zh: '评价文档 {grading} 的等级 {grade} 没有对应的抽查比例',
    en: 'Grade {grade} of grading document {grading} has no sampling row',
  },
  'sampling.unknown-grading': {
    severity: 'error',
    zh: '依据的评价文档 {grading} 不存在或不是评价规则（grading）文档',
    en: 'Grading document {grading} does not exist or is not a grading document',
  },
  'domains.no-department': {
    severity: 'error',
    zh: '监管领域 {domain} 没有责任部门',
    en: 'Domain {domain} has no responsible department',
  },
  'domains.unknown-department': {
    severity: 'error',
    zh: '监管领域 {domain} 的责任部门 {department} 不在部门目录中',
    en: 'Department {department} of domain {domain} is not in the department directory',
  },
  'domains.code-claimed-twice': {
    severity: 'error',
    zh: '领域 {domain} 的行业代码前缀 {prefix} 与领域 {otherDomain} 的前缀 {otherPrefix} 重叠：同一行业被两个领域认领',
    en: 'Industry prefix {prefix} of domain {domain} overlaps prefix {otherPrefix} of domain {otherDomain}: the same industry is claimed twice',
  },
  'domains.invalid-code': {
    severity: 'error',
    zh: '领域 {domain} 的行业代码前缀 {prefix} 无效：{detail}',
    en: 'Industry prefix {prefix} of domain {domain} is invalid: {detail}',
  },
  'domains.duplicate': { severity: 'error', zh: '监管领域标识 {domain} 重复', en: 'Domain id {domain} is used more than once' },
  'departments.duplicate': {
    severity: 'error',
    zh: '部门标识 {department} 重复',
    en: 'Department id {department} is used more than once',
  },
  'ahp.size-mismatch': {
    severity: 'error',
    zh: '{matrix}应为 {expected}×{expected} 的方阵（与{of}的数量一致），实际为 {actual}',
    en: '{matrix} must be {expected}×{expected} (one row and column per {of}), found {actual}',
  },
  'ahp.not-reciprocal': {
    severity: 'error',
    zh: '判断矩阵第 {row} 行第 {col} 列为 {value}，应为 {expected}（对角线为 1，对称位置互为倒数）',
    en: 'Judgement matrix row {row}, column {col} is {value}, expected {expected} (diagonal 1, a[j][i] = 1/a[i][j])',
  },
  'ahp.inconsistent': {
    severity: 'error',
    zh: '判断矩阵一致性比率 CR = {cr}，应小于 0.100，请调整判断',
    en: 'Consistency ratio CR = {cr} must be below 0.100; revise the judgements',
  },
  'ahp.out-of-scale': {
    severity: 'error',
    zh: '判断矩阵第 {row} 行第 {col} 列为 {value}，超出 Saaty 标度 1/9–9',
    en: 'Judgement matrix row {row}, column {col} is {value}, outside Saaty’s scale 1/9–9',
  },
  'indicators.duplicate': {
    severity: 'error',
    zh: '指标 {indicator} 重复{where}',
    en: 'Indicator {indicator} appears more than once{where}',
  },
  'indicators.unknown': {
    severity: 'error',
    zh: '准则 {criterion} 引用了未定义的指标 {indicator}',
    en: 'Criterion {criterion} refers to undefined indicator {indicator}',
  },
  'indicators.list-scoring': {
    severity: 'error',
    zh: '指标 {indicator} 的数据来源是名单状态（是否列入{list}），只能按“是否得分”计分',
    en: 'Indicator {indicator} reads a list membership ({list}): it can only be scored yes / no',
  },
  'indicators.list-rewarded': {
    severity: 'warning',
    zh: '指标 {indicator}：列入{list}得 {yes} 分，高于未列入的 {no} 分，风险高的企业得分反而更高',
    en: 'Indicator {indicator}: being on the {list} scores {yes}, more than not being on it ({no})',
  },
  'indicators.unassigned': {
    severity: 'warning',
    zh: '指标 {indicator} 不属于任何准则，不会计入得分',
    en: 'Indicator {indicator} belongs to no criterion and does not count',
  },
  'model.domain-missing': {
    severity: 'error',
    zh: '专业分类（行业评价模型）须指定监管领域；对全量企业的评价应将分类模式设为通用分类',
    en: 'A specialised classification (industry model) needs a domain; a model of every enterprise is a general classification',
  },
  'general.has-domain': {
    severity: 'error',
    zh: '通用分类对全量企业统一分类，不限于监管领域 {domain}：请删除监管领域',
    en: 'The general classification grades every enterprise, not only domain {domain}: remove the domain',
  },
  'general.refines': {
    severity: 'error',
    zh: '通用分类不细化其他分类：请删除细化的通用分类 {ref}',
    en: 'A general classification refines no other: remove refines {ref}',
  },
  'general.dimension-missing': {
    severity: 'error',
    zh: '通用分类的准则“{criterion}”未标明所属维度（{dimensions}之一）',
    en: 'Criterion "{criterion}" of the general classification has no dimension (one of {dimensions})',
  },
  'general.dimension-absent': {
    severity: 'warning',
    zh: '通用分类没有“{dimension}”维度的准则',
    en: 'The general classification has no criterion in the dimension "{dimension}"',
  },
  'items.duplicate-code': { severity: 'error', zh: '事项编码 {item} 重复', en: 'Item code {item} is used more than once' },
  'items.report-late': {
    severity: 'error',
    zh: '事项 {item} 于 {date} 的变更在 {reportedAt} 才报送，超过 10 个工作日的期限（应不晚于 {deadline}）',
    en: 'The change of item {item} on {date} was reported on {reportedAt}, later than 10 working days (deadline {deadline})',
  },
  'items.report-missing': {
    severity: 'warning',
    zh: '事项 {item} 于 {date} 的变更没有报送日期，应在 {deadline} 前报送信用办',
    en: 'The change of item {item} on {date} has no report date; it is due to the credit office by {deadline}',
  },
  'items.unknown-domain': {
    severity: 'error',
    zh: '事项 {item} 的监管领域 {domain} 未在部门监管领域分工中定义',
    en: 'Domain {domain} of item {item} is not defined in the domain assignment',
  },
  'triggers.unknown-measure': {
    severity: 'error',
    zh: '事项 {item} 触发点 {trigger} 的触发条件引用了未定义的度量 {measure}（触发条件度量中已定义：{known}）',
    en: 'The condition of trigger {trigger} of item {item} refers to undefined measure {measure} (the trigger measures define: {known})',
  },
  'triggers.type-mismatch': {
    severity: 'error',
    zh: '事项 {item} 触发点 {trigger} 的触发条件中度量 {measure} 的类型不匹配：{detail}',
    en: 'The condition of trigger {trigger} of item {item}: type mismatch for measure {measure}: {detail}',
  },
  'triggers.unknown-document': {
    severity: 'error',
    zh: '事项 {item} 触发点 {trigger} 的触发条件引用的评价规则或行业评价模型文档 {document} 不存在',
    en: 'The condition of trigger {trigger} of item {item} refers to grading or industry-model document {document}, which does not exist',
  },
  'triggers.unknown-grade': {
    severity: 'error',
    zh: '事项 {item} 触发点 {trigger} 的触发条件中，等级 {grade} 不是 {document} 的等级（已定义：{known}）',
    en: 'The condition of trigger {trigger} of item {item}: grade {grade} is not a grade of {document} (defined: {known})',
  },
  'triggers.measure-severity': {
    severity: 'error',
    zh: '触发条件度量 {measure} 按严重程度计数：记录类型的严重程度由评价规则文档规定，此处请按记录类型计数，或在触发条件中使用该评价规则的等级',
    en: 'Trigger measure {measure} counts by severity: severities belong to a grading document; count by record kinds here, or use that grading\'s grade in the condition',
  },
  'warnings.duplicate-rule': { severity: 'error', zh: '预警规则标识 {rule} 重复', en: 'Warning rule id {rule} is used more than once' },
  'warnings.unknown-measure': {
    severity: 'error',
    zh: '预警规则{rule}的预警条件引用了未定义的重点指标 {measure}（重点指标中已定义：{known}）',
    en: 'The condition of warning rule {rule} refers to undefined key indicator {measure} (the key indicators define: {known})',
  },
  'warnings.type-mismatch': {
    severity: 'error',
    zh: '预警规则{rule}的预警条件中重点指标 {measure} 的类型不匹配：{detail}',
    en: 'The condition of warning rule {rule}: type mismatch for key indicator {measure}: {detail}',
  },
  'warnings.measure-severity': {
    severity: 'error',
    zh: '重点指标 {measure} 按严重程度计数：记录类型的严重程度由评价规则文档规定，此处请按记录类型计数，或在预警条件中使用该评价规则的等级',
    en: 'Key indicator {measure} counts by severity: severities belong to a grading document; count by record kinds here, or use that grading\'s grade in the condition',
  },
  'warnings.unknown-document': {
    severity: 'error',
    zh: '预警规则{rule}的预警条件引用的评价规则或行业评价模型文档 {document} 不存在',
    en: 'The condition of warning rule {rule} refers to grading or industry-model document {document}, which does not exist',
  },
  'warnings.unknown-grade': {
    severity: 'error',
    zh: '预警规则{rule}的预警条件中，等级 {grade} 不是 {document} 的等级（已定义：{known}）',
    en: 'The condition of warning rule {rule}: grade {grade} is not a grade of {document} (defined: {known})',
  },
  'warnings.always': {
    severity: 'warning',
    zh: '预警规则{rule}的预警条件总是成立，将对每一户企业预警',
    en: 'The condition of warning rule {rule} always holds: every enterprise would be warned',
  },
  'warnings.duplicate-notify': {
    severity: 'warning',
    zh: '预警规则{rule}的预警对象中部门 {department} 重复',
    en: 'Department {department} is listed twice among those warned by rule {rule}',
  },
  'uscc.invalid': {
    severity: 'error',
    zh: '统一社会信用代码 {value} 无效：应为 18 位，由数字和除 I、O、S、V、Z 外的大写字母组成',
    en: 'Unified social credit code {value} is invalid: 18 characters of 0-9 and upper-case letters except I, O, S, V, Z',
  },
  'uscc.check-digit': {
    severity: 'warning',
    zh: '统一社会信用代码 {value} 的校验码应为 {expected}，实际为 {actual}',
    en: 'Unified social credit code {value} should end with check character {expected}, not {actual}',
  },
  'industry.invalid': {
    severity: 'error',
    zh: '行业代码 {value} 无效：应为 2–4 位数字，可带门类字母（如 C1391、52）',
    en: 'Industry code {value} is invalid: 2–4 digits, optionally after the section letter (e.g. C1391, 52)',
  },
  'industry.section-mismatch': {
    severity: 'error',
    zh: '行业代码 {value} 的门类字母与大类 {division} 不符，应为 {expected}',
    en: 'Industry code {value}: section letter does not match division {division}, expected {expected}',
  },
  'industry.unknown-division': {
    severity: 'error',
    zh: '行业代码 {value} 的大类 {division} 不在 GB/T 4754-2017 中',
    en: 'Industry code {value}: division {division} does not exist in GB/T 4754-2017',
  },
  'bundle.unknown-reference': {
    severity: 'error',
    zh: '引用的{what} {ref} 不存在{where}',
    en: 'Referenced {what} {ref} does not exist{where}',
  },
  'bundle.duplicate-document': {
    severity: 'error',
    zh: '文档 {id} 在这套策略中出现了不止一次：评价时每个文档只取一个版本',
    en: 'Document {id} appears more than once in the policy set; an evaluation takes one version of each document',
  },
  'bundle.one-of-kind': {
    severity: 'error',
    zh: '一套策略只能有一个 {kind} 文档',
    en: 'A policy set holds at most one {kind} document',
  },
  'draw.no-sampling': {
    severity: 'error',
    zh: '策略中没有抽查比例文档，无法抽取',
    en: 'The policy set has no sampling document; nothing can be drawn',
  },
  'draw.unknown-department': { severity: 'error', zh: '未知部门：{department}', en: 'Unknown department: {department}' },
  'draw.too-few-inspectors': {
    severity: 'error',
    zh: '{department} 的执法检查人员少于 2 人，无法抽取',
    en: '{department} has fewer than 2 inspectors in the roster; nothing can be drawn',
  },
  'scope.foreign-department': {
    severity: 'error',
    zh: '本文档属于{owner}，只能以本部门的名义制定{what}：不能填写部门 {department}',
    en: 'This document belongs to {owner} and may hold {what} of its own department only, not of {department}',
  },
  'scope.domain-not-assigned': {
    severity: 'error',
    zh: '监管领域 {domain} 未分配给{owner}（{detail}）：部门只能为部门监管领域分工中分配给本部门的领域制定{what}',
    en: 'Domain {domain} is not assigned to {owner} ({detail}); a department may write {what} only for the domains the domain assignment gives it',
  },
  'sampling.ratio-zero': {
    severity: 'warning',
    zh: '等级 {grade}{where} 的{field}为 0：该等级的市场主体不会被抽查（系统允许 0，请确认是有意为之）',
    en: 'The {field} of grade {grade}{where} is 0: enterprises of this grade are never inspected (allowed, but make sure it is intended)',
  },
  'sampling.all-zero': {
    severity: 'error',
    zh: '所有等级的抽查比例或每年抽查次数都为 0：按此设置不会抽查任何市场主体',
    en: 'Every grade has a sampling ratio or frequency of 0: no enterprise would ever be inspected',
  },
  'sampling.worst-below-best': {
    severity: 'error',
    zh: '最差等级 {worst}{where} 每百户每年抽查 {worstRate} 户次（{worstRatio} × 每年 {worstFrequency} 次），少于最好等级 {best} 的 {bestRate} 户次（{bestRatio} × 每年 {bestFrequency} 次）：信用越差抽查应越多',
    en: 'The worst grade {worst}{where} gets {worstRate} inspections per 100 enterprises a year ({worstRatio} × {worstFrequency} per year), fewer than the best grade {best} with {bestRate} ({bestRatio} × {bestFrequency} per year); worse grades must be inspected more',
  },
  'sampling.rows-out-of-order': {
    severity: 'warning',
    zh: '抽查比例表的等级顺序 {order} 与评价文档 {grading} 的等级顺序 {expected}（由好到差）不一致',
    en: 'The rows are in the order {order}, not in the order {expected} (best to worst) of grading document {grading}',
  },
  'sampling.basis-duplicate': {
    severity: 'error',
    zh: '监管领域 {domain} 在按领域的抽查依据中出现了不止一次：每个领域只能有一个依据',
    en: 'Domain {domain} appears more than once in the per-domain sampling basis; a domain has one basis',
  },
  'sampling.basis-domain-mismatch': {
    severity: 'warning',
    zh: '行业评价模型 {document} 只评价监管领域 {modelDomain} 的市场主体，不评价 {domain}：{domain} 中不属于 {modelDomain} 的市场主体仍按依据的评价 {grading} 抽查',
    en: 'Industry model {document} grades only the enterprises of domain {modelDomain}, not {domain}; enterprises of {domain} outside {modelDomain} are still sampled by {grading}',
  },
  'sampling.plan-duplicate': {
    severity: 'error',
    zh: '{department} {year} 年的抽查计划出现了不止一次',
    en: 'The {year} plan of {department} appears more than once',
  },
  'sampling.differentiated-share-below': {
    severity: 'warning',
    zh: '{department} {year} 年差异化抽查占比 {share}%，低于目标 {target}%，差 {gap} 个百分点（差异化抽查 {differentiated} 户 / 计划检查 {total} 户）',
    en: '{department}: the differentiated share of {year} is {share}%, below the target {target}% by {gap} percentage points ({differentiated} of {total} enterprises inspected)',
  },
  'grades.unreachable': {
    severity: 'warning',
    zh: '等级 {grade} 不会被任何{by}给出：没有市场主体能得到这个等级',
    en: 'No {by} gives grade {grade}: no enterprise can get it',
  },
  'rules.never-matches': {
    severity: 'warning',
    zh: '{what} {rule} 永远不会生效：{detail}',
    en: '{what} {rule} can never apply: {detail}',
  },
  'text.stale-number': {
    severity: 'warning',
    zh: '{what}中的 {quoted}与{fact} 不一致，请更新文字',
    en: 'The {quoted} in {what} disagrees with {fact}; update the text',
  },
};

/** Fills a template: `{name}` takes `params[nameEn]` in English when present, else `params[name]`. */
export function formatMessage(template: string, params: MessageParams, lang: 'zh' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = lang === 'en' && params[`${name}En`] !== undefined ? params[`${name}En`] : params[name];
    return v === undefined ? whole : String(v);
  });
}

/**
 * Builds an issue with both messages from the code's templates.
 *
 * @example
 * makeIssue('grades.duplicate', '/content/grades/2/code', { grade: 'B' })
 * // → { code: 'grades.duplicate', severity: 'error', path: '/content/grades/2/code', message: '等级 B 重复', messageEn: 'Grade B appears more than once' }
 */
export function makeIssue(code: IssueCode, path: string, params: MessageParams = {}, severity?: Severity): Issue {
  const t = ISSUE_MESSAGES[code];
  return {
    code,
    severity: severity ?? t.severity,
    path,
    message: formatMessage(t.zh, params, 'zh'),
    messageEn: formatMessage(t.en, params, 'en'),
  };
}

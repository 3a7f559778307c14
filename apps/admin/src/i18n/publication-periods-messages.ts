/**
 * UI strings of the publication periods (公示期) of a grading document and of the record domain in an
 * enterprise's explanation — Simplified Chinese first, English second; merged into the catalogue in `messages.ts`.
 */
export const publicationPeriodsMessages = {
  'periods.title': ['公示期', 'Publication periods'],
  'periods.firstMatch': [
    '每条记录从上到下与各行比对，适用第一条符合的行（可用上移、下移调整顺序）；没有任何一行符合的记录不设最长公示期。',
    'Each record is compared with the rows from top to bottom and the first row that matches applies (reorder with move up / down); a record no row matches has no maximum.',
  ],
  'periods.order': ['序号', 'No.'],
  'periods.id': ['编号', 'Id'],
  'periods.idOf': ['编号 第 {n} 行', 'Id row {n}'],
  'periods.kinds': ['记录类型', 'Record kinds'],
  'periods.allKinds': ['所有类型', 'All kinds'],
  'periods.severity': ['严重程度', 'Severity'],
  'periods.allSeverities': ['所有', 'All'],
  'periods.general': ['一般', 'General'],
  'periods.serious': ['严重', 'Serious'],
  'periods.domains': ['适用领域', 'Domains'],
  'periods.allDomains': ['所有领域', 'All domains'],
  'periods.domainsHint': [
    '从领域划分文件的领域中选择；其他领域（如消防 fire-safety）可直接输入领域代码后按回车。不选表示所有领域（含未标明领域的记录）。',
    'Pick domains of the domain assignment; another domain (e.g. fire-safety) can be typed as its code and Enter. None: every domain, records without a domain included.',
  ],
  'periods.domainOutside': ['{code}（领域划分中没有）', '{code} (not in the domain assignment)'],
  'periods.minimum': ['最短公示期', 'Minimum'],
  'periods.maximum': ['最长公示期', 'Maximum'],
  'periods.years': ['年', 'yr'],
  'periods.months': ['个月', 'mo'],
  'periods.yearsOf': ['{field}（年） 第 {n} 行', '{field} (years) row {n}'],
  'periods.monthsOf': ['{field}（月） 第 {n} 行', '{field} (months) row {n}'],
  'periods.note': ['依据', 'Basis'],
  'periods.notePlaceholder': ['依据（文件名称、条款）', 'Basis (document, article)'],
  'periods.add': ['添加公示期', 'Add a period'],
  'periods.none': ['暂无公示期：记录只按统计期间计入，不因公示期届满而停止计入。', 'No publication periods: records count by the window only and never stop counting because a period ended.'],
  'periods.deleteConfirm': ['删除公示期“{id}”（第 {n} 行）？', 'Delete publication period “{id}” (row {n})?'],
  'periods.repair': ['最短公示期内的信用修复', 'Credit repair within the minimum period'],
  'periods.repair.effective': ['立即生效（默认）', 'Takes effect at once (default)'],
  'periods.repair.effectiveHint': [
    '在最短公示期内完成信用修复的记录，自修复之日起不再计入。',
    'A record repaired within its minimum period stops counting from the repair date.',
  ],
  'periods.repair.deferred': ['最短公示期满后生效', 'Takes effect once the minimum has passed'],
  'periods.repair.deferredHint': [
    '在最短公示期内完成信用修复的记录，仍计入到最短公示期届满为止。',
    'A record repaired within its minimum period still counts until its minimum period has passed.',
  ],
  'lookup.recordDomain': ['领域', 'Domain'],
} as const satisfies Record<string, readonly [string, string]>;

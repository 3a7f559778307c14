/** UI strings of the moved-list export of the impact report (issue 15); merged into the catalogue in `messages.ts`. */
export const movedExportMessages = {
  'impact.exportMoved': ['导出名单（CSV）', 'Export list (CSV)'],
  'impact.exportMovedHint': [
    '导出全部等级变动的市场主体（不限当前页和搜索），可用 Excel 打开；导出会记入审计日志',
    'Exports every enterprise whose grade moves (all pages, regardless of the search), for Excel; the export is audit-logged',
  ],
  'impact.exportMovedDone': ['已导出 {n} 户市场主体：{file}', 'Exported {n} enterprises: {file}'],
  'impact.exportMovedFailed': ['导出失败：{reason}', 'The export failed: {reason}'],
} as const satisfies Record<string, readonly [string, string]>;

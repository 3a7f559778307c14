/**
 * Names of the audit actions added with runs, objections, draws, inspectors, dataset deltas and
 * exports (Simplified Chinese first, English second), so the audit log never shows a raw action id;
 * merged into the catalogue in `messages.ts`, mapped in features/audit/audit-page.tsx.
 */
export const auditActionsMessages = {
  'audit.action.dataset.update': ['增量更新数据集', 'Update dataset (delta)'],
  'audit.action.deny': ['拒绝访问', 'Access refused'],
  'audit.action.draw.outcome': ['抽取结果', 'Draw outcome'],
  'audit.action.draw.redraw.request': ['申请重新抽取', 'Redraw requested'],
  'audit.action.draw.refused': ['抽取被拒绝', 'Draw refused'],
  'audit.action.draw.round.register': ['登记抽查轮次', 'Register inspection round'],
  'audit.action.inspector.import': ['导入检查人员名录', 'Import inspector directory'],
  'audit.action.inspector.remove': ['移除检查人员', 'Remove inspector'],
  'audit.action.inspector.upsert': ['新增或修改检查人员', 'Add or change inspector'],
  'audit.action.moved.export': ['导出等级变动名单', 'Export moved-enterprise list'],
  'audit.action.objection.answer': ['答复异议', 'Answer objection'],
  'audit.action.objection.file': ['登记异议', 'File objection'],
  'audit.action.run.complete': ['评价批次完成', 'Run completed'],
  'audit.action.run.correct': ['更正评价结果', 'Correct run result'],
  'audit.action.run.create': ['发起评价批次', 'Start run'],
  'audit.action.run.export': ['导出评价结果', 'Export run results'],
  'audit.action.run.sign-off': ['签发评价批次', 'Sign off run'],
} as const satisfies Record<string, readonly [string, string]>;

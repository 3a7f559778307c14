/**
 * UI strings of 编辑 before the draft exists (issue 15, item 9: the draft is created by the first real
 * change) — Simplified Chinese first, English second; merged into the catalogue in `messages.ts`.
 */
export const documentEditMessages = {
  'doc.pendingDraft': [
    '正在以第 {n} 版为基础编辑。第一次修改时才创建草稿并自动保存；不作修改直接离开，不会留下草稿。',
    'Editing a copy of v{n}. The draft is created, and saved automatically, at the first change; leaving without changing anything leaves no draft.',
  ],
  'doc.pendingSave': ['保存为草稿', 'Save as draft'],
  'doc.pendingCancel': ['不编辑了', 'Stop editing'],
} as const satisfies Record<string, readonly [string, string]>;

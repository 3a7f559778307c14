/**
 * UI strings of early-warning rules (风险预警, 003 第十三条): the kind, its rule-table editor, the
 * warnings of the preview and of an enterprise (Simplified Chinese first, English second); merged
 * into the catalogue in `messages.ts`.
 */
export const earlyWarningMessages = {
  'kind.early-warning': ['风险预警规则', 'Early-warning rules'],
} as const satisfies Record<string, readonly [string, string]>;

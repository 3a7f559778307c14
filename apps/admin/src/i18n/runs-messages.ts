/**
 * UI strings of the evaluation runs, the department inbox and objections (Simplified Chinese
 * first, English second); merged into the catalogue in `messages.ts`.
 */
export const runsMessages = {
  'nav.runs': ['评价批次', 'Evaluation runs'],
} as const satisfies Record<string, readonly [string, string]>;

/** Live validation of a draft in the editor: structure and semantic checks of @policy/schemas. */
import { validateDocument } from '@policy/schemas';
import type { Issue } from '@policy/schemas';

/**
 * Validates a draft; returns its issues (errors and warnings), each with a JSON pointer and zh/en messages.
 *
 * @example
 * validateDraft({ kind: 'sampling', ... }) // → [{ code: 'sampling.ratio-decreasing', path: '/content/rows/2/ratioPercent', … }]
 */
export function validateDraft(doc: unknown): Issue[] {
  return validateDocument(doc).issues;
}

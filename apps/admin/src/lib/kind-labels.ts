import type { DocumentKind } from '@policy/schemas';
import type { MessageKey } from '../i18n/index.tsx';

/** The name of each document kind in the UI language. */
export const KIND_LABEL: Record<DocumentKind, MessageKey> = {
  grading: 'kind.grading',
  'industry-model': 'kind.industry-model',
  sampling: 'kind.sampling',
  'domain-assignment': 'kind.domain-assignment',
  'supervision-items': 'kind.supervision-items',
  'early-warning': 'kind.early-warning',
};

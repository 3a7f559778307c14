/**
 * What the admin adds to the shared lifecycle rules of @policy/schemas (`canWrite`, `canReview`,
 * `visibleTo` … which packages/db enforces): role names, and the narrowings of the server's procedures,
 * so the UI never shows a button the server would refuse; the server still checks every call.
 */
import type { Principal } from '@policy/schemas';
import type { MessageKey } from '../i18n/index.tsx';
import type { Role } from './session.tsx';

export const ROLE_LABEL: Record<Role, MessageKey> = {
  'credit-office': 'role.credit-office',
  'department-editor': 'role.department-editor',
  reviewer: 'role.reviewer',
  viewer: 'role.viewer',
};

/** Only the credit office publishes: the server's `documents.publish` narrows the store's `canPublish` to it. */
export const canPublishRelease = (user: Pick<Principal, 'role'>): boolean => user.role === 'credit-office';

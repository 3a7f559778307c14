/** Leaving the editor page with unsaved work asks first (see useLeaveGuard). */
import { useEffect, useRef } from 'react';
import { App as AntApp } from 'antd';
import type { PolicyDocumentInput } from '@policy/schemas';
import { useBlocker } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import type { TFunction } from '../../i18n/index.tsx';
import type { Autosave } from './use-autosave.ts';

/** What keeps edits from being stored, in words for the leave prompt; null when everything is saved. */
function unsavedReason(
  t: TFunction,
  a: Autosave<PolicyDocumentInput>,
  jsonBroken: { line: number } | null,
): string | null {
  if (jsonBroken) return t('doc.jsonSyntaxAt', { line: jsonBroken.line });
  if (a.status === 'conflict') return t('doc.conflictShort');
  if (a.status === 'error') return a.error ?? t('doc.dirty');
  if (a.pending) return t('doc.dirty');
  return null;
}

/**
 * Leaving the page with unsaved edits asks first: closing or reloading the tab (`beforeunload`) and
 * moving to another address in the app. A route change first tries to save; only what cannot be saved
 * (JSON that does not parse, a conflict, a failed save) asks. `skip` is set by actions that leave on
 * purpose (discarding the draft).
 */
export function useLeaveGuard(
  editable: boolean,
  a: Autosave<PolicyDocumentInput>,
  jsonBroken: { line: number } | null,
  skip: { readonly current: boolean },
) {
  const t = useT();
  const { modal } = AntApp.useApp();
  const unsaved = editable && (a.pending || jsonBroken !== null);
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (skip.current) return;
      e.preventDefault();
      // older browsers show the prompt only when returnValue is set
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && !skip.current && currentLocation.pathname !== nextLocation.pathname,
  );
  const asked = useRef(false);
  const aRef = useRef(a);
  aRef.current = a;
  useEffect(() => {
    if (blocker.state !== 'blocked' || asked.current) return;
    asked.current = true;
    void (async () => {
      // plain unsaved edits are saved on the way out
      if (!jsonBroken && a.status !== 'conflict' && a.status !== 'error' && (await aRef.current.flush())) {
        asked.current = false;
        blocker.proceed();
        return;
      }
      modal.confirm({
        title: t('doc.leaveTitle'),
        content: t('doc.leaveBody', { why: unsavedReason(t, aRef.current, jsonBroken) ?? t('doc.dirty') }),
        okText: t('doc.leaveGo'),
        okButtonProps: { danger: true },
        cancelText: t('doc.leaveStay'),
        onOk: () => {
          asked.current = false;
          blocker.proceed();
        },
        onCancel: () => {
          asked.current = false;
          blocker.reset();
        },
      });
    })();
  }, [blocker.state]);
}

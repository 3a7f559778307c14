/**
 * 编辑 without a draft yet (issue 15, item 9): pressing 编辑 on a released version opens the editor on a
 * copy of it, but the draft (and its `draft.create` audit entry) is created only by the first real
 * change — opening the editor and leaving creates nothing. The autosave client below stands in for the
 * draft's: a save whose content equals the copy is a no-op; the first other save creates the draft
 * (documents.createDraft, based on the version shown) and saves the content into it, so invalid work
 * is kept like any draft's; later saves go to the new draft.
 */
import { useMemo, useRef } from 'react';
import type { PolicyDocumentInput } from '@policy/schemas';
import { officeDay } from '@policy/schemas';
import { useTRPCClient } from '../../lib/trpc.tsx';
import type { AutosaveClient } from './use-autosave.ts';

/** JSON with sorted keys, so that two equal documents compare equal whatever the key order. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

/** The copy a new draft starts from: the version's content, not taking effect before today (as the server's copy). */
export function draftCopy(content: PolicyDocumentInput, today = officeDay()): PolicyDocumentInput {
  const from = (content as { effectiveFrom?: unknown }).effectiveFrom;
  return (typeof from !== 'string' || from < today ? { ...content, effectiveFrom: today } : content) as PolicyDocumentInput;
}

export interface CreatedDraft {
  id: number;
  versionNumber: number;
}

/**
 * The autosave client of the editor: `base` itself for an existing draft (`drafting`); after 编辑
 * (`active`), the lazy client described in the module comment; otherwise it saves nothing. `onCreated` hears of the new draft once.
 */
export function usePendingDraftClient(
  base: AutosaveClient<PolicyDocumentInput>,
  opts: {
    active: boolean;
    drafting: boolean;
    documentId: string;
    basedOnVersion: number;
    copy: PolicyDocumentInput;
    onCreated: (d: CreatedDraft) => void;
    /** Set by an explicit 保存为草稿: the next save creates the draft even without a change. */
    force?: { current: boolean };
  },
): AutosaveClient<PolicyDocumentInput> {
  const client = useTRPCClient();
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const draft = useRef<{ id: number; versionNumber: number; revision: number; saved: boolean } | null>(null);
  return useMemo<AutosaveClient<PolicyDocumentInput>>(
    () => ({
      async save(input) {
        const o = optsRef.current;
        if (o.drafting) return base.save(input);
        // neither a draft nor 编辑 (left again): a released version is never saved over
        if (!o.active && !draft.current) return { revision: input.revision, errors: 0 };
        if (!draft.current) {
          // nothing really changed (a form normalising, a reason without a date): no draft
          if (!o.force?.current && stableJson(input.content) === stableJson(o.copy)) return { revision: input.revision, errors: 0 };
          const d = await client.documents.createDraft.mutate({ documentId: o.documentId, basedOnVersion: o.basedOnVersion });
          draft.current = { id: d.id, versionNumber: d.versionNumber, revision: d.revision, saved: false };
          o.onCreated({ id: d.id, versionNumber: d.versionNumber });
        }
        const d = draft.current;
        const r = await base.save({ ...input, versionId: d.id, revision: d.saved ? input.revision : d.revision });
        d.saved = true;
        return r;
      },
      load: (versionId) => base.load(draft.current?.id ?? versionId),
      classify: (e) => base.classify(e),
    }),
    [base, client],
  );
}

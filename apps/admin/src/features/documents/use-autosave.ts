/**
 * Autosave of a draft with optimistic concurrency: edits are saved ~1.5 s after the last keystroke with
 * the revision they started from. When someone else saved in between, the server refuses (stale
 * revision); the hook then fetches the server's content and holds both until the user keeps theirs
 * (saved on top of the new revision) or takes the server's. Nothing is lost either way.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AutosaveClient<T> {
  /** Saves `content` over `revision`; resolves with the new revision and the errors the saved draft still has. */
  save(input: {
    versionId: number;
    revision: number;
    content: T;
  }): Promise<{ revision: number; errors?: number }>;
  /** The stored draft as it is now (after a conflict). */
  load(versionId: number): Promise<{ revision: number; content: T }>;
  /** How a failed save should be treated. */
  classify(error: unknown): { kind: 'conflict' } | { kind: 'error'; message: string };
}

export type AutosaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export interface Conflict<T> {
  /** The draft as someone else saved it. */
  serverContent: T;
  serverRevision: number;
}

export interface Autosave<T> {
  value: T;
  /** A local edit: shown at once, saved after the delay. */
  setValue(next: T): void;
  status: AutosaveStatus;
  /** The revision the next save starts from. */
  revision: number;
  /** When the last save succeeded (null before the first one). */
  savedAt: Date | null;
  /** The errors the last saved draft has (a draft is saved with them; submitting needs them fixed). */
  savedErrors: number;
  /** True while edits are not stored: unsaved, being saved, failed or in conflict. */
  pending: boolean;
  error: string | null;
  conflict: Conflict<T> | null;
  /** Saves my version on top of the server's newer revision. */
  keepMine(): Promise<void>;
  /** Replaces my edits with the server's content (mine is dropped on purpose). */
  takeServer(): void;
  /** Saves now if there are unsaved edits; true when everything is saved. */
  flush(): Promise<boolean>;
  /** The revision of the last save, read at call time (after `flush`). */
  currentRevision(): number;
}

export interface AutosaveOptions<T> {
  versionId: number;
  initialValue: T;
  initialRevision: number;
  client: AutosaveClient<T>;
  /** Nothing is saved while false (a read-only version). */
  enabled?: boolean;
  delayMs?: number;
}

/**
 * @example
 * const a = useAutosave({ versionId: v.id, initialValue: v.content, initialRevision: v.revision, client });
 * <DocumentEditor value={a.value} onChange={a.setValue} />
 */
export function useAutosave<T>({
  versionId,
  initialValue,
  initialRevision,
  client,
  enabled = true,
  delayMs = 1500,
}: AutosaveOptions<T>): Autosave<T> {
  const [value, setValueState] = useState<T>(initialValue);
  const [status, setStatus] = useState<AutosaveStatus>('saved');
  const [revision, setRevision] = useState(initialRevision);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [savedErrors, setSavedErrors] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict<T> | null>(null);

  // refs hold what the asynchronous save loop needs without stale closures
  const valueRef = useRef(value);
  const revisionRef = useRef(initialRevision);
  const editSeq = useRef(0);
  const savedSeq = useRef(0);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const conflictRef = useRef<Conflict<T> | null>(null);
  const clientRef = useRef(client);
  clientRef.current = client;
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const saveNow = useCallback(async (): Promise<boolean> => {
    clearTimer();
    if (inFlight.current) await inFlight.current;
    if (conflictRef.current) return false;
    if (savedSeq.current === editSeq.current) return true;
    const seq = editSeq.current;
    const content = valueRef.current;
    const rev = revisionRef.current;
    setStatus('saving');
    const run = (async () => {
      try {
        const r = await clientRef.current.save({ versionId, revision: rev, content });
        revisionRef.current = r.revision;
        savedSeq.current = seq;
        if (!alive.current) return true;
        setRevision(r.revision);
        setSavedAt(new Date());
        setSavedErrors(r.errors ?? 0);
        setError(null);
        setStatus(editSeq.current === seq ? 'saved' : 'dirty');
        return editSeq.current === seq;
      } catch (e) {
        const c = clientRef.current.classify(e);
        if (c.kind === 'conflict') {
          try {
            const server = await clientRef.current.load(versionId);
            const next = { serverContent: server.content, serverRevision: server.revision };
            conflictRef.current = next;
            if (alive.current) {
              setConflict(next);
              setStatus('conflict');
            }
          } catch (e2) {
            const c2 = clientRef.current.classify(e2);
            if (alive.current) {
              setError(c2.kind === 'error' ? c2.message : String(e2));
              setStatus('error');
            }
          }
        } else if (alive.current) {
          setError(c.message);
          setStatus('error');
        }
        return false;
      }
    })();
    inFlight.current = run;
    const ok = await run;
    inFlight.current = null;
    // edits made while saving are saved after the delay
    if (alive.current && !conflictRef.current && savedSeq.current !== editSeq.current && enabledRef.current)
      schedule();
    return ok;
  }, [versionId]);

  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const schedule = () => {
    clearTimer();
    timer.current = setTimeout(() => {
      timer.current = null;
      void saveNow();
    }, delayMs);
  };

  const setValue = useCallback(
    (next: T) => {
      valueRef.current = next;
      editSeq.current += 1;
      setValueState(next);
      if (!enabledRef.current) return;
      if (!conflictRef.current) {
        setStatus((s) => (s === 'saving' ? s : 'dirty'));
        if (!inFlight.current) schedule();
      }
    },
    // schedule reads refs only
    [delayMs, saveNow],
  );

  const keepMine = useCallback(async () => {
    const c = conflictRef.current;
    if (!c) return;
    revisionRef.current = c.serverRevision;
    setRevision(c.serverRevision);
    conflictRef.current = null;
    setConflict(null);
    // make sure the save happens even if nothing changed since the refused save
    savedSeq.current = -1;
    await saveNow();
  }, [saveNow]);

  const takeServer = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    clearTimer();
    revisionRef.current = c.serverRevision;
    valueRef.current = c.serverContent;
    editSeq.current += 1;
    savedSeq.current = editSeq.current;
    conflictRef.current = null;
    setRevision(c.serverRevision);
    setValueState(c.serverContent);
    setConflict(null);
    setError(null);
    setStatus('saved');
  }, []);

  const flush = useCallback(() => saveNow(), [saveNow]);

  const currentRevision = useCallback(() => revisionRef.current, []);

  return {
    value,
    setValue,
    status,
    revision,
    savedAt,
    savedErrors,
    pending: status !== 'saved',
    error,
    conflict,
    keepMine,
    takeServer,
    flush,
    currentRevision,
  };
}

/**
 * Live preview of a draft: fetches the sample of the default dataset once (adminSupport.sample) and the
 * set in force today, starts the Web Worker, and re-evaluates the draft as the user types (latest edit
 * wins: while the worker is busy only the newest draft waits). A user who may not read firm-level results
 * (a viewer: `canReadFirms`) gets no sample: the server refuses it, so the hook never asks and answers
 * with the phase `no-firms`.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { canReadFirms } from '@policy/schemas';
import { useOptionalAuth } from '../../../lib/session.tsx';
import { apiError, useTRPC } from '../../../lib/trpc.tsx';
import type { PreviewOutcome } from './preview-core.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { todayIso } from '../../../lib/dates.ts';

export const SAMPLE_SIZE = 20_000;

export type LivePreviewPhase = 'loading' | 'no-firms' | 'no-dataset' | 'initialising' | 'evaluating' | 'ready' | 'error';

export interface LivePreview {
  phase: LivePreviewPhase;
  outcome: PreviewOutcome | null;
  /** Enterprises in the sample. */
  n: number;
  total: number;
  datasetId: number | null;
  datasetName: string | null;
  error: string | null;
}

/** Today in the browser's time zone, YYYY-MM-DD. */
export function useLivePreview(
  draft: unknown,
  { enabled = true, delayMs = 300 }: { enabled?: boolean; delayMs?: number } = {},
): LivePreview {
  const trpc = useTRPC();
  const at = todayIso();
  // firm-level records only for those who may read them (no session: none)
  const user = useOptionalAuth()?.user ?? null;
  const firms = user !== null && canReadFirms(user);
  const ds = useQuery({ ...trpc.adminSupport.defaultDataset.queryOptions(), enabled, staleTime: Infinity });
  const datasetId = ds.data?.id ?? null;
  const sample = useQuery({
    ...trpc.adminSupport.sample.queryOptions({ datasetId: datasetId ?? 1, size: SAMPLE_SIZE }),
    enabled: enabled && firms && datasetId !== null,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const inForce = useQuery({
    ...trpc.documents.inForce.queryOptions({ at }),
    enabled: enabled && firms,
    staleTime: 60_000,
  });

  const [phase, setPhase] = useState<LivePreviewPhase>('loading');
  const [outcome, setOutcome] = useState<PreviewOutcome | null>(null);
  const [n, setN] = useState(0);
  const [workerError, setWorkerError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const ready = useRef(false);
  const busy = useRef(false);
  const pending = useRef<unknown>(undefined);
  const seq = useRef(0);
  const latestDraft = useRef(draft);
  latestDraft.current = draft;

  const send = (d: unknown) => {
    if (!worker.current || !ready.current) {
      pending.current = d;
      return;
    }
    if (busy.current) {
      pending.current = d;
      return;
    }
    busy.current = true;
    pending.current = undefined;
    setPhase('evaluating');
    const msg: ToWorker = { type: 'evaluate', seq: ++seq.current, draft: d };
    worker.current.postMessage(msg);
  };

  // start the worker once the sample and the set in force are here
  useEffect(() => {
    if (!enabled || !sample.data || !inForce.data) return;
    if (typeof Worker === 'undefined') {
      setWorkerError('Web Worker unavailable');
      setPhase('error');
      return;
    }
    const w = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    ready.current = false;
    busy.current = false;
    setPhase('initialising');
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'ready') {
        ready.current = true;
        setN(m.n);
        send(pending.current ?? latestDraft.current);
      } else if (m.type === 'result') {
        busy.current = false;
        setOutcome(m.outcome);
        setPhase('ready');
        if (pending.current !== undefined) send(pending.current);
      } else {
        busy.current = false;
        setWorkerError(m.message);
        setPhase('error');
      }
    };
    w.onerror = (e) => {
      setWorkerError(e.message || 'worker error');
      setPhase('error');
    };
    const init: ToWorker = {
      type: 'init',
      records: sample.data.records,
      published: inForce.data.map((v) => v.content),
      at,
    };
    w.postMessage(init);
    return () => {
      w.terminate();
      worker.current = null;
      ready.current = false;
    };
    // the worker is started once per sample and set in force
  }, [enabled, sample.data, inForce.data]);

  // re-evaluate as the user types (debounced)
  useEffect(() => {
    if (!enabled || !firms) return;
    const h = setTimeout(() => send(draft), delayMs);
    return () => clearTimeout(h);
  }, [draft, enabled, firms, delayMs]);

  const queryError = ds.error ?? sample.error ?? inForce.error;
  let shownPhase = phase;
  if (!firms) shownPhase = ds.error ? 'error' : 'no-firms';
  else if (queryError) shownPhase = 'error';
  else if (ds.data === null) shownPhase = 'no-dataset';
  else if (!sample.data || !inForce.data) shownPhase = 'loading';
  return {
    phase: shownPhase,
    outcome,
    n,
    total: sample.data?.total ?? 0,
    datasetId,
    datasetName: sample.data?.datasetName ?? ds.data?.name ?? null,
    error: queryError ? apiError(queryError).message : workerError,
  };
}

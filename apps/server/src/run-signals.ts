/**
 * A run's early warnings and triggers (issue 13): which enterprises each early-warning rule warns
 * (003 第十三条) and which supervision items they trigger with the measures that apply (002 (八)),
 * as stored with the run (`run_signals`, written at its completion apart from the result lines, so
 * the lines, the run hash and the SQL engine's export are unchanged).
 *
 * - `runs.signals`: per rule / item the number of enterprises (every reader: an aggregate), and a
 *   page of the signals of the reader's enterprises (firm-level: a viewer gets none; a department
 *   editor those of the enterprises its department supervises, as `runs.results`); a read naming
 *   enterprises is a `read.search` security event.
 * - `compareRunSignals` (used by `runs.compare`): per rule / item the counts in both runs and how
 *   many enterprises it newly warns or triggers (appeared) or no longer does (disappeared), with
 *   the reader's enterprises listed (capped at {@link MAX_SIGNAL_PAGE} each); enterprises are matched
 *   by their USCC. Runs stored before signals were kept have none. A run made by the SQL engine
 *   stores the same rows, computed inside PostgreSQL (`signalsSql`, written before its completion);
 *   a bundle whose warnings or triggers the SQL compiler cannot express is run in memory instead.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { countRunSignals, getRun, listRunSignals, pageRunSignals } from '@policy/db';
import type { Run, StoredRunSignal } from '@policy/db';
import { canReadEnterprise, firmReadScope } from '@policy/schemas';
import type { LocalizedText, Principal } from '@policy/schemas';
import { principalOf, recordRead } from './firm-access.ts';
import type { Reader } from './firm-access.ts';
import { authedProcedure } from './trpc.ts';

export const MAX_SIGNAL_PAGE = 200;

/** A rule or item of the runs' signals. */
export interface SignalKey {
  kind: 'warning' | 'trigger';
  documentId: string;
  /** Rule id (warning) or item code (trigger). */
  code: string;
  /** Department owning the rule or the item list. */
  owner: string;
  /** The rule's label or the item's name. */
  label: LocalizedText;
}

export interface SignalCount extends SignalKey {
  /** Enterprises warned by the rule / triggering the item. */
  count: number;
}

/** One enterprise's warning or triggered item, as a reader sees it. */
export interface SignalRow extends SignalKey {
  row: number;
  uscc: string;
  name: string;
  departments: string[];
  /** Warnings: the departments warned. */
  notify?: string[];
  /** Triggers: the trigger points that hold and the measures that apply. */
  triggers?: string[];
  measures?: string[];
}

const keyOf = (s: StoredRunSignal) => `${s.kind}\u0000${s.documentId}\u0000${s.code}`;
const keyPart = (s: StoredRunSignal): SignalKey => ({ kind: s.kind, documentId: s.documentId, code: s.code, owner: s.owner, label: s.detail.label });

function rowOf(s: StoredRunSignal): SignalRow {
  const d = s.detail;
  return {
    ...keyPart(s),
    row: s.row,
    uscc: s.uscc,
    name: s.name,
    departments: s.departments,
    ...('notify' in d ? { notify: d.notify } : { triggers: d.triggers, measures: d.measures }),
  };
}

export const runSignalsInput = z.object({
  runId: z.number().int().positive(),
  kind: z.enum(['warning', 'trigger']).optional(),
  /** Only this early-warning or supervision-items document. */
  documentId: z.string().min(1).max(128).optional(),
  /** Only this rule id / item code (with `documentId`). */
  code: z.string().min(1).max(128).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_SIGNAL_PAGE).default(50),
});
export type RunSignalsInput = z.infer<typeof runSignalsInput>;

function requireCompleted(run: Run): void {
  if (run.status !== 'completed' && run.status !== 'signed-off') {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `评价批次 ${run.id} 尚无结果（${run.status}） / run ${run.id} has no results yet (${run.status})` });
  }
}

const readable = (p: Principal, all: boolean) => (s: StoredRunSignal) => all || canReadEnterprise(p, s);

/**
 * A run's signals for the reader: the counts per rule / item (all enterprises) and a page of the
 * signals of the enterprises the reader may read (none for a viewer: `firmRows` false).
 */
export async function runSignalsView(ctx: Reader, input: RunSignalsInput) {
  const run = await getRun(ctx.db, input.runId);
  requireCompleted(run);
  // counted and paged in the database: a large run's signals are never all read for one page
  const counts: SignalCount[] = await countRunSignals(ctx.db, run.id, input.kind);
  const scope = firmReadScope(principalOf(ctx.user));
  if (scope.kind === 'none') return { runId: run.id, counts, firmRows: false, total: 0, offset: input.offset, limit: input.limit, rows: [] as SignalRow[] };
  const page = await pageRunSignals(ctx.db, run.id, {
    kind: input.kind,
    documentId: input.documentId,
    code: input.code,
    departments: scope.kind === 'all' ? null : scope.departments,
    offset: input.offset,
    limit: input.limit,
  });
  const rows = page.rows.map(rowOf);
  await recordRead(ctx, 'read.search', {
    procedure: 'runs.signals',
    datasetId: run.datasetId,
    at: run.at,
    runIds: [run.id],
    query: `kind=${input.kind ?? '*'}; document=${input.documentId ?? '*'}; code=${input.code ?? '*'}`,
    count: rows.length,
  });
  return { runId: run.id, counts, firmRows: true, total: page.total, offset: input.offset, limit: input.limit, rows };
}

/** `runs.signals`: a run's early warnings and triggers (see the module comment). */
export const runSignalsProcedure = authedProcedure.input(runSignalsInput).query(({ ctx, input }) => runSignalsView(ctx, input));

/** One rule / item in two runs: the counts and the enterprises that appeared or disappeared. */
export interface SignalChange extends SignalKey {
  base: number;
  candidate: number;
  /** Enterprises it warns / that trigger it in the candidate run only. */
  appeared: number;
  /** Enterprises it warned / that triggered it in the base run only. */
  disappeared: number;
}

export interface SignalComparison {
  /** Every rule / item of either run, in order of first appearance (candidate first). */
  changes: SignalChange[];
  /** False for a viewer: counts only. */
  firmRows: boolean;
  /** The reader's enterprises newly warned / triggering (candidate's data), at most {@link MAX_SIGNAL_PAGE}. */
  appeared: SignalRow[];
  /** The reader's enterprises no longer warned / triggering (base's data), at most {@link MAX_SIGNAL_PAGE}. */
  disappeared: SignalRow[];
  /** True when either list was cut at {@link MAX_SIGNAL_PAGE}. */
  truncated: boolean;
}

/** The warnings and triggers that appear or disappear between two completed runs, for the reader. */
export async function compareRunSignals(ctx: Reader, base: Run, candidate: Run): Promise<SignalComparison> {
  const [sb, sc] = [await listRunSignals(ctx.db, base.id), await listRunSignals(ctx.db, candidate.id)];
  const firm = (s: StoredRunSignal) => `${keyOf(s)}\u0000${s.uscc}`;
  const inBase = new Set(sb.map(firm));
  const inCand = new Set(sc.map(firm));
  const appearedAll = sc.filter((s) => !inBase.has(firm(s)));
  const disappearedAll = sb.filter((s) => !inCand.has(firm(s)));
  const changes = new Map<string, SignalChange>();
  const entry = (s: StoredRunSignal) => {
    const k = keyOf(s);
    let c = changes.get(k);
    if (!c) changes.set(k, (c = { ...keyPart(s), base: 0, candidate: 0, appeared: 0, disappeared: 0 }));
    return c;
  };
  for (const s of sc) entry(s).candidate++;
  for (const s of sb) entry(s).base++;
  for (const s of appearedAll) entry(s).appeared++;
  for (const s of disappearedAll) entry(s).disappeared++;
  const principal = principalOf(ctx.user);
  const scope = firmReadScope(principal);
  if (scope.kind === 'none') return { changes: [...changes.values()], firmRows: false, appeared: [], disappeared: [], truncated: false };
  const ok = readable(principal, scope.kind === 'all');
  const appeared = appearedAll.filter(ok);
  const disappeared = disappearedAll.filter(ok);
  const shown = { appeared: appeared.slice(0, MAX_SIGNAL_PAGE).map(rowOf), disappeared: disappeared.slice(0, MAX_SIGNAL_PAGE).map(rowOf) };
  if (shown.appeared.length + shown.disappeared.length > 0) {
    await recordRead(ctx, 'read.moved', {
      procedure: 'runs.compare.signals',
      datasetId: candidate.datasetId,
      at: candidate.at,
      runIds: [base.id, candidate.id],
      count: shown.appeared.length + shown.disappeared.length,
    });
  }
  return {
    changes: [...changes.values()],
    firmRows: true,
    ...shown,
    truncated: appeared.length > MAX_SIGNAL_PAGE || disappeared.length > MAX_SIGNAL_PAGE,
  };
}

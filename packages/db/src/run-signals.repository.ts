/** Reading a run's stored early warnings and triggers (`run_signals`): list, count per rule / item, page. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { StoredRunSignal } from './run.repository.ts';

/** A stored row of `run_signals` as the readers see it. */
function signalOfRow(r: Selectable<Database['run_signals']>): StoredRunSignal {
  return {
    kind: r.kind as StoredRunSignal['kind'],
    documentId: r.document_id,
    code: r.code,
    owner: r.owner,
    row: Number(r.row_no),
    uscc: r.uscc,
    name: r.name,
    departments: JSON.parse(r.departments) as string[],
    detail: JSON.parse(r.detail) as StoredRunSignal['detail'],
  };
}

/**
 * The early warnings and triggers stored with run `runId`, in stored order, optionally of one kind.
 * Firm-level: the caller filters by the reader's departments (`departments`).
 */
export async function listRunSignals(db: Kysely<Database>, runId: number, kind?: 'warning' | 'trigger'): Promise<StoredRunSignal[]> {
  let q = db.selectFrom('run_signals').selectAll().where('run_id', '=', runId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('seq').execute();
  return rows.map(signalOfRow);
}

/** A run's signals of one rule / item with their number (`countRunSignals`). */
export interface RunSignalCount {
  kind: 'warning' | 'trigger';
  documentId: string;
  code: string;
  owner: string;
  label: { zh: string; en?: string };
  count: number;
}

/** Per rule / item (in stored order of first appearance), the number of a run's signals, counted in the database. */
export async function countRunSignals(db: Kysely<Database>, runId: number, kind?: 'warning' | 'trigger'): Promise<RunSignalCount[]> {
  let q = db
    .selectFrom('run_signals')
    .select((eb) => ['kind', 'document_id', 'code', 'owner', eb.fn.min<number>('seq').as('first'), eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(['kind', 'document_id', 'code', 'owner']);
  if (kind) q = q.where('kind', '=', kind);
  const groups = (await q.execute()).sort((a, b) => Number(a.first) - Number(b.first));
  const labels = groups.length === 0 ? [] : await db.selectFrom('run_signals').select(['seq', 'detail']).where('run_id', '=', runId).where('seq', 'in', groups.map((g) => Number(g.first))).execute();
  const labelOf = new Map(labels.map((l) => [Number(l.seq), (JSON.parse(l.detail) as StoredRunSignal['detail']).label]));
  return groups.map((g) => ({
    kind: g.kind as RunSignalCount['kind'],
    documentId: g.document_id,
    code: g.code,
    owner: g.owner,
    label: labelOf.get(Number(g.first)) ?? { zh: g.code, en: g.code },
    count: Number(g.n),
  }));
}

/**
 * A page of a run's signals in stored order, filtered in the database: of one kind, document and
 * rule / item, and (`departments` not null) of enterprises supervised by one of these departments.
 */
export async function pageRunSignals(
  db: Kysely<Database>,
  runId: number,
  filter: { kind?: 'warning' | 'trigger'; documentId?: string; code?: string; departments: readonly string[] | null; offset: number; limit: number },
): Promise<{ total: number; rows: StoredRunSignal[] }> {
  let q = db.selectFrom('run_signals').where('run_id', '=', runId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.documentId) q = q.where('document_id', '=', filter.documentId);
  if (filter.code) q = q.where('code', '=', filter.code);
  if (filter.departments !== null) {
    // departments is a JSON array of ids (letters, digits, dots, dashes: nothing LIKE treats specially): an id appears in it as "id"
    const deps = filter.departments.filter((d) => /^[a-z0-9.-]+$/.test(d));
    if (deps.length === 0) return { total: 0, rows: [] };
    q = q.where((eb) => eb.or(deps.map((d) => eb('departments', 'like', `%"${d}"%`))));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('seq').offset(filter.offset).limit(filter.limit).execute();
  return {
    total,
    rows: rows.map(signalOfRow),
  };
}

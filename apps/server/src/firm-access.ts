/**
 * Firm-level reads (issue 12; 003 第五条: 不向社会公开, 不提供给被评价对象). Who may read which
 * enterprise is `firmReadScope` / `canReadEnterprise` of @policy/schemas: the credit office and
 * reviewers every enterprise, a department editor the enterprises in the domains its department
 * supervises by the domain assignment in force (the evaluated enterprise's departments), a viewer
 * none — aggregates only. Every firm-level read, and every refusal, is a security event
 * (`read.*`), kept apart from the hash-chained audit log; the credit office lists them with
 * `auth.securityEvents`.
 */
import { TRPCError } from '@trpc/server';
import { recordSecurityEvent } from '@policy/db';
import type { SecurityEventKind, User } from '@policy/db';
import type { Aggregate, EvaluationResult, MovedEnterprise, Population } from '@policy/evaluation';
import { compareResults } from '@policy/evaluation';
import { canReadEnterprise, firmReadScope, officeDay } from '@policy/schemas';
import type { Principal } from '@policy/schemas';
import type { Context } from './context.ts';
import { publishedSet } from './published-set.ts';

/** A request with a signed-in user. */
export type Reader = Context & { user: User };

export const principalOf = (u: User): Principal => ({ role: u.role, department: u.department });

/** What a read names in its security event: the procedure and what was read. */
export interface ReadDetail {
  procedure: string;
  datasetId?: number;
  at?: string;
  uscc?: string;
  /** Enterprises returned (lists, samples). */
  count?: number;
  query?: string;
  drawId?: number;
  /** Runs read (runs.compare: base and candidate; run exports). */
  runIds?: number[];
  versionId?: number;
  /** Why a read was refused. */
  refused?: 'viewer' | 'outside-domains';
}

/** Records one firm-level read (or refusal) of the request's user. */
export async function recordRead(ctx: Reader, kind: SecurityEventKind, detail: ReadDetail): Promise<void> {
  await recordSecurityEvent(ctx.db, { kind, username: ctx.user.username, userId: ctx.user.id, clientAddress: ctx.clientAddress ?? null, detail: JSON.stringify(detail) });
}

export const VIEWER_MESSAGE =
  '只读用户只能查看汇总数据（分布、迁移矩阵、工作量），不能查看单个市场主体的记录、解释、名称或统一社会信用代码 / viewers see aggregates only (distributions, migration matrices, workload), never a single enterprise’s record, explanation, name or USCC';

export const outsideMessage = (department: string) =>
  `该市场主体不在本部门（${department}）监管的领域内，无权查看 / this enterprise is outside the domains your department (${department}) supervises`;

/**
 * Refuses (FORBIDDEN, recorded as `read.refused`) a reader who may read no enterprise: a viewer,
 * or an editor without a department. Returns the reader's scope otherwise.
 */
export async function requireFirmReader(ctx: Reader, detail: ReadDetail): Promise<{ kind: 'all' } | { kind: 'departments'; departments: readonly string[] }> {
  const scope = firmReadScope(principalOf(ctx.user));
  if (scope.kind === 'none') {
    await recordRead(ctx, 'read.refused', { ...detail, refused: 'viewer' });
    throw new TRPCError({ code: 'FORBIDDEN', message: VIEWER_MESSAGE });
  }
  return scope;
}

/** Per result and department: which rows the department's editor may read. */
const masks = new WeakMap<EvaluationResult, Map<string, Uint8Array>>();

/** Rows (1 = readable) of an evaluation result for a principal: per domain set, `canReadEnterprise` of its departments. */
export function rowMask(result: EvaluationResult, p: Principal): Uint8Array {
  const key = `${p.role}:${p.department ?? ''}`;
  let byKey = masks.get(result);
  if (!byKey) masks.set(result, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const setOk = result.domainSets.map((s) => canReadEnterprise(p, { departments: s.departments.map((d) => result.departments[d]!.id) }));
  const mask = new Uint8Array(result.n);
  for (let i = 0; i < result.n; i++) mask[i] = setOk[result.domainSet[i]!] ? 1 : 0;
  byKey.set(key, mask);
  return mask;
}

/**
 * The rows of a dataset a reader may read, by the domain assignment in force at `at` (the published
 * set, never a candidate: a candidate could assign itself any enterprise): null when every row
 * (credit office, reviewers). A viewer is refused. A set in force that does not compile gives an
 * editor no row.
 */
export async function readableRows(ctx: Reader, datasetId: number, at: string, detail: ReadDetail): Promise<Uint8Array | null> {
  const scope = await requireFirmReader(ctx, detail);
  if (scope.kind === 'all') return null;
  const set = await publishedSet(ctx.db, at, ctx.services);
  const compiled = ctx.services.evaluator(set);
  if (!compiled.success) return new Uint8Array((await ctx.services.population(datasetId)).n);
  const { result } = await ctx.services.evaluate(set, compiled.evaluator, datasetId, at);
  return rowMask(result, principalOf(ctx.user));
}

/**
 * Refuses (FORBIDDEN, recorded) the read of row `index` when it is outside the reader's rows,
 * without saying anything of the enterprise; records the read otherwise.
 */
export async function requireRow(ctx: Reader, rows: Uint8Array | null, index: number, detail: ReadDetail): Promise<void> {
  if (rows && !rows[index]) {
    await recordRead(ctx, 'read.refused', { ...detail, refused: 'outside-domains' });
    throw new TRPCError({ code: 'FORBIDDEN', message: outsideMessage(ctx.user.department ?? '') });
  }
  await recordRead(ctx, 'read.enterprise', detail);
}

// ------------------------------------------------------------------ moved enterprises of a reader

/**
 * The moved enterprises of a comparison among the reader's rows only: `compareResults` itself, kept
 * to those rows (same order, shape and reasons; `total` counts only those rows).
 */
export function movedAmong(
  rb: EvaluationResult,
  rc: EvaluationResult,
  pop: Population,
  rows: Uint8Array,
  options: { offset?: number; limit?: number; search?: string; document?: string },
): { total: number; offset: number; limit: number; items: MovedEnterprise[] } {
  return compareResults(rb, rc, pop, { ...options, within: rows }).moved;
}

/**
 * An aggregate with its enterprise samples (near a threshold, in no domain, in several departments'
 * domains) kept to the reader's rows — none for a viewer (`rows` 'none'); the counts stay whole.
 */
export function scopeAggregate<A extends Aggregate>(agg: A, rows: Uint8Array | null | 'none'): A {
  if (rows === null) return agg;
  const keep = <T extends { index: number }>(list: T[]): T[] => (rows === 'none' ? [] : list.filter((x) => rows[x.index]));
  return {
    ...agg,
    documents: agg.documents.map((d) => ({ ...d, nearThreshold: { ...d.nearThreshold, sample: keep(d.nearThreshold.sample) } })),
    noDomain: { ...agg.noDomain, sample: keep(agg.noDomain.sample) },
    multiDepartment: { ...agg.multiDepartment, sample: keep(agg.multiDepartment.sample) },
  };
}

/**
 * Rows of a population among `rows` whose USCC starts with the query (upper-cased) — first, in USCC
 * order — then whose name contains it (case-insensitive), in import order; at most `limit`. The
 * same matches as `searchDatasetEnterprises`, limited to the reader's rows.
 */
export function searchAmong(pop: Population, rows: Uint8Array, query: string, limit: number): number[] {
  const q = query.trim();
  if (!q) return [];
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const byUscc: number[] = [];
  const byName: number[] = [];
  for (let i = 0; i < pop.n; i++) {
    if (!rows[i]) continue;
    if (pop.uscc[i]!.startsWith(upper)) byUscc.push(i);
    else if (byName.length < limit && pop.name[i]!.toLowerCase().includes(lower)) byName.push(i);
  }
  byUscc.sort((a, b) => (pop.uscc[a]! < pop.uscc[b]! ? -1 : pop.uscc[a]! > pop.uscc[b]! ? 1 : a - b));
  return [...byUscc, ...byName].slice(0, limit);
}

/** Today's date of the office (China time), YYYY-MM-DD: the domain assignment in force for reads without a date. */
export const todayIso = (): string => officeDay();

const usccSets = new WeakMap<Uint8Array, Set<string>>();

/** The USCCs of the rows a reader may read (kept per row mask). */
export function readableUsccs(pop: Population, rows: Uint8Array): Set<string> {
  let set = usccSets.get(rows);
  if (!set) {
    set = new Set();
    for (let i = 0; i < pop.n; i++) if (rows[i]) set.add(pop.uscc[i]!);
    usccSets.set(rows, set);
  }
  return set;
}

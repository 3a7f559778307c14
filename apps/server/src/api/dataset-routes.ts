/**
 * The machine API's dataset routes (issue 17, incremental data): a dataset's version and content
 * hash (any token), and a delta applied to it (`import` scope only): new and changed enterprises by
 * USCC, records, list changes, deregistrations — all or nothing, in one transaction, audit-logged
 * under the token's name (`token:<name>`). Format: docs/DELTA.md; the body is checked by
 * `applyDatasetDelta` of @policy/db, so the problems are the same as the CLI's (`policy db update`).
 */
import { z } from 'zod';
import { applyDatasetDelta, getDatasetVersion, isDbError } from '@policy/db';
import type { Actor, ServiceToken } from '@policy/db';
import { calendarDate, dishonestyRecord, enterpriseRecord } from '@policy/schemas';
import { ApiError } from './api-error.ts';
import type { ApiRoute } from './route-types.ts';

/** Bytes of a delta request (a 100,000-enterprise delta is about 40 MB of JSON). */
export const DELTA_MAX_BYTES = 256 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uscc = z.string().meta({ title: '统一社会信用代码', description: 'The enterprise the item is about: in the dataset, or among the upserts of the same delta.' });
const text = z.object({ zh: z.string(), en: z.string() });

export const datasetParams = z.object({ id: z.string().regex(/^\d{1,12}$/) });

export const datasetVersionResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    version: z.number().int().meta({ description: '1 as imported, +1 per applied delta.' }),
    contentHash: hex64.meta({ description: 'SHA-256 of the stored chunks (the datasetHash a run records).' }),
    rowCount: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'DatasetVersion' });

/** The delta as documented (docs/DELTA.md); the route hands the body to applyDatasetDelta, which checks it item by item. */
export const deltaBody = z
  .object({
    baseVersion: z.number().int().min(1).optional().meta({ description: 'The version the delta was made against: another current version is refused (409 DATASET_VERSION_CONFLICT). Omitted: applied on top of whatever is current.' }),
    upsert: z.array(enterpriseRecord).optional().meta({ description: 'Whole records: one whose USCC is in the dataset replaces it where it stands; a new one is added at the end.' }),
    records: z.array(z.object({ uscc, record: dishonestyRecord }).strict()).optional().meta({ description: 'A dishonesty record added, or replacing the enterprise’s record with the same id.' }),
    lists: z
      .array(
        z
          .object({
            uscc,
            list: z.string().min(1),
            from: calendarDate('列入日期', 'list entry date'),
            until: calendarDate('移出日期', 'list removal date').nullable().optional(),
          })
          .strict(),
      )
      .optional()
      .meta({ description: 'A list membership added, or replacing the membership of the same list and from (e.g. its until: removal).' }),
    deregister: z
      .array(z.object({ uscc, date: calendarDate('注销日期', 'deregistration date') }).strict())
      .optional()
      .meta({ description: 'Deregistered from date (status deregistered, statusSince date, the earlier dated status kept in statusHistory).' }),
  })
  .strict()
  .meta({ id: 'DatasetDelta' });

const issue = z.object({ section: z.string().nullable(), index: z.number().int(), uscc: z.string().nullable(), path: z.string(), message: text });

export const deltaResponse = z.object({
  dataset: datasetVersionResponse,
  previousVersion: z.number().int(),
  counts: z.object({
    added: z.number().int(),
    changed: z.number().int(),
    upsert: z.number().int(),
    records: z.number().int(),
    lists: z.number().int(),
    deregister: z.number().int(),
  }),
  warnings: z.array(issue),
});

const datasetNotFound = (id: number) => new ApiError(404, 'DATASET_NOT_FOUND', `数据集 ${id} 不存在`, `no dataset ${id}`);

/** The token as the actor of the audit entry: the credit office's authority, the token's name. */
const tokenActor = (t: ServiceToken): Actor => ({ id: 0, username: `token:${t.name}`, role: 'credit-office', department: t.department ?? 'credit-office' });

const versionRoute: ApiRoute = {
  method: 'GET',
  url: '/datasets/:id',
  summary: '数据集的版本与内容哈希 / a dataset’s version and content hash',
  description: 'The version to name as baseVersion in a delta, and the content hash a run over this version records.',
  params: datasetParams,
  response: datasetVersionResponse,
  errors: [{ status: 404, codes: ['DATASET_NOT_FOUND'] }],
  async handler({ deps, params }) {
    const id = Number(params.id);
    try {
      return await getDatasetVersion(deps.db, id);
    } catch (e) {
      if (isDbError(e) && e.code === 'NOT_FOUND') throw datasetNotFound(id);
      throw e;
    }
  },
};

const deltaRoute: ApiRoute = {
  method: 'POST',
  url: '/datasets/:id/delta',
  summary: '增量更新数据集（需 import 权限） / update a dataset by a delta (import scope)',
  description:
    'All or nothing: any bad item refuses the whole delta (400 INVALID_DELTA, every problem with its JSON pointer, section, item and USCC) and nothing changes. On success the dataset’s version advances by one and its content hash is returned; the change is audit-logged as dataset.update by token:<name>. Concurrent deltas apply one after the other; with baseVersion, a delta made against an older version is refused (409). Format: docs/DELTA.md.',
  params: datasetParams,
  body: z.unknown(),
  documentedBody: deltaBody,
  response: deltaResponse,
  errors: [
    { status: 400, codes: ['INVALID_DELTA'] },
    { status: 403, codes: ['SCOPE_FORBIDDEN'] },
    { status: 404, codes: ['DATASET_NOT_FOUND'] },
    { status: 409, codes: ['DATASET_VERSION_CONFLICT'] },
  ],
  bodyLimit: DELTA_MAX_BYTES,
  async handler({ deps, token, params, body, count, note }) {
    const id = Number(params.id);
    if (token.scope !== 'import') {
      throw new ApiError(403, 'SCOPE_FORBIDDEN', `本令牌的权限范围为“${token.scope}”，更新数据集需要“import”`, `this token's scope is "${token.scope}"; updating a dataset needs "import"`);
    }
    let r;
    try {
      r = await applyDatasetDelta(deps.db, tokenActor(token), id, body);
    } catch (e) {
      if (isDbError(e) && e.code === 'NOT_FOUND') throw datasetNotFound(id);
      if (isDbError(e) && e.code === 'CONFLICT') {
        const [zh, en] = e.message.split(' / ');
        throw new ApiError(409, 'DATASET_VERSION_CONFLICT', zh!, en ?? e.message);
      }
      throw e;
    }
    const place = (i: { path: string; message: string; messageEn: string }) => ({ path: `/body${i.path}`, message: { zh: i.message, en: i.messageEn } });
    if (!r.success) {
      note(`dataset=${id}; refused: ${r.errorCount} errors`);
      throw new ApiError(400, 'INVALID_DELTA', `增量有 ${r.errorCount} 处错误，未应用，数据集未改变`, `the delta has ${r.errorCount} errors: not applied, the dataset is unchanged`, r.errors.map(place));
    }
    // what the server kept of the old content (populations, results) is stale now
    deps.services.forgetDataset(id);
    // the new version loaded now, in the background: its population columns are stored right after (issue 16)
    void deps.services.populations.population(id).catch((e: unknown) => deps.logger.warn('population not loaded after a delta', { datasetId: id, error: e }));
    const c = r.counts;
    count(c.upsert + c.records + c.lists + c.deregister);
    note(`dataset=${id}; version ${r.previousVersion}→${r.dataset.version}; added=${c.added}; changed=${c.changed}`);
    return {
      dataset: r.dataset,
      previousVersion: r.previousVersion,
      counts: c,
      warnings: r.warnings.map((w) => ({ section: w.section, index: w.index, uscc: w.uscc, path: `/body${w.path}`, message: { zh: w.message, en: w.messageEn } })),
    };
  },
};

export const DATASET_ROUTES: readonly ApiRoute[] = [versionRoute, deltaRoute];

/**
 * The machine API (issue 17): REST/JSON under `/api/v1` for systems, beside tRPC (which serves
 * people). Authenticated by a service token (`Authorization: Bearer pcs_…`, see
 * service-token.repository.ts of @policy/db), rate-limited per token (rate-limit.ts), every call
 * recorded in `api_calls` (who = the token's name, what, how many records, the status); reads of
 * enterprises' run results are also security events (`read.search`, refusals `read.refused`) under
 * the name `token:<name>`. Errors are `{ error: { code, message: { zh, en } } }` with stable codes.
 *
 * The routes are the table `API_ROUTES`: each names the zod schemas it validates with and answers
 * with, and the OpenAPI document (openapi.ts) is generated from the same table.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  authenticateServiceToken,
  forEachRunChunk,
  getDraw,
  getRound,
  getRunDetail,
  inForceAt,
  isDbError,
  listDraws,
  listRuns,
  parseRunPayload,
  publicInspections,
  recordApiCall,
  recordSecurityEvent,
  releaseBundleAt,
} from '@policy/db';
import type { ServiceToken } from '@policy/db';
import { buildPopulation } from '@policy/evaluation';
import { validateEnterprise } from '@policy/schemas';
import type { EnterpriseRecord } from '@policy/schemas';
import type { AppDeps } from '../context.ts';
import { publicError } from '../errors.ts';
import { publishedSet } from '../published-set.ts';
import { ApiError, apiErrorBody } from './api-error.ts';
import { DATASET_ROUTES } from './dataset-routes.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiCall, ApiRoute } from './route-types.ts';
import { DEFAULT_API_RATE, rateLimitOptions } from './rate-limit.ts';
import type { RateLimitSettings } from './rate-limit.ts';
import {
  API_PREFIX,
  atQuery,
  bundleResponse,
  documentsResponse,
  drawsQuery,
  drawsResponse,
  evaluateBody,
  evaluateEnvelope,
  evaluateResponse,
  resultsQuery,
  resultsResponse,
  runParams,
  runsResponse,
} from './schemas.ts';

export { ApiError, apiErrorBody } from './api-error.ts';
export type { ApiCall, ApiRoute } from './route-types.ts';

const STATUS_OF: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, PRECONDITION_FAILED: 409, BAD_REQUEST: 400, CONFLICT: 409 };

/** zod issues as the API's issues (JSON pointers). */
function zodIssues(where: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => {
    const path = `/${where}` + i.path.map((p) => '/' + String(p)).join('');
    return { path, message: { zh: i.message, en: i.message } };
  });
  return new ApiError(400, 'INVALID_INPUT', `输入无效：${issues.map((i) => i.path).join('，')}`, `invalid input at ${issues.map((i) => i.path).join(', ')}`, issues);
}

const parse = <T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> | undefined => {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw zodIssues(where, r.error);
  return r.data;
};

// ------------------------------------------------------------------ the routes

const documentsRoute: ApiRoute = {
  method: 'GET',
  url: '/documents',
  summary: '某日生效的策略文档（版本号与内容哈希） / documents in force at a date, with version numbers and content hashes',
  query: atQuery,
  response: documentsResponse,
  async handler({ deps, query, count }) {
    const versions = await inForceAt(deps.db, query.at);
    count(versions.length);
    return {
      at: query.at,
      documents: versions.map((v) => ({
        id: v.documentId,
        kind: v.kind,
        owner: v.owner,
        title: typeof v.content.title === 'string' ? v.content.title : v.documentId,
        version: v.versionNumber,
        effectiveFrom: v.effectiveFrom ?? '',
        contentHash: v.contentHash,
      })),
    };
  },
};

const bundleRoute: ApiRoute = {
  method: 'GET',
  url: '/bundle',
  summary: '发布包：某日生效的全部文档及哈希 / the release bundle of the documents in force at a date',
  description: 'bundleHash = SHA-256 of the canonical JSON (keys sorted, no whitespace) of the bundle without bundleHash; each contentHash the same of its content. Check offline with `pnpm policy bundle verify FILE`.',
  query: atQuery,
  response: bundleResponse,
  async handler({ deps, query, count }) {
    const bundle = await releaseBundleAt(deps.db, query.at);
    count(bundle.documents.length);
    return bundle;
  },
};

const evaluateRoute: ApiRoute = {
  method: 'POST',
  url: '/evaluate',
  summary: '按某日生效的策略评价一批市场主体（≤ 1000） / evaluate up to 1,000 enterprise records with the policies in force at a date',
  description:
    'Records in the contract format (CONTRACTS §1). Results are the lines of `policy evaluate`; deregistered enterprises get none. Any token may evaluate: the records are the caller’s own, so the results of every department’s documents are returned, whatever the token’s department.',
  body: evaluateEnvelope,
  documentedBody: evaluateBody,
  response: evaluateResponse,
  errors: [{ status: 422, codes: ['NO_POLICY_IN_FORCE', 'POLICIES_DO_NOT_COMPILE'] }],
  bodyLimit: 32 * 1024 * 1024,
  async handler({ deps, body, count }) {
    const { at, enterprises } = body as z.infer<typeof evaluateEnvelope>;
    const records: EnterpriseRecord[] = [];
    const issues: NonNullable<ApiError['issues']> = [];
    const warnings: { index: number; path: string; message: { zh: string; en: string } }[] = [];
    enterprises.forEach((e, k) => {
      const v = validateEnterprise(e);
      for (const i of v.issues) {
        const item = { path: `/body/enterprises/${k}${i.path}`, message: { zh: i.message, en: i.messageEn } };
        if (i.severity === 'warning') warnings.push({ index: k, path: i.path, message: item.message });
        else issues.push(item);
      }
      if (v.success) records.push(v.data);
    });
    if (issues.length > 0) throw new ApiError(400, 'INVALID_ENTERPRISE', `${new Set(issues.map((i) => i.path.split('/')[3])).size} 条市场主体记录无效，未评价`, 'invalid enterprise records; nothing evaluated', issues);
    const set = await publishedSet(deps.db, at, deps.services);
    if (set.members.length === 0) throw new ApiError(422, 'NO_POLICY_IN_FORCE', `${at} 没有生效的策略`, `no policy in force at ${at}`);
    const compiled = deps.services.evaluator(set);
    if (!compiled.success) throw new ApiError(422, 'POLICIES_DO_NOT_COMPILE', `${at} 生效的策略无法编译`, `the policies in force at ${at} do not compile`);
    const result = compiled.evaluator.evaluate(buildPopulation(records), at);
    const results: unknown[] = [];
    const deregistered: string[] = [];
    for (let i = 0; i < records.length; i++) {
      if (result.isOutside(i)) deregistered.push(records[i]!.uscc);
      else results.push(result.toJSON(i));
    }
    count(records.length);
    return {
      at,
      versions: set.members.map((m) => ({ id: m.documentId, version: m.versionNumber ?? 0, contentHash: m.contentHash })),
      evaluated: results.length,
      results,
      deregistered,
      warnings,
    };
  },
};

const runsRoute: ApiRoute = {
  method: 'GET',
  url: '/runs',
  summary: '已签发的评价批次 / signed-off evaluation runs',
  response: runsResponse,
  async handler({ deps, count }) {
    const runs = (await listRuns(deps.db)).filter((r) => r.status === 'signed-off');
    count(runs.length);
    return {
      runs: runs.map((r) => ({
        id: r.id,
        datasetId: r.datasetId,
        datasetName: r.datasetName,
        datasetHash: r.datasetHash,
        datasetVersion: r.datasetVersion,
        at: r.at,
        jurisdiction: r.jurisdiction,
        versions: r.versions,
        counts: r.counts,
        runHash: r.runHash,
        completedAt: r.completedAt,
        signedOffAt: r.signedOffAt,
      })),
    };
  },
};

const tokenUser = (t: ServiceToken) => `token:${t.name}`;

const resultsRoute: ApiRoute = {
  method: 'GET',
  url: '/runs/:id/results',
  summary: '已签发批次的结果（按部门分页） / results of a signed-off run, by department, a page at a time',
  description:
    'A department’s token reads only the enterprises in its department’s domains (the default `department`); naming another department is refused (403 DEPARTMENT_FORBIDDEN). A credit-office token reads every enterprise, or one department’s.',
  params: runParams,
  query: resultsQuery,
  response: resultsResponse,
  errors: [{ status: 403, codes: ['DEPARTMENT_FORBIDDEN'] }, { status: 404, codes: ['RUN_NOT_FOUND'] }],
  async handler({ deps, token, params, query, req, count, note }) {
    const runId = Number(params.id);
    const q = query as z.infer<typeof resultsQuery>;
    const event = (kind: 'read.search' | 'read.refused', detail: Record<string, unknown>) =>
      recordSecurityEvent(deps.db, { kind, username: tokenUser(token), userId: null, clientAddress: req.ip ?? null, detail: JSON.stringify({ procedure: 'api.runs.results', runIds: [runId], ...detail }) });
    if (token.department !== null && q.department !== undefined && q.department !== token.department) {
      await event('read.refused', { refused: 'outside-domains', query: `department=${q.department}` });
      throw new ApiError(403, 'DEPARTMENT_FORBIDDEN', `本令牌只能读取本部门（${token.department}）的结果`, `this token reads only its own department's results (${token.department})`);
    }
    const department = token.department ?? q.department ?? null;
    let run;
    try {
      run = await getRunDetail(deps.db, runId);
    } catch (e) {
      if (isDbError(e) && e.code === 'NOT_FOUND') run = null;
      else throw e;
    }
    if (!run || run.status !== 'signed-off') throw new ApiError(404, 'RUN_NOT_FOUND', `没有已签发的评价批次 ${runId}`, `no signed-off run ${runId}`);
    const results: { row: number; result: unknown }[] = [];
    let total = 0;
    await forEachRunChunk(deps.db, run.id, (chunk) => {
      for (const line of parseRunPayload(chunk.payload)) {
        if (department !== null) {
          const r = JSON.parse(line.json) as { departments: string[] };
          if (!r.departments.includes(department)) continue;
          if (total >= q.offset && results.length < q.limit) results.push({ row: line.row, result: r });
        } else if (total >= q.offset && results.length < q.limit) results.push({ row: line.row, result: JSON.parse(line.json) });
        total++;
      }
    });
    count(results.length);
    note(`run=${run.id}; department=${department ?? '*'}`);
    await event('read.search', { datasetId: run.datasetId, at: run.at, count: results.length, query: `run=${run.id}; department=${department ?? '*'}; offset=${q.offset}` });
    return { runId: run.id, at: run.at, department, total, offset: q.offset, limit: q.limit, results };
  },
};

const drawsRoute: ApiRoute = {
  method: 'GET',
  url: '/draws',
  summary: '已公开的双随机抽查名单 / published draws (the public lists, no grade)',
  query: drawsQuery,
  response: drawsResponse,
  async handler({ deps, query, count }) {
    const q = query as z.infer<typeof drawsQuery>;
    const published = (await listDraws(deps.db, q.round ? { round: q.round } : {})).filter((d) => d.status === 'published');
    const draws = [];
    for (const d of published) {
      const detail = await getDraw(deps.db, d.id);
      const round = d.department && d.roundLabel ? await getRound(deps.db, d.department, d.roundLabel) : undefined;
      const inspections = publicInspections(detail, round);
      draws.push({ id: d.id, name: d.name, department: d.department, round: d.roundLabel, at: d.at, publishedAt: d.publishedAt, resultHash: d.resultHash, inspections });
    }
    count(draws.reduce((s, d) => s + d.inspections.length, 0));
    return { draws };
  },
};

/** Every route of the API, in the order of the OpenAPI document. */
export const API_ROUTES: readonly ApiRoute[] = [documentsRoute, bundleRoute, evaluateRoute, runsRoute, resultsRoute, drawsRoute, ...DATASET_ROUTES];

// ------------------------------------------------------------------ the plugin

const TOKEN_REFUSALS = {
  missing: ['TOKEN_MISSING', '缺少服务令牌（Authorization: Bearer pcs_…）', 'missing service token (Authorization: Bearer pcs_…)'],
  malformed: ['TOKEN_INVALID', '服务令牌无效', 'invalid service token'],
  unknown: ['TOKEN_INVALID', '服务令牌无效', 'invalid service token'],
  revoked: ['TOKEN_REVOKED', '服务令牌已被吊销', 'the service token has been revoked'],
  expired: ['TOKEN_EXPIRED', '服务令牌已过期', 'the service token has expired'],
} as const;

interface CallState {
  token: ServiceToken | null;
  tokenName: string;
  records: number;
  detail: string | null;
}
const states = new WeakMap<FastifyRequest, CallState>();

export interface ApiOptions {
  deps: AppDeps;
  rateLimit?: RateLimitSettings;
}

/**
 * The API as a fastify plugin (register it with `prefix: '/api/v1'`); also serves `/openapi.json`.
 *
 * @example
 * await app.register(apiRoutes, { prefix: '/api/v1', deps });
 */
export async function apiRoutes(app: FastifyInstance, opts: ApiOptions): Promise<void> {
  const { deps } = opts;
  const send = (reply: FastifyReply, e: ApiError) => reply.code(e.status).send(apiErrorBody(e.code, e.zh, e.en, e.issues));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    states.set(req, { token: null, tokenName: '', records: 0, detail: null });
  });

  // every call, refused or not, is recorded before its answer leaves
  app.addHook('onSend', async (req, reply, payload) => {
    const s = states.get(req);
    if (!s) return payload;
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    await recordApiCall(deps.db, {
      tokenId: s.token?.id ?? null,
      tokenName: s.token?.name ?? s.tokenName,
      method: req.method,
      route: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}${query.slice(0, 400)}`,
      status: reply.statusCode,
      records: s.records,
      detail: s.detail,
      clientAddress: req.ip ?? null,
    }).catch((e: unknown) => deps.logger.error('api call not recorded', { error: e }));
    return payload;
  });

  app.setErrorHandler((e: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (e instanceof ApiError) return send(reply, e);
    const status = e.statusCode ?? 500;
    if (status === 413) return send(reply, new ApiError(413, 'PAYLOAD_TOO_LARGE', '请求体过大', 'the request body is too large'));
    if (status === 415) return send(reply, new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 application/json 发送', 'send application/json'));
    if (status >= 400 && status < 500) return send(reply, new ApiError(400, 'BAD_REQUEST', '请求无效（JSON 格式错误？）', 'bad request (malformed JSON?)'));
    if (isDbError(e)) return send(reply, new ApiError(STATUS_OF[e.code] ?? 400, e.code, e.message.split(' / ')[0]!, e.message.split(' / ')[1] ?? e.message));
    const p = publicError(e);
    deps.logger.error('api call failed', { id: req.id, path: req.url.split('?')[0], error: e, stack: e.stack });
    const [zh, en] = p.body.error.message.split(' / ');
    return send(reply, new ApiError(p.status, p.body.error.code, zh ?? p.body.error.message, en ?? p.body.error.message));
  });

  app.setNotFoundHandler((req, reply) => send(reply, new ApiError(404, 'NOT_FOUND', `没有该接口：${req.method} ${req.url.split('?')[0]}`, `no such route: ${req.method} ${req.url.split('?')[0]}`)));

  /** Authenticates the bearer token (the rate limit, keyed by the token, runs after it). */
  async function admit(req: FastifyRequest, reply: FastifyReply): Promise<ServiceToken> {
    const s = states.get(req)!;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError(401, TOKEN_REFUSALS.missing[0], TOKEN_REFUSALS.missing[1], TOKEN_REFUSALS.missing[2]);
    const check = await authenticateServiceToken(deps.db, m[1]!);
    if (!check.ok) {
      s.tokenName = check.token?.name ?? '';
      s.token = check.token;
      reply.header('www-authenticate', 'Bearer realm="policy"');
      const [code, zh, en] = TOKEN_REFUSALS[check.reason];
      throw new ApiError(401, code, zh, en);
    }
    s.token = check.token;
    return check.token;
  }

  // authentication first (app-level preHandler), then @fastify/rate-limit per token (route-level preHandler)
  app.addHook('preHandler', async (req, reply) => {
    // the OpenAPI document is public; unknown routes answer 404 (the not-found handler)
    if (!req.routeOptions.url || (req.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    await admit(req, reply);
  });
  await app.register(rateLimit, rateLimitOptions(opts.rateLimit ?? DEFAULT_API_RATE, (req) => states.get(req)?.token?.id ?? req.ip, (wait) => new ApiError(429, 'RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后再试`, `too many requests; retry after ${wait} s`)));

  for (const route of API_ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      async handler(req, reply) {
        const s = states.get(req)!;
        const token = s.token!;
        const call: ApiCall = {
          deps,
          token,
          req,
          reply,
          query: parse(route.query, req.query, 'query'),
          params: parse(route.params, req.params, 'params'),
          body: route.method === 'POST' ? parse(route.body, req.body, 'body') : undefined,
          count: (n) => void (s.records = n),
          note: (d) => void (s.detail = d),
        };
        return route.handler(call);
      },
    });
  }

  const doc = openApiDocument(API_ROUTES);
  app.get('/openapi.json', { config: { public: true, rateLimit: false } }, async () => doc);
}

export { API_PREFIX };

/**
 * The machine API's request and response shapes (zod): the routes validate with them and the
 * OpenAPI document (openapi.ts) is generated from them with `z.toJSONSchema` — there is no other copy.
 */
import { z } from 'zod';
import { calendarDate, DOCUMENT_KINDS, enterpriseRecord, releaseBundle } from '@policy/schemas';

export const API_PREFIX = '/api/v1';
export const EVALUATE_MAX = 1000;
export const RESULTS_MAX_PAGE = 1000;

const text = z.object({ zh: z.string(), en: z.string() });

/** Every error answer. `code` is stable; the message is for people. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable code, e.g. TOKEN_EXPIRED, RATE_LIMITED, DEPARTMENT_FORBIDDEN.' }),
      message: text,
      issues: z.array(z.object({ path: z.string(), message: text })).optional(),
    }),
  })
  .meta({ id: 'Error' });

const at = calendarDate('日期', 'date');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const atQuery = z.object({ at });

export const documentsResponse = z.object({
  at: z.string(),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(DOCUMENT_KINDS),
      owner: z.string(),
      title: z.string(),
      version: z.number().int(),
      effectiveFrom: z.string(),
      contentHash: hex64,
    }),
  ),
});

export const bundleResponse = releaseBundle.meta({ id: 'ReleaseBundle' });

/** The envelope of an evaluation request; each enterprise is then checked as a record of the contract (CONTRACTS §1). */
export const evaluateEnvelope = z.object({
  at,
  enterprises: z.array(z.unknown()).min(1).max(EVALUATE_MAX),
});
/** The request as documented: the same envelope with the enterprise record schema of @policy/schemas. */
export const evaluateBody = evaluateEnvelope.extend({ enterprises: z.array(enterpriseRecord).min(1).max(EVALUATE_MAX) });

/** One enterprise's result: the line `policy evaluate` writes (and a run stores). */
export const resultLine = z
  .looseObject({
    uscc: z.string(),
    name: z.string(),
    results: z.record(z.string(), z.looseObject({ grade: z.string().nullable(), rule: z.string().nullable(), score: z.number().optional() })),
    departments: z.array(z.string()),
    domains: z.array(z.string()).optional(),
    sampling: z.looseObject({ grade: z.string().nullable(), ratioPercent: z.number(), frequencyPerYear: z.number() }).nullable(),
  })
  .meta({ id: 'ResultLine' });

const versionRef = z.object({ id: z.string(), version: z.number().int(), contentHash: hex64 });

export const evaluateResponse = z.object({
  at: z.string(),
  versions: z.array(versionRef),
  evaluated: z.number().int(),
  results: z.array(resultLine),
  /** USCCs outside the register on `at` (deregistered): no result, as in `policy evaluate`. */
  deregistered: z.array(z.string()),
  warnings: z.array(z.object({ index: z.number().int(), path: z.string(), message: text })),
});

export const runSummary = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  datasetName: z.string(),
  datasetHash: z.string(),
  datasetVersion: z.number().int().nullable().meta({ description: 'The dataset version the run evaluated (1 as imported, +1 per delta); null for runs before dataset versions.' }),
  at: z.string(),
  jurisdiction: z.string().nullable(),
  versions: z.array(z.object({ documentId: z.string(), versionNumber: z.number().int(), contentHash: z.string() })),
  counts: z.object({ dataset: z.number().int(), evaluated: z.number().int(), outside: z.number().int() }).nullable(),
  runHash: z.string().nullable(),
  completedAt: z.string().nullable(),
  signedOffAt: z.string().nullable(),
});
export const runsResponse = z.object({ runs: z.array(runSummary) });

export const runParams = z.object({ id: z.string().regex(/^\d{1,12}$/) });
export const resultsQuery = z.object({
  department: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(RESULTS_MAX_PAGE).default(100),
});
export const resultsResponse = z.object({
  runId: z.number().int(),
  at: z.string(),
  department: z.string().nullable(),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  results: z.array(z.object({ row: z.number().int(), result: resultLine })),
});

export const drawsQuery = z.object({ round: z.string().min(1).max(100).optional() });
export const drawsResponse = z.object({
  draws: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      department: z.string().nullable(),
      round: z.string().nullable(),
      at: z.string(),
      publishedAt: z.string().nullable(),
      resultHash: z.string(),
      inspections: z.array(z.object({ uscc: z.string(), name: z.string(), items: z.array(z.string()), windowFrom: z.string().nullable(), windowTo: z.string().nullable() })),
    }),
  ),
});

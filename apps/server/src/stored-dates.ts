/**
 * The answer to the evaluation's `invalid date: …` (an impossible date such as `2026-02-30` stored
 * before imports checked the calendar): 422 UNPROCESSABLE_CONTENT naming the dataset's row and field
 * when the call names a dataset, else naming the date — never a 500. See `@policy/db` dataset-dates.ts.
 */
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import { storedDateError } from '@policy/db';

export async function storedDateRefusal(db: Kysely<Database>, getRawInput: () => Promise<unknown>, cause: Error): Promise<TRPCError> {
  const raw = await getRawInput().catch(() => undefined);
  const datasetId = raw && typeof raw === 'object' ? (raw as { datasetId?: unknown }).datasetId : undefined;
  const known = typeof datasetId === 'number' ? await storedDateError(db, datasetId).catch(() => undefined) : undefined;
  if (known) return new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: known.message, cause: known });
  const value = /invalid date: (\S{0,40})/.exec(cause.message)?.[1] ?? '';
  return new TRPCError({
    code: 'UNPROCESSABLE_CONTENT',
    message: `存储的数据含有不存在的日期 ${value}，无法评价；请修正后重新导入或发布 / the stored data holds an impossible date ${value} and cannot be evaluated; correct it and import or publish again`,
  });
}

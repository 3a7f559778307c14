/**
 * `draws.inspectors.*`: a department's directory of inspectors (执法检查人员名录, issue 14). Read by
 * its department, the credit office and reviewers; edited by its department's editor or the credit
 * office; import replaces the directory with a CSV/XLSX file all or nothing; every change audited.
 */
import { z } from 'zod';
import { checkMayReadDirectory, exportInspectors, importInspectors, listInspectors, removeInspector, toActor, upsertInspector } from '@policy/db';
import { badRequest } from '../errors.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

export const department = z.string().min(1).max(64);
const format = z.enum(['csv', 'xlsx']);
/** A file of at most 5 MB, base64. */
const base64File = z.string().min(1).max(7_000_000);

export const MIME = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export const inspectorInput = z.object({
  id: z.string().min(1).max(32),
  name: z.string().min(1).max(50),
  certificate: z.string().min(1).max(64),
  items: z.array(z.string().min(1).max(64)).max(500).default([]),
  conflicts: z.array(z.string().min(1).max(18)).max(5000).default([]),
  active: z.boolean().default(true),
});

export const inspectorsRouter = router({
  list: authedProcedure.input(z.object({ department })).query(({ ctx, input }) => {
    checkMayReadDirectory(toActor(ctx.user), input.department);
    return listInspectors(ctx.db, input.department);
  }),

  upsert: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ department, inspector: inspectorInput }))
    .mutation(({ ctx, input }) => upsertInspector(ctx.db, toActor(ctx.user), input.department, input.inspector)),

  remove: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ department, id: z.string().min(1).max(32) }))
    .mutation(async ({ ctx, input }) => {
      await removeInspector(ctx.db, toActor(ctx.user), input.department, input.id);
      return { ok: true as const };
    }),

  /** Replaces the directory with the file's inspectors (all or nothing); BAD_REQUEST lists every wrong row and column. */
  import: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ department, format, contentBase64: base64File }))
    .mutation(({ ctx, input }) => {
      const data = Buffer.from(input.contentBase64, 'base64');
      if (data.length === 0) throw badRequest('文件为空 / the file is empty');
      return importInspectors(ctx.db, toActor(ctx.user), input.department, data, input.format);
    }),

  export: authedProcedure.input(z.object({ department, format })).query(async ({ ctx, input }) => {
    const data = await exportInspectors(ctx.db, toActor(ctx.user), input.department, input.format);
    return { filename: `执法检查人员名录-${input.department}.${input.format}`, mimeType: MIME[input.format], contentBase64: data.toString('base64') };
  }),
});

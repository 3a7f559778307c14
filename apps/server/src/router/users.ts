/**
 * Users and roles, managed by the credit office (issue 15, item 9): list with display names, roles,
 * departments and whether the account is active; create with a one-time password shown once; reset a
 * password (again a one-time password, shown once); deactivate and reactivate; change the role and
 * department (the last active credit-office account keeps its role; open sessions take the new role at
 * the next request). Every change is in the audit log (never a password). Department ids are checked
 * against the domain assignment in force.
 */
import { officeDay } from '@policy/schemas';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { changeUserRole, createUserWithOneTimePassword, inForceAt, listUsers, resetPassword, ROLES, setUserActive, toActor } from '@policy/db';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import type { Context } from '../context.ts';

/** Department ids of the domain assignment in force today (empty when none is in force). */
async function knownDepartments(ctx: Pick<Context, 'db'>): Promise<Set<string>> {
  const today = officeDay();
  const docs = await inForceAt(ctx.db, today);
  const da = docs.find((d) => d.kind === 'domain-assignment')?.content as { content?: { departments?: { id: string }[] } } | undefined;
  return new Set((da?.content?.departments ?? []).map((d) => d.id));
}

const officeOnly = roleProcedure('credit-office');

/** A department role (department editor; a viewer who belongs to one) needs a department of the directory in force. */
async function checkDepartment(ctx: Pick<Context, 'db'>, role: string, department: string | null | undefined): Promise<void> {
  const needs = role === 'department-editor';
  if (!needs && !(role === 'viewer' && department)) return;
  if (needs && !department) throw new TRPCError({ code: 'BAD_REQUEST', message: '部门编辑必须选择所属部门 / a department editor needs a department' });
  const known = await knownDepartments(ctx);
  if (known.size > 0 && !known.has(department!)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: '请选择部门目录中的部门 / choose a department of the directory' });
  }
}

export const usersRouter = router({
  /**
   * Login name → display name of every account, for any signed-in user: screens that hold a login name
   * (a version's author, a reviewer, an audit entry) show the person's name instead.
   */
  names: authedProcedure.query(async ({ ctx }) => Object.fromEntries((await listUsers(ctx.db)).map((u) => [u.username, u.displayName]))),

  /** Every account, by username, with `active`. */
  list: officeOnly.query(({ ctx }) => listUsers(ctx.db)),

  /** Creates an account; the answer carries the one-time password, the only time it is ever shown. */
  create: officeOnly
    .input(
      z.object({
        username: z.string().min(2).max(64),
        displayName: z.string().trim().min(1).max(100),
        role: z.enum(ROLES),
        department: z.string().min(1).max(64).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.role === 'department-editor') {
        const known = await knownDepartments(ctx);
        if (known.size > 0 && (!input.department || !known.has(input.department))) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: '请选择部门目录中的部门 / choose a department of the directory' });
        }
      }
      // reviewers sit in the credit office (as seeded); a viewer may belong to a department or to none
      const department = input.role === 'reviewer' ? 'credit-office' : (input.department ?? null);
      return createUserWithOneTimePassword(ctx.db, toActor(ctx.user), { ...input, department });
    }),

  /** A new one-time password for the user (shown once); the user's sessions end. */
  resetPassword: officeOnly
    .input(z.object({ userId: z.number().int().positive() }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, toActor(ctx.user), input.userId)),

  /** Deactivates (`active: false`) or reactivates an account; never one's own. */
  setActive: officeOnly
    .input(z.object({ userId: z.number().int().positive(), active: z.boolean() }))
    .mutation(({ ctx, input }) => setUserActive(ctx.db, toActor(ctx.user), input.userId, input.active)),

  /**
   * Changes a user's role (and department): a department editor needs a department of the directory in
   * force; reviewers and the credit office sit in the credit office. Refused (CONFLICT) for the last
   * active credit-office account. Audited as `user.change-role`.
   */
  setRole: officeOnly
    .input(
      z.object({
        userId: z.number().int().positive(),
        role: z.enum(ROLES),
        department: z.string().min(1).max(64).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await checkDepartment(ctx, input.role, input.department);
      return changeUserRole(ctx.db, toActor(ctx.user), input.userId, { role: input.role, department: input.department ?? null });
    }),
});

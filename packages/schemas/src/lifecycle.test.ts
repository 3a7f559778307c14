import { describe, expect, it } from 'vitest';
import { canReadAggregates, canReadEnterprise, canReadFirms, firmReadScope } from './lifecycle.ts';
import { DOCUMENT_KINDS } from './documents.ts';
import type { Principal, VersionStatus } from './lifecycle.ts';
import {
  approvalsNeeded,
  canCreate,
  canPublish,
  canReadUnreleased,
  canReadVersion,
  canReview,
  canRollback,
  canTransition,
  canWrite,
  CREDIT_OFFICE_KINDS,
  DEPARTMENT_KINDS,
  effectiveDateProblem,
  isOpenStatus,
  kindsOwnedBy,
  OPEN_STATUSES,
  RELEASED_STATUSES,
  STATUS_TRANSITIONS,
  VERSION_STATUSES,
  visibleTo,
  writableKinds,
} from './lifecycle.ts';

const office: Principal = { role: 'credit-office', department: 'credit-office' };
const transport: Principal = { role: 'department-editor', department: 'transport' };
const homeless: Principal = { role: 'department-editor', department: null };
const reviewer: Principal = { role: 'reviewer', department: 'credit-office' };
const viewer: Principal = { role: 'viewer', department: null };

describe('kinds per owner', () => {
  it('splits every kind between the credit office and the departments', () => {
    expect([...CREDIT_OFFICE_KINDS, ...DEPARTMENT_KINDS].sort()).toEqual([...DOCUMENT_KINDS].sort());
    expect(CREDIT_OFFICE_KINDS.filter((k) => DEPARTMENT_KINDS.includes(k))).toEqual([]);
    expect(kindsOwnedBy('credit-office')).toBe(CREDIT_OFFICE_KINDS);
    expect(kindsOwnedBy('transport')).toBe(DEPARTMENT_KINDS);
  });
});

describe('statuses', () => {
  it('are open, released or rejected, and the transitions stay inside the list', () => {
    expect([...OPEN_STATUSES, ...RELEASED_STATUSES, 'rejected'].sort()).toEqual([...VERSION_STATUSES].sort());
    for (const [from, tos] of Object.entries(STATUS_TRANSITIONS)) {
      for (const to of tos) {
        expect(VERSION_STATUSES).toContain(to);
        expect(to).not.toBe(from);
      }
    }
    expect(isOpenStatus('approved')).toBe(true);
    expect(isOpenStatus('published')).toBe(false);
  });
  it('go draft → in-review → approved → published; released and rejected versions never change status', () => {
    expect(canTransition('draft', 'in-review')).toBe(true);
    expect(canTransition('in-review', 'approved')).toBe(true);
    expect(canTransition('in-review', 'rejected')).toBe(true);
    expect(canTransition('approved', 'published')).toBe(true);
    // in force / scheduled / superseded are computed for a date (standingsAt), not stored transitions
    expect(canTransition('published', 'superseded')).toBe(false);
    expect(canTransition('superseded', 'published')).toBe(false);
    expect(canTransition('draft', 'approved')).toBe(false);
    expect(canTransition('approved', 'in-review')).toBe(false);
    for (const s of VERSION_STATUSES) expect(canTransition('rejected', s as VersionStatus)).toBe(false);
  });
});

describe('permissions', () => {
  it('lets each writer write only its own kinds of its own documents', () => {
    expect(canWrite(office, { kind: 'grading', owner: 'credit-office' })).toBe(true);
    expect(canWrite(office, { kind: 'industry-model', owner: 'credit-office' })).toBe(false);
    expect(canWrite(office, { kind: 'industry-model', owner: 'transport' })).toBe(false);
    expect(canWrite(transport, { kind: 'industry-model', owner: 'transport' })).toBe(true);
    expect(canWrite(transport, { kind: 'supervision-items', owner: 'market-regulation' })).toBe(false);
    expect(canWrite(transport, { kind: 'sampling', owner: 'transport' })).toBe(false);
    expect(canWrite(homeless, { kind: 'industry-model', owner: 'transport' })).toBe(false);
    expect(canWrite(reviewer, { kind: 'grading', owner: 'credit-office' })).toBe(false);
    expect(writableKinds(viewer)).toEqual([]);
    expect([canCreate(office), canCreate(transport), canCreate(reviewer), canCreate(viewer)]).toEqual([true, true, false, false]);
  });
  it('shows unreleased versions to reviewers, the credit office and the owning department only', () => {
    expect(canReadUnreleased(reviewer, { owner: 'transport' })).toBe(true);
    expect(canReadUnreleased(transport, { owner: 'transport' })).toBe(true);
    expect(canReadUnreleased(transport, { owner: 'market-regulation' })).toBe(false);
    expect(canReadVersion(viewer, { owner: 'transport' }, 'draft')).toBe(false);
    expect(canReadVersion(viewer, { owner: 'transport' }, 'superseded')).toBe(true);
    expect(visibleTo(transport, { owner: 'market-regulation' })).toBe(false);
    expect(visibleTo(viewer, { owner: 'market-regulation' })).toBe(true);
  });
  it('lets reviewers and the credit office review and publish; a rollback draft is started by whoever writes the document', () => {
    expect([office, transport, reviewer, viewer].map(canReview)).toEqual([true, false, true, false]);
    expect([office, transport, reviewer, viewer].map(canPublish)).toEqual([true, false, true, false]);
    const sampling = { kind: 'sampling', owner: 'credit-office' } as const;
    const items = { kind: 'supervision-items', owner: 'transport' } as const;
    expect([office, transport, reviewer, viewer].map((p) => canRollback(p, sampling))).toEqual([true, false, false, false]);
    expect([office, transport, reviewer, viewer].map((p) => canRollback(p, items))).toEqual([false, true, false, false]);
  });
});

describe('effective dates', () => {
  it('refuse a past date unless marked retroactive with a reason, and a retroactive mark on a date not in the past', () => {
    const today = '2026-11-26';
    expect(effectiveDateProblem('2026-11-26', today, { retroactive: false })).toBeNull();
    expect(effectiveDateProblem('2027-01-01', today, { retroactive: false })).toBeNull();
    expect(effectiveDateProblem('2026-11-25', today, { retroactive: false })).toBe('past-unmarked');
    expect(effectiveDateProblem('2025-01-01', today, { retroactive: true, reason: '法规自 2025 年起施行' })).toBeNull();
    expect(effectiveDateProblem('2025-01-01', today, { retroactive: true, reason: '  ' })).toBe('no-reason');
    expect(effectiveDateProblem('2027-01-01', today, { retroactive: true, reason: 'x' })).toBe('marked-not-past');
  });
  it('need one more approval when retroactive', () => {
    expect(approvalsNeeded(1, false)).toBe(1);
    expect(approvalsNeeded(2, true)).toBe(3);
  });
});

describe('firm-level reads (003 第五条: internal results)', () => {
  const office: Principal = { role: 'credit-office', department: 'credit-office' };
  const reviewer: Principal = { role: 'reviewer', department: null };
  const transport: Principal = { role: 'department-editor', department: 'transport' };
  const orphan: Principal = { role: 'department-editor', department: null };
  const viewer: Principal = { role: 'viewer', department: null };

  it('the credit office and reviewers read every enterprise', () => {
    for (const p of [office, reviewer]) {
      expect(firmReadScope(p)).toEqual({ kind: 'all' });
      expect(canReadFirms(p)).toBe(true);
      expect(canReadEnterprise(p, { departments: [] })).toBe(true);
      expect(canReadEnterprise(p, { departments: ['tax'] })).toBe(true);
    }
  });

  it('a department editor reads only the enterprises of the domains its department supervises', () => {
    expect(firmReadScope(transport)).toEqual({ kind: 'departments', departments: ['transport'] });
    expect(canReadFirms(transport)).toBe(true);
    expect(canReadEnterprise(transport, { departments: ['transport'] })).toBe(true);
    expect(canReadEnterprise(transport, { departments: ['tax', 'transport'] })).toBe(true);
    expect(canReadEnterprise(transport, { departments: ['tax'] })).toBe(false);
    expect(canReadEnterprise(transport, { departments: [] })).toBe(false);
    // an editor without a department reads no enterprise
    expect(firmReadScope(orphan)).toEqual({ kind: 'none' });
    expect(canReadEnterprise(orphan, { departments: ['transport'] })).toBe(false);
  });

  it('a viewer reads aggregates only, never a single enterprise', () => {
    expect(firmReadScope(viewer)).toEqual({ kind: 'none' });
    expect(canReadFirms(viewer)).toBe(false);
    expect(canReadEnterprise(viewer, { departments: ['transport'] })).toBe(false);
    expect(canReadEnterprise(viewer, { departments: [] })).toBe(false);
    for (const p of [office, reviewer, transport, viewer]) expect(canReadAggregates(p)).toBe(true);
  });
});

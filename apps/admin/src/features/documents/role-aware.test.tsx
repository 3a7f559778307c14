import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { domainAssignmentFixture, scoreGradingFixture } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import { AppShell } from '../../layout/app-shell.tsx';
import DocumentPage from './document-page.tsx';
import DocumentsPage from './documents-page.tsx';

const summary = (versionNumber: number, status: string, over: Record<string, unknown> = {}) => ({
  id: versionNumber * 100,
  documentId: 'public-credit-score',
  versionNumber,
  status,
  revision: 1,
  contentHash: `hash${versionNumber}`.padEnd(64, '0'),
  parentHash: null,
  basedOn: null,
  authorId: 1,
  authorName: 'system',
  effectiveFrom: status === 'published' ? '2024-01-01' : null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  submittedAt: null,
  publishedAt: null,
  ...over,
});

const doc = (id: string, kind: string, owner: string, title: string) => ({ id, kind, owner, title, createdAt: '2026-01-01T00:00:00Z', published: summary(1, 'published'), latest: summary(1, 'published') });
const ASSIGNMENT = (() => {
  const d = domainAssignmentFixture();
  return { ...d, content: { ...d.content, departments: [...d.content.departments, { id: 'transport', name: { zh: '市交通运输局' }, shortName: '交通运输局' }] } };
})();
const DOCS = [
  doc('public-credit-score', 'grading', 'credit-office', '公共信用综合评价'),
  doc('supervision-items-transport', 'supervision-items', 'transport', '交通运输局事项清单'),
  doc('supervision-items-housing-construction', 'supervision-items', 'housing-construction', '住建局事项清单'),
];

const handlers = (calls: string[] = []): Handlers => ({
  'documents.list': () => DOCS,
  'documents.history': () => [{ ...summary(1, 'published'), reviews: [] }],
  'documents.getByNumber': () => ({ ...summary(1, 'published'), kind: 'grading', owner: 'credit-office', content: { ...scoreGradingFixture(), id: 'public-credit-score' }, reviews: [], approvals: 0, requiredApprovals: 1 }),
  'documents.createDraft': (input) => {
    calls.push(JSON.stringify(input));
    return summary(2, 'draft');
  },
  'documents.validate': () => ({ valid: true, issues: [] }),
  // department names come from the domain assignment in force
  'documents.inForce': () => [{ ...summary(1, 'published'), documentId: 'domain-assignment', kind: 'domain-assignment', owner: 'credit-office', content: ASSIGNMENT }],
});

const DOCUMENT_ROUTES = ['/documents/:id', '/documents/:id/versions/:n'];

function renderAs(user: SessionUser, ui: React.ReactElement, h: Handlers = handlers(), routes?: string[]) {
  return render(
    <FakeApi handlers={h} auth={sessionOf(user)} routes={routes}>
      {ui}
    </FakeApi>,
  );
}

afterEach(() => {
  window.location.hash = '';
});

describe('documents page', () => {
  it('offers 新建草稿 to editors but not to a viewer, who sees every document', async () => {
    renderAs(makeUser('viewer', null), <DocumentsPage />);
    await screen.findByText('住建局事项清单');
    expect(screen.getByText('交通运输局事项清单')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /新建草稿/ })).toBeNull();
  });

  it('shows a department editor only their department and lets them start a draft', async () => {
    renderAs(makeUser('department-editor', 'transport'), <DocumentsPage />);
    await screen.findByText('交通运输局事项清单');
    expect(screen.queryByText('住建局事项清单')).toBeNull();
    expect(screen.queryByText('公共信用综合评价')).toBeNull();
    expect(screen.getByText('仅显示本部门（交通运输局）的策略文档')).toBeTruthy();
    expect(screen.getByRole('button', { name: /新建草稿/ })).toBeTruthy();
  });
});

describe('editor page buttons', () => {
  it('shows 编辑 on a published version to the credit office and starts a draft from it', async () => {
    window.location.hash = '#/documents/public-credit-score';
    const calls: string[] = [];
    renderAs(makeUser('credit-office', 'credit-office'), <DocumentPage />, handlers(calls), DOCUMENT_ROUTES);
    const edit = await screen.findByRole('button', { name: /编\s*辑$/ }, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: /提交审核/ })).toBeNull();
    fireEvent.click(edit);
    await waitFor(() => expect(calls).toEqual([JSON.stringify({ documentId: 'public-credit-score', basedOnVersion: 1 })]));
    await waitFor(() => expect(window.location.hash).toBe('#/documents/public-credit-score/versions/2'));
  });

  it('shows no 编辑 to a viewer or to another department', async () => {
    for (const user of [makeUser('viewer', null), makeUser('department-editor', 'transport'), makeUser('reviewer', 'credit-office')]) {
      window.location.hash = '#/documents/public-credit-score';
      const { unmount } = renderAs(user, <DocumentPage />, handlers(), DOCUMENT_ROUTES);
      await screen.findByRole('button', { name: /版本历史/ }, { timeout: 20_000 });
      expect(screen.queryByRole('button', { name: /编\s*辑$/ }), user.role).toBeNull();
      expect(screen.queryByRole('button', { name: /提交审核/ }), user.role).toBeNull();
      unmount();
    }
  });
});

describe('side menu', () => {
  it('shows the audit log to reviewers and hides it from viewers and department editors', async () => {
    window.location.hash = '#/no-such-page';
    for (const [user, audit] of [
      [makeUser('reviewer', 'credit-office'), true],
      [makeUser('viewer', null), false],
      [makeUser('department-editor', 'transport'), false],
    ] as const) {
      const { unmount, container } = renderAs(user, <AppShell />);
      const menu = within(container.querySelector('.ant-menu') as HTMLElement);
      expect(menu.getByText('策略文档')).toBeTruthy();
      expect(menu.queryByText('审计日志') !== null, user.role).toBe(audit);
      unmount();
    }
  });
});

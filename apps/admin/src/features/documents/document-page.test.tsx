import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENT_ROUTES, handlers, renderAs } from '../../test/documents-api.tsx';
import { makeUser } from '../../test/fake-api.tsx';
import DocumentPage from './document-page.tsx';

afterEach(() => {
  window.location.hash = '';
});

describe('editor page buttons', () => {
  it('shows 编辑 on a published version to the credit office and starts a draft from it', async () => {
    window.location.hash = '#/documents/public-credit-score';
    const calls: string[] = [];
    renderAs(makeUser('credit-office', 'credit-office'), <DocumentPage />, handlers(calls), DOCUMENT_ROUTES);
    const edit = await screen.findByRole('button', { name: /编\s*辑$/ }, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: /提交审核/ })).toBeNull();
    fireEvent.click(edit);
    await waitFor(() =>
      expect(calls).toEqual([JSON.stringify({ documentId: 'public-credit-score', basedOnVersion: 1 })]),
    );
    await waitFor(() => expect(window.location.hash).toBe('#/documents/public-credit-score/versions/2'));
  });

  it('shows no 编辑 to a viewer or to another department', async () => {
    for (const user of [
      makeUser('viewer', null),
      makeUser('department-editor', 'transport'),
      makeUser('reviewer', 'credit-office'),
    ]) {
      window.location.hash = '#/documents/public-credit-score';
      const { unmount } = renderAs(user, <DocumentPage />, handlers(), DOCUMENT_ROUTES);
      await screen.findByRole('button', { name: /版本历史/ }, { timeout: 20_000 });
      expect(screen.queryByRole('button', { name: /编\s*辑$/ }), user.role).toBeNull();
      expect(screen.queryByRole('button', { name: /提交审核/ }), user.role).toBeNull();
      unmount();
    }
  });
});

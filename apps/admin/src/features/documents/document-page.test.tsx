import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENT_ROUTES, handlers, renderAs } from '../../test/documents-api.tsx';
import { makeUser } from '../../test/fake-api.tsx';
import { useNavigate } from 'react-router';
import DocumentPage from './document-page.tsx';

/** A menu entry of the shell: an in-app navigation. */
function GoElsewhere() {
  const navigate = useNavigate();
  return <button onClick={() => void navigate('/documents/supervision-items-transport')}>别处</button>;
}

afterEach(() => {
  window.location.hash = '';
});

describe('editor page buttons', () => {
  it('编辑 on a published version creates nothing until the first change; leaving creates no draft', async () => {
    window.location.hash = '#/documents/public-credit-score';
    const calls: string[] = [];
    const saves: unknown[] = [];
    const h = { ...handlers(calls), 'documents.saveDraft': (input: unknown) => (saves.push(input), { revision: 2, issues: [], errors: 0 }) };
    renderAs(
      makeUser('credit-office', 'credit-office'),
      <>
        <GoElsewhere />
        <DocumentPage />
      </>,
      h,
      DOCUMENT_ROUTES,
    );
    const edit = await screen.findByRole('button', { name: /编\s*辑$/ }, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: /提交审核/ })).toBeNull();
    fireEvent.click(edit);
    // the editor is open on a copy, and says the draft comes with the first change
    expect(await screen.findByText(/第一次修改时才创建草稿/)).toBeTruthy();
    expect((screen.getByLabelText('政策依据（每行一条）') as HTMLTextAreaElement).disabled).toBe(false);
    expect(screen.queryByRole('button', { name: /放弃草稿/ })).toBeNull();
    // leaving without a change: no question, no draft, no save
    fireEvent.click(screen.getByRole('button', { name: '别处' }));
    await waitFor(() => expect(window.location.hash).toBe('#/documents/supervision-items-transport'));
    expect(calls).toEqual([]);
    expect(saves).toEqual([]);
  });

  it('the first real change after 编辑 creates the draft (based on the version shown), saves the change into it and opens it', async () => {
    window.location.hash = '#/documents/public-credit-score';
    const calls: string[] = [];
    const saves: { versionId: number; revision: number; content: { sources?: string[] } }[] = [];
    const h = {
      ...handlers(calls),
      'documents.saveDraft': (input: unknown) => (saves.push(input as (typeof saves)[number]), { revision: 2, issues: [], errors: 0 }),
    };
    renderAs(makeUser('credit-office', 'credit-office'), <DocumentPage />, h, DOCUMENT_ROUTES);
    fireEvent.click(await screen.findByRole('button', { name: /编\s*辑$/ }, { timeout: 20_000 }));
    fireEvent.change(await screen.findByLabelText('政策依据（每行一条）'), { target: { value: '依据一' } });
    await waitFor(() => expect(calls).toEqual([JSON.stringify({ documentId: 'public-credit-score', basedOnVersion: 1 })]), { timeout: 5000 });
    await waitFor(() => expect(saves).toHaveLength(1));
    expect(saves[0]).toMatchObject({ versionId: 200, revision: 1 });
    expect(JSON.stringify(saves[0]!.content)).toContain('依据一');
    await waitFor(() => expect(window.location.hash).toBe('#/documents/public-credit-score/versions/2'));
  });

  it('保存为草稿 after 编辑 creates the draft without a change (an explicit save)', async () => {
    window.location.hash = '#/documents/public-credit-score';
    const calls: string[] = [];
    const h = { ...handlers(calls), 'documents.saveDraft': () => ({ revision: 2, issues: [], errors: 0 }) };
    renderAs(makeUser('credit-office', 'credit-office'), <DocumentPage />, h, DOCUMENT_ROUTES);
    fireEvent.click(await screen.findByRole('button', { name: /编\s*辑$/ }, { timeout: 20_000 }));
    fireEvent.click(await screen.findByRole('button', { name: /保存为草稿/ }));
    await waitFor(() => expect(calls).toEqual([JSON.stringify({ documentId: 'public-credit-score', basedOnVersion: 1 })]));
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

/**
 * 提交审核 for keyboard users (issue 15): while the draft cannot be submitted the button stays in the Tab
 * order and says why (its description, and a message when pressed) instead of being a `disabled` button a
 * keyboard never reaches; once the reason is written it opens the submit dialog.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scoreGradingFixture } from '@policy/schemas/fixtures';
import { addDays, officeDay } from '@policy/schemas';
import { DOCUMENT_ROUTES, handlers, renderAs } from '../../test/documents-api.tsx';
import { makeUser } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import DocumentPage from './document-page.tsx';

// Monaco cannot run in happy-dom; the preview worker is left out
vi.mock('../../components/lazy.tsx', () => ({ LazyJsonCodeEditor: () => null, LazyDiffView: () => null }));
vi.mock('./preview/preview-panel.tsx', () => ({ PreviewPanel: () => null }));

afterEach(() => {
  window.location.hash = '';
});

const USER = makeUser('credit-office', 'credit-office'); // id 10
/** Days before today: the draft is retroactive and needs a written reason. */
const PAST = addDays(officeDay(), -3);
const base = {
  documentId: 'public-credit-score',
  contentHash: 'b'.padEnd(64, '0'),
  parentHash: null,
  basedOn: 1,
  authorName: 'credit-office',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  submittedAt: null,
  publishedAt: null,
  retroactive: false,
  retroactiveReason: null,
  note: null,
};
const published = { ...base, id: 100, versionNumber: 1, status: 'published', revision: 1, authorId: 1, effectiveFrom: '2020-01-01' };
const draft = { ...base, id: 200, versionNumber: 2, status: 'draft', revision: 1, authorId: 10, effectiveFrom: PAST };

function retroactiveDraft(): Handlers {
  return {
    ...handlers(),
    'documents.history': () => [
      { ...published, reviews: [] },
      { ...draft, reviews: [] },
    ],
    'documents.getByNumber': () => ({
      ...draft,
      kind: 'grading',
      owner: 'credit-office',
      content: { ...scoreGradingFixture(), id: 'public-credit-score', version: 2, effectiveFrom: PAST },
      reviews: [],
      approvals: 0,
      requiredApprovals: 1,
    }),
    'documents.saveDraft': () => ({ ...draft, revision: 2, issues: [], errors: 0 }),
  };
}

describe('提交审核 and the keyboard', () => {
  it('stays focusable while the draft cannot be submitted, says why, and opens the dialog once it can', async () => {
    window.location.hash = '#/documents/public-credit-score/versions/2';
    renderAs(USER, <DocumentPage />, retroactiveDraft(), DOCUMENT_ROUTES);
    const submit = await screen.findByRole('button', { name: /提交审核/ }, { timeout: 20_000 });
    // blocked (a past date without a reason), yet in the Tab order: not `disabled`, but aria-disabled
    await waitFor(() => expect(submit.getAttribute('aria-disabled')).toBe('true'), { timeout: 5000 });
    expect(submit.hasAttribute('disabled')).toBe(false);
    expect(submit.tabIndex).toBe(0);
    submit.focus();
    expect(document.activeElement).toBe(submit);
    // the reason is the button's description (a screen reader reads it with the button), not its name
    const described = document.getElementById(submit.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('请填写追溯生效的理由，否则不能提交审核');
    expect(submit.textContent).toBe('提交审核');
    // pressing it says the reason and opens no dialog
    fireEvent.click(submit);
    expect((await screen.findAllByText('请填写追溯生效的理由，否则不能提交审核')).length).toBeGreaterThan(1);
    expect(screen.queryByRole('dialog')).toBeNull();

    // with the reason written it is an ordinary button again and opens the submit dialog
    fireEvent.change(screen.getByLabelText('追溯生效的理由（必填）'), { target: { value: '依上级通知追溯' } });
    await waitFor(() => expect(submit.hasAttribute('aria-disabled')).toBe(false), { timeout: 5000 });
    expect(submit.hasAttribute('aria-describedby')).toBe(false);
    fireEvent.click(submit);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('依上级通知追溯');
  }, 90_000);
});

/**
 * No lost work on the editor page (issue 15): a draft with errors is saved and the header says how many
 * remain; JSON that does not parse is never called saved; leaving with unsaved edits asks first; the
 * author discards a draft after confirming.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scoreGradingFixture } from '@policy/schemas/fixtures';
import { DOCUMENT_ROUTES, handlers, renderAs } from '../../test/documents-api.tsx';
import { makeUser, trpcError } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import { useNavigate } from 'react-router';
import DocumentPage from './document-page.tsx';

/** A menu entry of the shell: an in-app navigation. */
function GoElsewhere() {
  const navigate = useNavigate();
  return <button onClick={() => void navigate('/documents/supervision-items-transport')}>别处</button>;
}

// Monaco cannot run in happy-dom: the JSON view gets a plain textarea; the preview worker is left out.
vi.mock('../../components/lazy.tsx', () => ({
  LazyJsonCodeEditor: (props: { value: string; onChange?: (t: string) => void }) => (
    <textarea data-testid="code" value={props.value} onChange={(e) => props.onChange?.(e.target.value)} />
  ),
  LazyDiffView: () => null,
}));
vi.mock('./preview/preview-panel.tsx', () => ({ PreviewPanel: () => null }));

afterEach(() => {
  window.location.hash = '';
});

const USER = makeUser('credit-office', 'credit-office'); // id 10
const base = {
  documentId: 'public-credit-score',
  contentHash: 'b'.padEnd(64, '0'),
  parentHash: null,
  basedOn: 1,
  authorName: 'credit-office',
  effectiveFrom: '2099-01-01',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  submittedAt: null,
  publishedAt: null,
  retroactive: false,
  retroactiveReason: null,
  note: null,
};
const published = { ...base, id: 100, versionNumber: 1, status: 'published', revision: 1, authorId: 1 };
const draft = { ...base, id: 200, versionNumber: 2, status: 'draft', revision: 1, authorId: 10 };

function draftHandlers(over: Handlers = {}, calls: { path: string; input: unknown }[] = []): Handlers {
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
      content: {
        ...scoreGradingFixture(),
        id: 'public-credit-score',
        version: 2,
        effectiveFrom: '2099-01-01',
      },
      reviews: [],
      approvals: 0,
      requiredApprovals: 1,
    }),
    'documents.saveDraft': (input) => {
      calls.push({ path: 'documents.saveDraft', input });
      return { ...draft, revision: 2, issues: [], errors: 3 };
    },
    'documents.discardDraft': (input) => {
      calls.push({ path: 'documents.discardDraft', input });
      return { documentId: 'public-credit-score', versionNumber: 2, documentRemoved: false };
    },
    ...over,
  };
}

async function openDraft(h: Handlers) {
  window.location.hash = '#/documents/public-credit-score/versions/2';
  const r = renderAs(
    USER,
    <>
      <GoElsewhere />
      <DocumentPage />
    </>,
    h,
    DOCUMENT_ROUTES,
  );
  await screen.findByRole('button', { name: /提交审核/ }, { timeout: 20_000 });
  return r;
}

const sources = () => screen.getByLabelText('政策依据（每行一条）');

describe('the editor page keeps unfinished work', () => {
  it('saves a draft with errors and says so: 已保存（有 3 个问题，提交前需修正）', async () => {
    const calls: { path: string; input: unknown }[] = [];
    await openDraft(draftHandlers({}, calls));
    // an edit that leaves the draft invalid (the server answers with 3 errors)
    fireEvent.change(sources(), { target: { value: '依据一' } });
    await waitFor(() => expect(calls.filter((c) => c.path === 'documents.saveDraft')).toHaveLength(1), {
      timeout: 5000,
    });
    const status = await screen.findByText(/已保存 .*（有 3 个问题，提交前需修正）/, {}, { timeout: 5000 });
    expect(status).toBeTruthy();
    expect(screen.queryByText(/修正后自动保存/)).toBeNull();
  }, 90_000);

  it('does not say 已保存 while the JSON text does not parse: 未保存：JSON 语法错误，第 N 行', async () => {
    await openDraft(draftHandlers());
    expect(screen.getByText('已是最新')).toBeTruthy();
    fireEvent.click(screen.getByText('JSON'));
    const code = (await screen.findByTestId('code')) as HTMLTextAreaElement;
    const broken = code.value.replace('"title"', '"title" "oops"');
    const line = broken.split('\n').findIndex((l) => l.includes('"oops"')) + 1;
    act(() => {
      fireEvent.change(code, { target: { value: broken } });
    });
    const status = await screen.findByText(`未保存：JSON 语法错误，第 ${line} 行`);
    expect(status).toBeTruthy();
    expect(screen.queryByText(/已保存|已是最新/)).toBeNull();
  }, 90_000);

  it('asks before leaving with edits that cannot be saved, on a route change and on beforeunload', async () => {
    const h = draftHandlers({
      'documents.saveDraft': () => {
        throw trpcError('INTERNAL_SERVER_ERROR', '服务器不可用');
      },
    });
    await openDraft(h);
    fireEvent.change(sources(), { target: { value: '依据一' } });
    await screen.findByText(/保存失败/, {}, { timeout: 5000 });

    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: '别处' }));
    await screen.findAllByText('离开此页？');
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/有修改尚未保存（保存失败：服务器不可用）/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: /留在此页/ }));
    await waitFor(() => expect(window.location.hash).toBe('#/documents/public-credit-score/versions/2'));
    expect(sources()).toHaveProperty('value', '依据一');
  }, 90_000);

  it('discards the draft after confirming, then opens the document', async () => {
    const calls: { path: string; input: unknown }[] = [];
    await openDraft(draftHandlers({}, calls));
    fireEvent.click(screen.getByRole('button', { name: /放弃草稿/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('放弃草稿 v2？')).toBeTruthy();
    expect(within(dialog).getByText(/不可恢复/)).toBeTruthy();
    expect(calls.some((c) => c.path === 'documents.discardDraft')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('原因（可选）'), { target: { value: '重新起草' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /放弃草稿/ }));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'documents.discardDraft').map((c) => c.input)).toEqual([
        { versionId: 200, reason: '重新起草' },
      ]),
    );
    await waitFor(() => expect(window.location.hash).toBe('#/documents/public-credit-score'));
  }, 90_000);
});

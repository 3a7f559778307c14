/**
 * 起草说明 on the review page (issue 15): shown at the top (before the changes), with who changed it last
 * by display name, printed (not marked no-print); the author may correct it while in review and unreviewed,
 * a reviewer may not; a published version's note is read-only; a refusal is said in Chinese.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeApi, makeUser, sessionOf, trpcError } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import { ExplanatoryNoteCard } from './explanatory-note-card.tsx';
import ReviewPage from './review-page.tsx';

vi.mock('../../components/lazy.tsx', () => ({ LazyDiffView: () => null, LazyJsonCodeEditor: () => null }));

afterEach(() => {
  window.location.hash = '';
});

const TEXT = '关于《公共信用综合评价》第 2 版的起草说明\n\n一、修改内容\n1. 优 区间下限由“高于 85”改为“高于 80”。\n\n四、起草理由\n提高优秀企业比例。';
const NOTE = { versionId: 200, text: TEXT, revision: 2, updatedBy: 'market-regulation', updatedById: 10, updatedAt: '2026-11-26T02:00:00Z', updatedByName: '市场监管局编辑' };

function renderCard(user: SessionUser, props: Partial<Parameters<typeof ExplanatoryNoteCard>[0]> = {}, over: Handlers = {}) {
  const calls: { path: string; input: unknown }[] = [];
  const h: Handlers = { 'notes.get': () => ({ note: NOTE, maxChars: 20_000 }), ...over };
  render(
    <FakeApi handlers={h} auth={sessionOf(user)} calls={calls}>
      <ExplanatoryNoteCard versionId={200} versionNumber={2} status="in-review" authorId={10} reviewed={false} {...props} />
    </FakeApi>,
  );
  return calls;
}

describe('ExplanatoryNoteCard', () => {
  it('shows the note as written, with the last editor by display name, and lets the author correct it in review', async () => {
    const calls = renderCard(makeUser('department-editor', 'market-regulation'), {}, {
      'notes.save': (input) => ({ ...NOTE, ...(input as object), revision: 3 }),
    });
    const text = await screen.findByText(/优 区间下限由“高于 85”改为“高于 80”/);
    expect(text.textContent).toBe(TEXT);
    expect(screen.getByText(/市场监管局编辑 于 .* 修改/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /编辑起草说明/ }));
    const box = screen.getByRole('textbox', { name: '起草说明' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: `${TEXT}\n补充。` } });
    fireEvent.click(screen.getByRole('button', { name: /保存起草说明/ }));
    await waitFor(() => expect(calls.some((c) => c.path === 'notes.save')).toBe(true));
    expect(calls.find((c) => c.path === 'notes.save')!.input).toEqual({ versionId: 200, text: `${TEXT}\n补充。`, revision: 2 });
  });

  it('offers no editing to a reviewer, after the first review, or on a published version', async () => {
    renderCard(makeUser('reviewer', 'credit-office'));
    await screen.findByText(/优 区间下限/);
    expect(screen.queryByRole('button', { name: /编辑起草说明/ })).toBeNull();
    document.body.innerHTML = '';
    renderCard(makeUser('department-editor', 'market-regulation'), { reviewed: true });
    await screen.findByText(/优 区间下限/);
    expect(screen.queryByRole('button', { name: /编辑起草说明/ })).toBeNull();
    document.body.innerHTML = '';
    renderCard(makeUser('credit-office', 'credit-office'), { status: 'published' });
    await screen.findByText(/优 区间下限/);
    expect(screen.queryByRole('button', { name: /编辑起草说明/ })).toBeNull();
    expect(screen.getByText(/起草说明不再修改/)).toBeTruthy();
  });

  it('says why in Chinese when the server refuses the change, and keeps the text being edited', async () => {
    renderCard(makeUser('credit-office', 'credit-office'), {}, {
      'notes.save': () => {
        throw trpcError('PRECONDITION_FAILED', 'v2 已有审核意见，起草说明不能再修改 / v2 has been reviewed: its explanatory note no longer changes');
      },
    });
    await screen.findByText(/优 区间下限/);
    fireEvent.click(screen.getByRole('button', { name: /编辑起草说明/ }));
    fireEvent.change(screen.getByRole('textbox', { name: '起草说明' }), { target: { value: '改写' } });
    fireEvent.click(screen.getByRole('button', { name: /保存起草说明/ }));
    expect(await screen.findByText('起草说明未保存：v2 已有审核意见，起草说明不能再修改')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: '起草说明' }) as HTMLTextAreaElement).value).toBe('改写');
  });

  it('says so when the version has no note', async () => {
    renderCard(makeUser('reviewer', 'credit-office'), {}, { 'notes.get': () => ({ note: null, maxChars: 20_000 }) });
    expect(await screen.findByText('该版本没有起草说明')).toBeTruthy();
  });
});

describe('review page', () => {
  it('shows the 起草说明 of the reviewed version at the top, before the changes, and prints it', async () => {
    const entry = (versionNumber: number, status: string) => ({
      id: versionNumber * 100,
      documentId: 'public-credit-score',
      versionNumber,
      status,
      revision: 1,
      contentHash: 'a'.padEnd(64, '0'),
      parentHash: null,
      basedOn: null,
      authorId: 10,
      authorName: 'market-regulation',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      submittedAt: status === 'in-review' ? '2026-11-26T01:00:00Z' : null,
      publishedAt: status === 'published' ? '2026-01-01T00:00:00Z' : null,
      effectiveFrom: status === 'published' ? '2024-01-01' : '2027-01-01',
      retroactive: false,
      retroactiveReason: null,
      note: null,
      standing: status === 'published' ? 'in-force' : null,
      reviews: [],
    });
    const calls: { path: string; input: unknown }[] = [];
    window.location.hash = '#/review/public-credit-score?version=2&base=1';
    render(
      <FakeApi
        handlers={{
          'documents.history': () => [entry(1, 'published'), entry(2, 'in-review')],
          'documents.list': () => [],
          'documents.diff': () => ({ from: { versionNumber: 1, effectiveFrom: '2024-01-01', text: '{}' }, to: { versionNumber: 2, effectiveFrom: '2024-01-01', text: '{}' }, sentences: [], semantic: true }),
          'notes.get': (input) => ({ note: (input as { versionId: number }).versionId === 200 ? NOTE : null, maxChars: 20_000 }),
        }}
        auth={sessionOf(makeUser('reviewer', 'credit-office', { id: 20 }))}
        calls={calls}
        routes={['/review/:documentId']}
      >
        <ReviewPage />
      </FakeApi>,
    );
    const text = await screen.findByText(/优 区间下限由“高于 85”改为“高于 80”/, undefined, { timeout: 10_000 });
    const card = text.closest('.ant-card') as HTMLElement;
    expect(within(card).getByText('起草说明（v2）')).toBeTruthy();
    expect(card.closest('.no-print')).toBeNull();
    const cards = [...document.querySelectorAll('.review-page > .ant-card')];
    const diffCard = cards.find((c) => c.querySelector('.ant-card-head-title')?.textContent === '变更说明')!;
    expect(diffCard).toBeTruthy();
    expect(cards.indexOf(card)).toBeLessThan(cards.indexOf(diffCard));
    expect(cards.indexOf(card)).toBe(1);
    expect(calls.some((c) => c.path === 'notes.get' && (c.input as { versionId: number }).versionId === 200)).toBe(true);
  });
});

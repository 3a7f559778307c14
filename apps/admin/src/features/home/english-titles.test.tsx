/**
 * English mode reads the English titles the documents carry (issue 15, item 9): the home page's queues and
 * in-force table and the review list show `titleEn` once the language is English, the Chinese title in Chinese.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import { ReviewList } from '../review/review-list.tsx';
import type { Worklist } from './api-types.ts';
import HomePage from './home-page.tsx';

const ZH = '交通运输局信用监管事项清单';
const EN = 'Transport bureau credit supervision items';

const WORK: Worklist = {
  today: '2026-11-26',
  reviews: [
    {
      documentId: 'supervision-items-transport',
      title: ZH,
      kind: 'supervision-items',
      versionNumber: 5,
      authorName: '交通运输局编辑',
      submittedAt: '2026-11-25T02:00:00Z',
    },
  ],
  returned: [],
  approved: [],
  deadlines: [],
  upcoming: [],
};

const DOCS = [
  {
    id: 'supervision-items-transport',
    kind: 'supervision-items',
    owner: 'transport',
    title: ZH,
    createdAt: '2026-01-01T00:00:00Z',
    published: null,
    scheduled: null,
    latest: { id: 41, versionNumber: 5, status: 'in-review', authorId: 10, authorName: 'transport', updatedAt: '2026-11-24T06:30:00Z', submittedAt: '2026-11-25T02:00:00Z' },
  },
];

const IN_FORCE = [
  {
    id: 40,
    documentId: 'supervision-items-transport',
    kind: 'supervision-items',
    owner: 'transport',
    versionNumber: 4,
    effectiveFrom: '2026-01-01',
    publishedAt: '2026-01-01T00:00:00Z',
    content: { id: 'supervision-items-transport', title: ZH, titleEn: EN },
  },
];

function mount(user: SessionUser, lang: 'zh' | 'en', node: React.ReactNode) {
  render(
    <FakeApi
      lang={lang}
      auth={sessionOf(user)}
      handlers={{
        'worklist.home': () => WORK,
        'worklist.returned': () => [],
        'documents.list': () => DOCS,
        'documents.inForce': () => IN_FORCE,
        'adminSupport.distribution': () => ({ at: '2026-11-26', dataset: null, n: 0, outside: 0, versions: [], documents: [] }),
        'departments.list': () => [],
      }}
    >
      {node}
    </FakeApi>,
  );
}

describe('document titles follow the UI language', () => {
  it('home page in English: the review queue and the in-force table show the stored English title', async () => {
    mount(makeUser('reviewer', 'credit-office'), 'en', <HomePage />);
    const q = await screen.findByRole('region', { name: /review/i });
    expect(await within(q).findByText(`${EN} v5`)).toBeTruthy();
    expect(await screen.findByRole('link', { name: EN })).toBeTruthy();
    expect(screen.queryByText(ZH)).toBeNull();
    expect(screen.queryByText(`${ZH} v5`)).toBeNull();
  });

  it('home page in Chinese keeps the Chinese title', async () => {
    mount(makeUser('reviewer', 'credit-office'), 'zh', <HomePage />);
    const q = await screen.findByRole('region', { name: '待我审核' });
    expect(within(q).getByText(`${ZH} v5`)).toBeTruthy();
    expect(screen.queryByText(EN)).toBeNull();
  });

  it('review list in English shows the English title', async () => {
    mount(makeUser('reviewer', 'credit-office'), 'en', <ReviewList />);
    expect(await screen.findByRole('link', { name: EN })).toBeTruthy();
    expect(screen.queryByRole('link', { name: ZH })).toBeNull();
  });
});

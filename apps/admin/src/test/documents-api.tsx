/** Component tests of the document screens and the shell: a small document list over the fake API, and a render helper. */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { domainAssignmentFixture, scoreGradingFixture } from '@policy/schemas/fixtures';
import type { SessionUser } from '../lib/session.tsx';
import { FakeApi, sessionOf } from './fake-api.tsx';
import type { Handlers } from './fake-api.tsx';
import { casesView } from './golden-api.ts';

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

const doc = (id: string, kind: string, owner: string, title: string) => ({
  id,
  kind,
  owner,
  title,
  createdAt: '2026-01-01T00:00:00Z',
  published: summary(1, 'published'),
  latest: summary(1, 'published'),
});
const ASSIGNMENT = (() => {
  const d = domainAssignmentFixture();
  return {
    ...d,
    content: {
      ...d.content,
      departments: [
        ...d.content.departments,
        { id: 'transport', name: { zh: '市交通运输局' }, shortName: '交通运输局' },
      ],
    },
  };
})();
const DOCS = [
  doc('public-credit-score', 'grading', 'credit-office', '公共信用综合评价'),
  doc('supervision-items-transport', 'supervision-items', 'transport', '交通运输局事项清单'),
  doc(
    'supervision-items-housing-construction',
    'supervision-items',
    'housing-construction',
    '住建局事项清单',
  ),
];

export const handlers = (calls: string[] = []): Handlers => ({
  'documents.list': () => DOCS,
  'documents.history': () => [{ ...summary(1, 'published'), reviews: [] }],
  'documents.getByNumber': () => ({
    ...summary(1, 'published'),
    kind: 'grading',
    owner: 'credit-office',
    content: { ...scoreGradingFixture(), id: 'public-credit-score' },
    reviews: [],
    approvals: 0,
    requiredApprovals: 1,
  }),
  'documents.createDraft': (input) => {
    calls.push(JSON.stringify(input));
    return summary(2, 'draft');
  },
  'documents.validate': () => ({ valid: true, issues: [] }),
  'cases.list': () => casesView({ editable: false, failing: false }),
  // department names come from the domain assignment in force
  'documents.inForce': () => [
    {
      ...summary(1, 'published'),
      documentId: 'domain-assignment',
      kind: 'domain-assignment',
      owner: 'credit-office',
      content: ASSIGNMENT,
    },
  ],
});

/** The routes the document page is mounted at. */
export const DOCUMENT_ROUTES = ['/documents/:id', '/documents/:id/versions/:n'];

/** Renders `ui` as `user` over the fake API (at any address, or at `routes`). */
export function renderAs(user: SessionUser, ui: ReactElement, h: Handlers = handlers(), routes?: string[]) {
  return render(
    <FakeApi handlers={h} auth={sessionOf(user)} routes={routes}>
      {ui}
    </FakeApi>,
  );
}

import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import type { Worklist } from './api-types.ts';
import HomePage from './home-page.tsx';

const empty: Worklist = {
  today: '2026-11-26',
  reviews: [],
  returned: [],
  approved: [],
  deadlines: [],
  upcoming: [],
};

const WORK: Worklist = {
  today: '2026-11-26',
  reviews: [
    {
      documentId: 'supervision-items-market-regulation',
      title: '市场监管局信用监管事项清单',
      kind: 'supervision-items',
      versionNumber: 3,
      authorName: '市场监管局编辑',
      submittedAt: '2026-11-25T02:00:00Z',
    },
  ],
  returned: [
    {
      versionId: 41,
      documentId: 'supervision-items-transport',
      title: '交通运输局信用监管事项清单',
      versionNumber: 5,
      rejectedVersionNumber: 4,
      reviewerId: 2,
      reviewerUsername: 'reviewer',
      reviewerName: '审核人',
      rejectedAt: '2026-11-24T06:30:00Z',
      comment: 'JT-002 的设定依据请写明条款',
      authorId: 10,
    },
  ],
  approved: [
    {
      documentId: 'sampling',
      title: '抽查比例',
      kind: 'sampling',
      versionNumber: 2,
      authorName: '信用办管理员',
      effectiveFrom: '2027-01-01',
      approvedAt: '2026-11-25T08:00:00Z',
    },
  ],
  deadlines: [
    {
      documentId: 'supervision-items-transport',
      title: '交通运输局信用监管事项清单',
      versionNumber: 5,
      draft: true,
      itemCode: 'JT-002',
      itemName: '道路运输企业检查',
      changeType: 'changed',
      changeDate: '2026-11-12',
      deadline: '2026-11-26',
      workingDaysLeft: 0,
    },
  ],
  upcoming: [
    {
      documentId: 'public-credit-class',
      title: '公共信用分类',
      kind: 'grading',
      versionNumber: 4,
      effectiveFrom: '2026-12-10',
      days: 14,
    },
  ],
};

const DOCS = [
  {
    id: 'supervision-items-transport',
    kind: 'supervision-items',
    owner: 'transport',
    title: '交通运输局信用监管事项清单',
    createdAt: '2026-01-01T00:00:00Z',
    published: null,
    scheduled: null,
    latest: {
      id: 41,
      versionNumber: 5,
      status: 'draft',
      authorId: 10,
      authorName: 'transport',
      updatedAt: '2026-11-24T06:30:00Z',
      submittedAt: null,
    },
  },
];

const DISTRIBUTION = {
  at: '2026-11-26',
  dataset: { id: 1, name: '示例数据集（生成，5 万户）', rowCount: 50_000 },
  n: 50_000,
  outside: 0,
  versions: [],
  documents: [],
};

function home(user: SessionUser, work: Worklist) {
  render(
    <FakeApi
      auth={sessionOf(user)}
      handlers={{
        'worklist.home': () => work,
        'documents.list': () => DOCS,
        'documents.inForce': () => [],
        'adminSupport.distribution': () => DISTRIBUTION,
        'departments.list': () => [],
      }}
    >
      <HomePage />
    </FakeApi>,
  );
}

const queue = async (name: string) => screen.findByRole('region', { name });

describe('home page: what needs me', () => {
  it('shows a reviewer the reviews waiting, by title and the author’s display name, linking to the review', async () => {
    home(makeUser('reviewer', 'credit-office'), WORK);
    const q = await queue('待我审核');
    expect(within(q).getByText('市场监管局信用监管事项清单 v3')).toBeTruthy();
    expect(within(q).getByText(/市场监管局编辑 提交于/)).toBeTruthy();
    expect(within(q).getByRole('link', { name: '去审核' }).getAttribute('href')).toBe(
      '#/review/supervision-items-market-regulation?version=3',
    );
    // not the queues of other roles
    expect(screen.queryByRole('region', { name: '已批准，待发布' })).toBeNull();
    expect(screen.queryByRole('region', { name: '退回给我修改' })).toBeNull();
    expect(screen.queryByRole('region', { name: '事项变更报送即将到期' })).toBeNull();
    expect(await queue('30 天内生效')).toBeTruthy();
  });

  it('shows a department editor the drafts returned with reviewer, date and opinion, marked 已退回 in my drafts too, and the report deadlines', async () => {
    home(makeUser('department-editor', 'transport'), WORK);
    const q = await queue('退回给我修改');
    expect(within(q).getByText('已退回')).toBeTruthy();
    expect(within(q).getByText(/审核人 于 2026-11-24 \d\d:30 退回第 4 版/)).toBeTruthy();
    expect(within(q).getByText('意见：JT-002 的设定依据请写明条款')).toBeTruthy();
    expect(within(q).getByRole('link', { name: '去修改' }).getAttribute('href')).toBe(
      '#/documents/supervision-items-transport/versions/5',
    );
    const d = await queue('事项变更报送即将到期');
    expect(within(d).getByText(/JT-002 道路运输企业检查/)).toBeTruthy();
    expect(within(d).getByText('今天到期')).toBeTruthy();
    expect(within(d).getByRole('link', { name: '填写报送日期' }).getAttribute('href')).toBe(
      '#/documents/supervision-items-transport/versions/5',
    );
    expect(
      within(d).getByText('交通运输局信用监管事项清单：2026-11-12 变更，应于 2026-11-26 前报送信用办'),
    ).toBeTruthy();
    // my drafts: the returned draft reads 已退回 with the opinion, not a plain 草稿
    const drafts = (await screen.findByText('我的草稿（1）')).closest('.ant-card') as HTMLElement;
    expect(await within(drafts).findByText('已退回')).toBeTruthy();
    expect(within(drafts).queryByText('草稿')).toBeNull();
    expect(within(drafts).getByText('意见：JT-002 的设定依据请写明条款')).toBeTruthy();
    expect(screen.queryByRole('region', { name: '待我审核' })).toBeNull();
  });

  it('shows the credit office the approved versions waiting to be published, linking to the review where it publishes', async () => {
    home(makeUser('credit-office', 'credit-office'), WORK);
    const q = await queue('已批准，待发布');
    expect(within(q).getByText('抽查比例 v2')).toBeTruthy();
    expect(within(q).getByText('已批准')).toBeTruthy();
    expect(within(q).getByText('信用办管理员 起草 · 生效日期 2027-01-01')).toBeTruthy();
    expect(within(q).getByRole('link', { name: '去发布' }).getAttribute('href')).toBe(
      '#/review/sampling?version=2',
    );
    expect(await queue('待我审核')).toBeTruthy();
  });

  it('shows everyone the releases of the next 30 days, and a viewer only those', async () => {
    home(makeUser('viewer', null), WORK);
    const q = await queue('30 天内生效');
    expect(within(q).getByText('公共信用分类 v4')).toBeTruthy();
    expect(within(q).getByText('2026-12-10 起生效（14 天后）')).toBeTruthy();
    expect(within(q).getByRole('link', { name: '查看' }).getAttribute('href')).toBe(
      '#/documents/public-credit-class/versions/4',
    );
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual(['30 天内生效']);
  });

  it('says when nothing needs me, and names the default dataset behind the chart', async () => {
    home(makeUser('viewer', null), empty);
    expect(await screen.findByText('目前没有需要您处理的事项')).toBeTruthy();
    expect(
      await screen.findByText('数据集：示例数据集（生成，5 万户）（50,000 户）（默认数据集）'),
    ).toBeTruthy();
  });
});

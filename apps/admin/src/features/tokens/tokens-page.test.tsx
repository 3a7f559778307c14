import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addDays, officeDay } from '@policy/schemas';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { TokenCallRow, TokenRow } from './api-types.ts';
import { routePurpose, tokenState } from './token-parts.tsx';
import TokensPage from './tokens-page.tsx';

const SECRET = `pcs_${'Q'.repeat(43)}`;
const TODAY = officeDay();

const directory = [
  {
    kind: 'domain-assignment',
    content: {
      content: {
        domains: [],
        departments: [
          { id: 'transport', name: { zh: '交通运输局' }, shortName: '交通局' },
          { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
        ],
      },
    },
  },
];

const token = (over: Partial<TokenRow> = {}): TokenRow => ({
  id: 7,
  name: '交通局执法系统',
  department: 'transport',
  scope: 'read',
  expiresOn: addDays(TODAY, 200),
  createdBy: 'credit-office',
  createdAt: '2026-11-20T02:00:00.000Z',
  revokedAt: null,
  revokedBy: null,
  lastUsedAt: null,
  ...over,
});

function show(
  handlers: Record<string, (input: unknown) => unknown>,
  calls: { path: string; input: unknown }[] = [],
) {
  render(
    <FakeApi
      calls={calls}
      handlers={{
        'documents.inForce': () => directory,
        'users.names': () => ({ 'credit-office': '信用办管理员' }),
        ...handlers,
      }}
      auth={sessionOf(makeUser('credit-office', 'credit-office'))}
    >
      <TokensPage />
    </FakeApi>,
  );
  return calls;
}

describe('TokensPage', () => {
  it('lists tokens with the department by name, the scope and state in Chinese, and each token’s recent calls', async () => {
    const recent: TokenCallRow[] = [
      {
        id: 2,
        at: '2026-11-25T01:00:00.000Z',
        tokenId: 7,
        tokenName: '交通局执法系统',
        method: 'GET',
        route: 'GET /api/v1/runs/:id/results?offset=0',
        status: 403,
        records: 0,
        detail: null,
        clientAddress: null,
      },
      {
        id: 1,
        at: '2026-11-25T00:59:00.000Z',
        tokenId: 7,
        tokenName: '交通局执法系统',
        method: 'GET',
        route: 'GET /api/v1/bundle?at=2026-10-31',
        status: 200,
        records: 6,
        detail: null,
        clientAddress: null,
      },
    ];
    const calls = show({
      'tokens.list': () => [
        token(),
        token({
          id: 6,
          name: '市场监管数据推送',
          department: null,
          scope: 'import',
          lastUsedAt: '2026-11-24T08:00:00.000Z',
        }),
        token({ id: 5, name: '旧系统', revokedAt: '2026-11-01T00:00:00.000Z', revokedBy: 'credit-office' }),
      ],
      'tokens.calls': () => recent,
    });
    const row = (await screen.findByText('交通局执法系统')).closest('tr')!;
    expect(within(row).getByText('交通局')).toBeTruthy();
    expect(within(row).getByText('只读')).toBeTruthy();
    expect(within(row).getByText('有效')).toBeTruthy();
    expect(within(row).getByText('从未使用')).toBeTruthy();
    const office = screen.getByText('市场监管数据推送').closest('tr')!;
    expect(within(office).getByText('全部部门（信用办）')).toBeTruthy();
    expect(within(office).getByText('导入')).toBeTruthy();
    const old = screen.getByText('旧系统').closest('tr')!;
    expect(within(old).getByText('已吊销')).toBeTruthy();
    expect(within(old).queryByRole('button', { name: /吊\s*销/ })).toBeNull();
    // active tokens first: the revoked one is listed last
    expect(
      [...document.querySelectorAll('.tokens-table tbody tr.ant-table-row')].map(
        (r) => r.querySelector('strong')?.textContent,
      ),
    ).toEqual(['交通局执法系统', '市场监管数据推送', '旧系统']);
    fireEvent.click(within(row).getByRole('button', { name: /最近调用/ }));
    expect(await screen.findByText('GET /api/v1/bundle?at=2026-10-31')).toBeTruthy();
    expect(screen.getByText('下载发布包')).toBeTruthy();
    expect(screen.getByText('读取评价结果')).toBeTruthy();
    expect(screen.getByText('403 无权限')).toBeTruthy();
    expect(screen.getByText('200 成功')).toBeTruthy();
    expect(calls.find((c) => c.path === 'tokens.calls')?.input).toMatchObject({ tokenId: 7 });
  });

  it('shows the secret once, with a copy button and the warning, and forgets it after closing', async () => {
    let tokens: TokenRow[] = [];
    const calls = show({
      'tokens.list': () => tokens,
      'tokens.create': (input) => {
        const i = input as { name: string; department: string | null; scope: 'read'; expiresOn: string };
        const created = token({ id: 9, ...i });
        tokens = [created];
        return { token: created, secret: SECRET };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /新建令牌/ }));
    const dialog = (await screen.findByText('新建系统接入令牌')).closest('.ant-modal') as HTMLElement;
    fireEvent.change(within(dialog).getByLabelText('名称'), { target: { value: '交通局执法系统' } });
    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: '所属部门' }));
    fireEvent.click(await screen.findByText('交通运输局', { selector: '.ant-select-item-option-content' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /创建令牌/ }));

    const secret = await screen.findByText(SECRET);
    const shown = secret.closest('.ant-modal') as HTMLElement;
    expect(within(shown).getByText(/令牌只显示这一次。关闭后无法再次查看/)).toBeTruthy();
    expect(within(shown).getByText(/交通局，只读/)).toBeTruthy();
    expect(within(shown).getByRole('button', { name: /复制令牌/ })).toBeTruthy();
    const create = calls.find((c) => c.path === 'tokens.create')!;
    expect(create.input).toEqual({
      name: '交通局执法系统',
      department: 'transport',
      scope: 'read',
      expiresOn: addDays(TODAY, 365),
    });

    fireEvent.click(within(shown).getByRole('button', { name: /我已复制并妥善保存/ }));
    await waitFor(() => expect(screen.queryByText(SECRET)).toBeNull());
    // the list shows the new token, never its secret
    expect(await screen.findByText('交通局执法系统')).toBeTruthy();
    expect(document.body.textContent).not.toContain(SECRET.slice(4));
  });

  it('revokes only after the confirmation that says it cannot be undone', async () => {
    const calls = show({
      'tokens.list': () => [token()],
      'tokens.revoke': (input) =>
        token({
          ...(input as { id: number }),
          revokedAt: '2026-11-26T00:00:00.000Z',
          revokedBy: 'credit-office',
        }),
    });
    const row = (await screen.findByText('交通局执法系统')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /吊\s*销/ }));
    const pop = (await screen.findByText('吊销令牌“交通局执法系统”？')).closest(
      '.ant-popover',
    ) as HTMLElement;
    expect(within(pop).getByText(/吊销后不能恢复/)).toBeTruthy();
    expect(calls.some((c) => c.path === 'tokens.revoke')).toBe(false);
    fireEvent.click(within(pop).getByRole('button', { name: /取\s*消/ }));
    expect(calls.some((c) => c.path === 'tokens.revoke')).toBe(false);

    fireEvent.click(within(row).getByRole('button', { name: /吊\s*销/ }));
    const again = (await screen.findAllByText('吊销令牌“交通局执法系统”？'))
      .at(-1)!
      .closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(again).getByRole('button', { name: /吊\s*销/ }));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'tokens.revoke').map((c) => c.input)).toEqual([{ id: 7 }]),
    );
  });

  it('names what a call asked for from its recorded route', () => {
    expect(routePurpose('GET /api/v1/runs/:id/results?department=transport')).toBe('tokens.route.results');
    expect(routePurpose('POST /api/v1/datasets/:id/delta')).toBe('tokens.route.delta');
    expect(routePurpose('GET /api/v1/datasets/:id')).toBe('tokens.route.dataset');
    expect(routePurpose('GET /api/v1/nothing')).toBe('tokens.route.other');
  });

  it('tells the state from the expiry day: accepted through it, expired the day after', () => {
    expect(tokenState({ revokedAt: null, expiresOn: '2026-11-26' }, '2026-11-26')).toBe('active');
    expect(tokenState({ revokedAt: null, expiresOn: '2026-11-25' }, '2026-11-26')).toBe('expired');
    expect(tokenState({ revokedAt: '2026-11-01T00:00:00Z', expiresOn: '2027-01-01' }, '2026-11-26')).toBe(
      'revoked',
    );
  });
});

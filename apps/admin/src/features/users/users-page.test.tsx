/**
 * 更改角色 on the users page (issue 15, item 9): the credit office moves a viewer to a department as its
 * editor (the department is required, picked by its Chinese name), and sees the server's refusal for
 * the last credit-office account in words.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf, trpcError } from '../../test/fake-api.tsx';
import UsersPage from './users-page.tsx';

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

const user = (id: number, username: string, displayName: string, role: string, department: string | null) => ({
  id,
  username,
  displayName,
  role,
  department,
  mustChangePassword: false,
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
});

function show(handlers: Record<string, (input: unknown) => unknown>) {
  const calls: { path: string; input: unknown }[] = [];
  render(
    <FakeApi calls={calls} handlers={{ 'documents.inForce': () => directory, ...handlers }} auth={sessionOf(makeUser('credit-office', 'credit-office'))}>
      <UsersPage />
    </FakeApi>,
  );
  return calls;
}

const rowOf = async (name: string) => (await screen.findByText(name)).closest('tr') as HTMLElement;

describe('users page: changing a role', () => {
  it('makes a viewer the editor of a department, asking for the department first', async () => {
    let rows = [user(1, 'credit-office', '信用办管理员', 'credit-office', 'credit-office'), user(5, 'viewer', '只读用户', 'viewer', null)];
    const calls = show({
      'users.list': () => rows,
      'users.setRole': (input) => {
        const i = input as { userId: number; role: string; department: string | null };
        rows = rows.map((u) => (u.id === i.userId ? { ...u, role: i.role, department: i.department } : u));
        return rows.find((u) => u.id === i.userId);
      },
    });
    fireEvent.click(within(await rowOf('只读用户')).getByRole('button', { name: '更改角色' }));
    const dialog = (await screen.findByText('更改“只读用户”的角色')).closest('.ant-modal') as HTMLElement;
    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: '角色' }));
    fireEvent.click(await screen.findByText('部门编辑', { selector: '.ant-select-item-option-content' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /保存角色/ }));
    expect(await within(dialog).findByText('部门编辑须选择所属部门')).toBeTruthy();
    expect(calls.some((c) => c.path === 'users.setRole')).toBe(false);

    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: '部门' }));
    fireEvent.click(await screen.findByText('交通运输局', { selector: '.ant-select-item-option-content' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /保存角色/ }));
    await waitFor(() => expect(calls.find((c) => c.path === 'users.setRole')?.input).toEqual({ userId: 5, role: 'department-editor', department: 'transport' }));
    const row = await rowOf('只读用户');
    await waitFor(() => expect(within(row).getByText('部门编辑')).toBeTruthy());
    expect(within(row).getByText('交通局')).toBeTruthy();
  });

  it('shows the refusal for the last credit-office account in words', async () => {
    show({
      'users.list': () => [user(1, 'credit-office', '信用办管理员', 'credit-office', 'credit-office')],
      'users.setRole': () => {
        throw trpcError('CONFLICT', '不能更改最后一个启用的信用办账号的角色 / the last active credit-office account keeps its role');
      },
    });
    fireEvent.click(within(await rowOf('信用办管理员')).getByRole('button', { name: '更改角色' }));
    const dialog = (await screen.findByText('更改“信用办管理员”的角色')).closest('.ant-modal') as HTMLElement;
    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: '角色' }));
    fireEvent.click(await screen.findByText('审核人', { selector: '.ant-select-item-option-content' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /保存角色/ }));
    expect(await within(dialog).findByText(/不能更改最后一个启用的信用办账号的角色/)).toBeTruthy();
  });
});

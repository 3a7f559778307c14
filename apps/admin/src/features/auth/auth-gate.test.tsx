import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AuthGate } from './auth-gate.tsx';
import { FakeApi, makeUser, sessionOf, trpcError } from '../../test/fake-api.tsx';

const gate = (auth: ReturnType<typeof sessionOf>) =>
  render(
    <FakeApi handlers={{}} auth={auth}>
      <AuthGate>
        <div>系统内容</div>
      </AuthGate>
    </FakeApi>,
  );

describe('AuthGate', () => {
  it('shows the log-in page, not the app, when nobody is signed in', () => {
    gate(sessionOf(null));
    expect(screen.getByText('信用分级分类监管策略平台')).toBeTruthy();
    expect(screen.getByRole('button', { name: /登\s*录/ })).toBeTruthy();
    expect(screen.queryByText('系统内容')).toBeNull();
  });

  it('signs in with the trimmed username and shows a Chinese error for a wrong password', async () => {
    const login = vi.fn(async () => {
      throw trpcError('UNAUTHORIZED', '用户名或密码错误 / wrong username or password');
    });
    gate(sessionOf(null, { login }));
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: '  reviewer ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'secret-1' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('用户名或密码错误，请重新输入'),
    );
    expect(login).toHaveBeenCalledWith('reviewer', 'secret-1');
    // the form keeps what was typed
    expect((screen.getByLabelText('用户名') as HTMLInputElement).value).toBe('  reviewer ');
  });

  it('says how long to wait, in Chinese, when the server refuses with 429 after too many failures', async () => {
    const login = vi.fn(async () => {
      throw trpcError(
        'TOO_MANY_REQUESTS',
        '登录失败次数过多，请 15 分钟后再试 / too many failed log-ins, try again in 15 minutes',
        { httpStatus: 429 },
      );
    });
    gate(sessionOf(null, { login }));
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'reviewer' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'secret-1' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('登录失败次数过多，请 15 分钟后再试'),
    );
  });

  it('asks for both fields before calling the server', async () => {
    const login = vi.fn();
    gate(sessionOf(null, { login }));
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByText('请输入用户名')).toBeTruthy());
    expect(screen.getByText('请输入密码')).toBeTruthy();
    expect(login).not.toHaveBeenCalled();
  });

  it('shows the password change before anything else when the password must change', async () => {
    const changePassword = vi.fn(async () => {});
    gate(
      sessionOf(makeUser('reviewer', 'credit-office', { mustChangePassword: true, displayName: '审核人' }), {
        changePassword,
      }),
    );
    expect(screen.queryByText('系统内容')).toBeNull();
    expect(screen.getByText(/审核人，您好/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'old-pass-1' } });
    fireEvent.change(screen.getByLabelText('新密码（至少 8 位）'), { target: { value: 'new-pass-12' } });
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'new-pass-13' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码并进入系统' }));
    await waitFor(() => expect(screen.getByText('两次输入的新密码不一致')).toBeTruthy());
    expect(changePassword).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'new-pass-12' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码并进入系统' }));
    await waitFor(() => expect(changePassword).toHaveBeenCalledWith('old-pass-1', 'new-pass-12'));
  });

  it('shows the app once signed in', () => {
    gate(sessionOf(makeUser('viewer', null)));
    expect(screen.getByText('系统内容')).toBeTruthy();
  });
});

import { within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAs } from '../test/documents-api.tsx';
import { makeUser } from '../test/fake-api.tsx';
import { AppShell } from './app-shell.tsx';

afterEach(() => {
  window.location.hash = '';
});

describe('side menu', () => {
  it('shows the audit log to reviewers and hides it from viewers and department editors', async () => {
    window.location.hash = '#/no-such-page';
    for (const [user, audit] of [
      [makeUser('reviewer', 'credit-office'), true],
      [makeUser('viewer', null), false],
      [makeUser('department-editor', 'transport'), false],
    ] as const) {
      const { unmount, container } = renderAs(user, <AppShell />);
      const menu = within(container.querySelector('.ant-menu') as HTMLElement);
      expect(menu.getByText('策略文档')).toBeTruthy();
      expect(menu.queryByText('审计日志') !== null, user.role).toBe(audit);
      // enterprise lookup is firm-level: everyone but a viewer
      expect(menu.queryByText('企业查询') !== null, user.role).toBe(user.role !== 'viewer');
      unmount();
    }
  });
});

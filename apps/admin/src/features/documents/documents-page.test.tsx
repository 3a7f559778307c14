import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAs } from '../../test/documents-api.tsx';
import { makeUser } from '../../test/fake-api.tsx';
import DocumentsPage from './documents-page.tsx';

afterEach(() => {
  window.location.hash = '';
});

describe('documents page', () => {
  it('offers 新建草稿 to editors but not to a viewer, who sees every document', async () => {
    renderAs(makeUser('viewer', null), <DocumentsPage />);
    await screen.findByText('住建局事项清单');
    expect(screen.getByText('交通运输局事项清单')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /新建草稿/ })).toBeNull();
  });

  it('shows a department editor only their department and lets them start a draft', async () => {
    renderAs(makeUser('department-editor', 'transport'), <DocumentsPage />);
    await screen.findByText('交通运输局事项清单');
    expect(screen.queryByText('住建局事项清单')).toBeNull();
    expect(screen.queryByText('公共信用综合评价')).toBeNull();
    expect(screen.getByText('仅显示本部门（交通运输局）的策略文档')).toBeTruthy();
    expect(screen.getByRole('button', { name: /新建草稿/ })).toBeTruthy();
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../../test/render.tsx';
import { ProblemTable } from './audit-page.tsx';

describe('ProblemTable', () => {
  it('lists every problem of the check in words, with its entry and version', () => {
    renderIn(
      <ProblemTable
        problems={[
          {
            kind: 'gap',
            seq: 12,
            reason: '序号不连续：缺少第 11 条（被删除） / sequence gap: entry 11 is missing (deleted)',
          },
          {
            kind: 'effective-date',
            seq: null,
            documentId: 'sampling',
            versionNumber: 2,
            reason: '生效日期与发布记录不符 / effective date differs',
          },
          {
            kind: 'review',
            seq: null,
            documentId: 'sampling',
            versionNumber: 2,
            reason: '审核记录缺失 / review missing',
          },
        ]}
      />,
    );
    expect(screen.getByText('记录被删除（序号不连续）')).toBeTruthy();
    expect(screen.getByText('生效日期被改动')).toBeTruthy();
    expect(screen.getByText('审核记录被改动或删除')).toBeTruthy();
    expect(screen.getByText('#12')).toBeTruthy();
    expect(screen.getAllByText('sampling v2')).toHaveLength(2);
    expect(screen.getByText('序号不连续：缺少第 11 条（被删除）')).toBeTruthy();
  });
});

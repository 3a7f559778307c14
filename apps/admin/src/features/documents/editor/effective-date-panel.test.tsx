import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderIn } from '../../../test/render.tsx';
import {
  EffectiveDatePanel,
  retroactiveReasonMissing,
  retroactiveReasonToSave,
} from './effective-date-panel.tsx';

const today = '2026-11-26';

describe('EffectiveDatePanel', () => {
  it('says the day of the week and that a future date is not retroactive', () => {
    renderIn(
      <EffectiveDatePanel date="2026-12-26" onDate={() => {}} reason="" onReason={() => {}} today={today} />,
    );
    expect(screen.getByText('星期六')).toBeTruthy();
    expect(screen.getByText('30 天后生效')).toBeTruthy();
    expect(screen.queryByLabelText('追溯生效的理由（必填）')).toBeNull();
  });

  it('says a past date makes the version retroactive and asks for the reason', () => {
    const onReason = vi.fn();
    const onDate = vi.fn();
    renderIn(
      <EffectiveDatePanel date="2025-01-01" onDate={onDate} reason="" onReason={onReason} today={today} />,
    );
    expect(screen.getByText('该日期早于今天：本版本将追溯生效')).toBeTruthy();
    expect(screen.getByText('请填写追溯生效的理由，否则不能提交审核')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('追溯生效的理由（必填）'), { target: { value: '上级文件规定' } });
    expect(onReason).toHaveBeenCalledWith('上级文件规定');
    fireEvent.click(screen.getByRole('button', { name: '改为今天' }));
    expect(onDate).toHaveBeenCalledWith(today);
  });

  it('sends the reason only for a past date, and null (clearing the mark) otherwise', () => {
    expect(retroactiveReasonToSave('2025-01-01', ' 理由 ', today)).toBe('理由');
    expect(retroactiveReasonToSave('2025-01-01', '  ', today)).toBeNull();
    expect(retroactiveReasonToSave(today, '理由', today)).toBeNull();
    expect(retroactiveReasonMissing('2025-01-01', '', today)).toBe(true);
    expect(retroactiveReasonMissing(today, '', today)).toBe(false);
  });
});

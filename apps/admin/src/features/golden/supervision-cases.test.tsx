/** Golden cases of a supervision-items list (issue 13 finding 6): shown in the panel with the triggered items in words. */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { casesView } from '../../test/golden-api.ts';
import { GoldenCasesPanel } from './golden-cases-panel.tsx';

/** The shared fixture's view with a list's expectations: the first case passes, the second fails. */
function listView() {
  const v = casesView({ editable: false });
  const [pass, fail] = v.cases;
  pass!.expect = { triggered: ['SCJG-001'] } as never;
  pass!.result = {
    ...pass!.result,
    expected: { triggered: ['SCJG-001'] },
    actual: { triggered: ['SCJG-001'] },
  } as never;
  fail!.expect = { triggered: [] } as never;
  fail!.result = {
    ...fail!.result,
    expected: { triggered: [] },
    actual: { triggered: ['SCJG-001', 'SCJG-002'] },
    message: '预期与实际不符：触发的事项：预期 []，实际 [SCJG-001, SCJG-002]',
  } as never;
  return { ...v, kind: 'supervision-items', documentId: 'supervision-items-market-regulation' };
}

describe('GoldenCasesPanel for a supervision-items list', () => {
  it('lists the cases with the expected and actual triggered items (the panel was hidden for lists before)', async () => {
    render(
      <FakeApi
        handlers={{ 'cases.list': () => listView() }}
        auth={sessionOf(makeUser('credit-office', 'credit-office'))}
      >
        <GoldenCasesPanel versionId={7} kind="supervision-items" grades={[]} />
      </FakeApi>,
    );
    expect(
      await screen.findByText('预期与实际不符：触发的事项：预期 []，实际 [SCJG-001, SCJG-002]'),
    ).toBeTruthy();
    expect(screen.getAllByText('触发事项 SCJG-001').length).toBeGreaterThan(0);
    expect(screen.getByText('触发事项 SCJG-001、SCJG-002')).toBeTruthy();
  });
});

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf, trpcError } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import type { PublicRow, RedrawRequest } from './api-types.ts';
import { RedrawsTab } from './draw-lists.tsx';
import { DrawTab } from './draw-tab.tsx';
import { ImportDirectory, serverLines } from './inspectors-tab.tsx';
import { OutcomeDialog } from './public-list.tsx';

type Calls = { path: string; input: unknown }[];
const MARKET = 'market-regulation';
const editor = makeUser('department-editor', MARKET, { username: MARKET });

function show(node: React.ReactNode, handlers: Handlers, user: SessionUser = editor, calls: Calls = []) {
  return render(
    <FakeApi handlers={{ 'documents.inForce': () => [], ...handlers }} auth={sessionOf(user)} calls={calls}>
      {node}
    </FakeApi>,
  );
}

describe('importing the inspector directory', () => {
  const pick = (name: string, text: string) => {
    const input = document.querySelector('.inspector-file-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
  };

  it('says the file replaces the whole directory and imports only after confirmation', async () => {
    const calls: Calls = [];
    show(<ImportDirectory department={MARKET} current={7} />, { 'draws.inspectors.import': () => ({ count: 2, hash: 'h' }), 'draws.inspectors.list': () => [] }, editor, calls);
    pick('名录.csv', '工号,姓名,执法证号\nA1,张三,证1\n');
    await screen.findByText('用文件替换整个名录？');
    expect(screen.getByText(/替换market-regulation现有名录的全部 7 名人员：文件中没有的人员将被删除/)).toBeTruthy();
    expect(calls.some((c) => c.path === 'draws.inspectors.import')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '替换名录' }));
    await waitFor(() => expect(calls.find((c) => c.path === 'draws.inspectors.import')).toBeTruthy());
    const input = calls.find((c) => c.path === 'draws.inspectors.import')!.input as { department: string; format: string; contentBase64: string };
    expect(input.department).toBe(MARKET);
    expect(input.format).toBe('csv');
    expect(new TextDecoder().decode(Uint8Array.from(atob(input.contentBase64), (c) => c.charCodeAt(0)))).toContain('A1,张三,证1');
    await screen.findByText('已导入 2 名人员，名录已替换');
  });

  it('cancelling changes nothing; every row/column error of the server is shown', async () => {
    const calls: Calls = [];
    const message =
      '执法检查人员名录有误，未作任何修改 / the directory has errors, nothing was changed:\n第 3 行「姓名」列：不能为空，且不超过 50 字 / row 3, column name: required\n第 3 行「工号」列：与第 2 行重复（N1） / row 3, column id: duplicates row 2 (N1)';
    show(<ImportDirectory department={MARKET} current={7} />, { 'draws.inspectors.import': () => { throw trpcError('BAD_REQUEST', message); } }, editor, calls);
    pick('名录.csv', 'x');
    fireEvent.click(await screen.findByRole('button', { name: /取\s*消|Cancel/ }));
    expect(calls.some((c) => c.path === 'draws.inspectors.import')).toBe(false);
    pick('名录.csv', 'x');
    await waitFor(() => expect(screen.getAllByRole('button', { name: '替换名录' }).length).toBeGreaterThan(0));
    fireEvent.click(screen.getAllByRole('button', { name: '替换名录' }).at(-1)!);
    await screen.findByText('文件有误，名录未作任何修改');
    expect(screen.getByText('第 3 行「姓名」列：不能为空，且不超过 50 字')).toBeTruthy();
    expect(screen.getByText('第 3 行「工号」列：与第 2 行重复（N1）')).toBeTruthy();
  });

  it('refuses a file that is neither CSV nor XLSX before asking', async () => {
    show(<ImportDirectory department={MARKET} current={0} />, {});
    pick('名录.txt', 'x');
    await screen.findByText('只能导入 .csv 或 .xlsx 文件');
    expect(screen.queryByText('用文件替换整个名录？')).toBeNull();
  });

  it('serverLines keeps every line in the UI language', () => {
    expect(serverLines('zh', 'A 中 / A en:\nB 中 / B en')).toEqual(['A 中', 'B 中']);
    expect(serverLines('en', 'A 中 / A en:\nB 中 / B en')).toEqual(['A en', 'B en']);
  });
});

describe('a second draw of a round', () => {
  const round = { department: MARKET, round: '2027-Q1', publicValue: '福彩3D 372', windowFrom: '2027-01-05', windowTo: '2027-03-31', registeredBy: MARKET, registeredAt: '2027-01-01T00:00:00Z' };
  const draft = { id: 41, status: 'draft', roundLabel: '2027-Q1', department: MARKET, attempt: 1 };
  const handlers = (redraws: unknown[]): Handlers => ({
    'draws.rounds.list': () => [round],
    'draws.inspectors.list': () => [],
    'runs.list': () => [],
    'datasets.list': () => [{ id: 3, name: '示例数据集', rowCount: 3000 }],
    'datasets.default': () => ({ dataset: { id: 3, name: '示例数据集', rowCount: 3000 } }),
    'draws.preview': () => {
      throw trpcError('CONFLICT', 'market-regulation 的 2027-Q1 轮已抽取，每轮只能抽取一次 / already drawn');
    },
    'draws.list': () => [draft],
    'draws.redraws': () => redraws,
    'draws.requestRedraw': (input) => ({ id: 5, ...(input as object) }),
  });

  it('is refused in plain words and offers 申请重新抽取 with a reason of at least 10 characters', async () => {
    const calls: Calls = [];
    show(<DrawTab department={MARKET} />, handlers([]), editor, calls);
    const previewButton = await screen.findByRole('button', { name: /预览抽取结果/ });
    await waitFor(() => expect((previewButton as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(previewButton);
    await screen.findByText('本轮已抽取过，不能再次抽取');
    expect(screen.getByText(/每个部门每轮只能抽取一次，这样才能保证谁也不能通过多次抽取挑选结果/)).toBeTruthy();
    const reason = await screen.findByLabelText('重新抽取的理由（至少 10 个字）');
    fireEvent.change(reason, { target: { value: '名录有误' } });
    fireEvent.click(screen.getByRole('button', { name: /提交申请/ }));
    await screen.findByText('理由至少 10 个字，还差 6 个字');
    expect(calls.some((c) => c.path === 'draws.requestRedraw')).toBe(false);
    fireEvent.change(reason, { target: { value: '名录中两名检查人员已调离，需按新名录重新抽取' } });
    fireEvent.click(screen.getByRole('button', { name: /提交申请/ }));
    await waitFor(() => expect(calls.find((c) => c.path === 'draws.requestRedraw')?.input).toEqual({ id: 41, reason: '名录中两名检查人员已调离，需按新名录重新抽取' }));
  });

  it('shows a pending request instead of a second form', async () => {
    const pending = { id: 5, department: MARKET, round: '2027-Q1', drawId: 41, reason: '名录中两名检查人员已调离', status: 'pending', requestedBy: MARKET, requestedAt: '2027-01-02T00:00:00Z', decidedBy: null, decidedAt: null, newDrawId: null };
    show(<DrawTab department={MARKET} />, handlers([pending]));
    const previewButton = await screen.findByRole('button', { name: /预览抽取结果/ });
    await waitFor(() => expect((previewButton as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(previewButton);
    await screen.findByText(/本轮已有待批准的重新抽取申请/);
    expect(screen.queryByLabelText('重新抽取的理由（至少 10 个字）')).toBeNull();
  });

  it('an approver sees the pending request and approves it; the requester cannot', async () => {
    const pending: RedrawRequest = { id: 5, department: MARKET, round: '2027-Q1', drawId: 41, reason: '名录中两名检查人员已调离', status: 'pending', requestedBy: MARKET, requestedAt: '2027-01-02T00:00:00Z', decidedBy: null, decidedAt: null, newDrawId: null };
    const calls: Calls = [];
    show(<RedrawsTab />, { 'draws.redraws': () => [pending], 'draws.approveRedraw': () => ({ ...pending, status: 'approved' }) }, makeUser('reviewer', 'credit-office', { username: 'reviewer' }), calls);
    await screen.findByText('名录中两名检查人员已调离');
    fireEvent.click(screen.getByRole('button', { name: /批\s*准/ }));
    const confirm = await screen.findByText('批准重新抽取 2027-Q1 轮？');
    fireEvent.click((confirm.closest('.ant-popover') as HTMLElement).querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(calls.find((c) => c.path === 'draws.approveRedraw')?.input).toEqual({ requestId: 5, approve: true }));
  });

  it('the requester sees that someone else decides', async () => {
    const pending = { id: 5, department: MARKET, round: '2027-Q1', drawId: 41, reason: '理由理由理由理由理由', status: 'pending', requestedBy: 'credit-office', requestedAt: '2027-01-02T00:00:00Z', decidedBy: null, decidedAt: null, newDrawId: null };
    show(<RedrawsTab />, { 'draws.redraws': () => [pending] }, makeUser('credit-office', 'credit-office', { username: 'credit-office' }));
    await screen.findByText('您本人的申请须由他人批准');
    expect(screen.queryByRole('button', { name: /批\s*准/ })).toBeNull();
  });
});

describe('entering an outcome', () => {
  const row: PublicRow = { uscc: '91350100M000100Y43', name: '某某食品有限公司', items: ['食品生产企业监督检查'], windowFrom: '2027-01-05', windowTo: '2027-03-31' };

  it('requires a note when a problem was found', async () => {
    const calls: Calls = [];
    show(<OutcomeDialog drawId={41} row={row} current={undefined} onClose={() => {}} />, { 'draws.recordOutcome': (i) => ({ ...(i as object), recordedBy: MARKET, recordedAt: 'x' }) }, editor, calls);
    await screen.findByText('录入检查结果：某某食品有限公司');
    fireEvent.click(screen.getByLabelText('发现问题'));
    await screen.findByText('说明（必填）：发现了什么问题、如何处理');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    });
    await screen.findByText('发现问题时须填写说明');
    expect(calls.some((c) => c.path === 'draws.recordOutcome')).toBe(false);
    fireEvent.change(screen.getByLabelText('说明'), { target: { value: '未按规定查验原料进货记录，已责令整改' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'draws.recordOutcome')?.input).toEqual({ id: 41, uscc: row.uscc, outcome: 'problem', note: '未按规定查验原料进货记录，已责令整改' }),
    );
  });

  it('未发现问题 needs no note', async () => {
    const calls: Calls = [];
    show(<OutcomeDialog drawId={41} row={row} current={undefined} onClose={() => {}} />, { 'draws.recordOutcome': (i) => i }, editor, calls);
    fireEvent.click(await screen.findByLabelText('未发现问题'));
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.find((c) => c.path === 'draws.recordOutcome')?.input).toEqual({ id: 41, uscc: row.uscc, outcome: 'no-problem', note: '' }));
  });
});

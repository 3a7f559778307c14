/**
 * The submit dialog's 起草说明 (issue 15): drafted from the live draft against the version in force and
 * from the impact on the default dataset, in policy language with grade labels and department names;
 * editable; saved with the version before the submit (a refused note stops the submit with its Chinese
 * reason); a note saved before is loaded instead of a new draft.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import scoreV1 from '../../../../../policies/public-credit-score/v1.json';
import { FakeApi, makeUser, sessionOf, trpcError } from '../../test/fake-api.tsx';
import type { Handlers } from '../../test/fake-api.tsx';
import { handlers as documentHandlers } from '../../test/documents-api.tsx';
import { SubmitModal } from './submit-modal.tsx';

const USER = makeUser('credit-office', 'credit-office');
const entry = (versionNumber: number, status: string, effectiveFrom: string) => ({
  id: versionNumber * 100,
  documentId: 'public-credit-score',
  versionNumber,
  status,
  revision: 1,
  contentHash: 'a'.padEnd(64, '0'),
  parentHash: null,
  basedOn: null,
  authorId: 10,
  authorName: 'credit-office',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  submittedAt: null,
  publishedAt: status === 'published' ? '2026-01-01T00:00:00Z' : null,
  effectiveFrom,
  retroactive: false,
  retroactiveReason: null,
  note: null,
  standing: status === 'published' ? 'in-force' : null,
  reviews: [],
});
const HISTORY = [entry(1, 'published', '2024-01-01'), entry(2, 'draft', '2027-01-01')];

/** v1 with 优's lower bound (and 良's upper one) at 80 instead of 85. */
function lowered() {
  const d = structuredClone(scoreV1) as typeof scoreV1 & { content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } } };
  d.content.decision.bands[0]!.min!.value = 80;
  d.content.decision.bands[1]!.max!.value = 80;
  return { ...d, version: 2, effectiveFrom: '2027-01-01' };
}

const PREVIEW = {
  datasetId: 1,
  n: 50_000,
  at: '2026-11-26',
  comparison: {
    documents: [
      {
        id: 'public-credit-score',
        title: '公共信用综合评价',
        kind: 'grading',
        grades: ['excellent', 'good'],
        gradeLabels: [{ zh: '优', en: 'Excellent' }, { zh: '良', en: 'Good' }],
        distribution: [
          { grade: 'excellent', before: 1_000, after: 1_300, delta: 300 },
          { grade: 'good', before: 4_000, after: 3_700, delta: -300 },
        ],
        moved: 300,
      },
    ],
    workload: {
      departments: [{ department: 'market-regulation', before: 100, after: 90, delta: -10 }],
      total: { before: 100, after: 90, delta: -10 },
    },
  },
};

function setup(over: Handlers = {}) {
  const calls: { path: string; input: unknown }[] = [];
  const onSubmit = vi.fn(async () => true);
  const h: Handlers = {
    ...documentHandlers(),
    'documents.getByNumber': () => ({ ...HISTORY[0], kind: 'grading', owner: 'credit-office', content: scoreV1, reviews: [], approvals: 0, requiredApprovals: 1 }),
    'notes.get': () => ({ note: null, maxChars: 20_000 }),
    'notes.save': (input) => ({ ...(input as object), revision: 1, updatedBy: 'credit-office', updatedById: 10, updatedAt: '2026-11-26T10:00:00Z', updatedByName: '信用办' }),
    'datasets.default': () => ({ dataset: { id: 1, name: '全市样本', rowCount: 50_000 }, changedAt: null, changedBy: null }),
    'evaluation.preview': () => PREVIEW,
    ...over,
  };
  render(
    <FakeApi handlers={h} auth={sessionOf(USER)} calls={calls}>
      <SubmitModal
        effectiveFrom="2027-01-01"
        reason={null}
        note={{ versionId: 200, documentId: 'public-credit-score', versionNumber: 2, kind: 'grading', draft: lowered(), history: HISTORY as never }}
        onClose={() => {}}
        onSubmit={onSubmit}
      />
    </FakeApi>,
  );
  return { calls, onSubmit };
}

const noteBox = () => screen.findByRole('textbox', { name: '起草说明' }, { timeout: 10_000 }) as Promise<HTMLTextAreaElement>;

describe('SubmitModal 起草说明', () => {
  it('drafts the note from the change and its impact, lets the author write the reasons, and saves it before submitting', async () => {
    const { calls, onSubmit } = setup();
    const box = await noteBox();
    await waitFor(() => expect(box.value).toContain('关于《'));
    expect(box.value).toContain('1. 优 区间下限由“高于 85”改为“高于 80”。');
    expect(box.value).toContain('以数据集“全市样本”（50,000 户市场主体）按 2026-11-26 测算：');
    expect(box.value).toContain('优 由 1,000 户增至 1,300 户（+300）');
    expect(box.value).toContain('市场监管局 由 100 户次减至 90 户次（−10）');
    expect(box.value).not.toMatch(/excellent|market-regulation/);
    // the reasons are still empty: said, not blocking
    expect(screen.getByText(/起草理由”尚未填写/)).toBeTruthy();
    fireEvent.change(box, { target: { value: `${box.value}为提高优秀企业比例，调整门槛。` } });
    await waitFor(() => expect(screen.queryByText(/起草理由”尚未填写/)).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    const saved = calls.find((c) => c.path === 'notes.save')!.input as { versionId: number; text: string; revision: number };
    expect(saved.versionId).toBe(200);
    expect(saved.revision).toBe(0);
    expect(saved.text).toMatch(/四、起草理由\n为提高优秀企业比例，调整门槛。$/);
    // saved before the submit
    expect(calls.findIndex((c) => c.path === 'notes.save')).toBeGreaterThan(-1);
  });

  it('does not submit when the note is refused, and says why in Chinese', async () => {
    const { onSubmit } = setup({
      'notes.save': () => {
        throw trpcError('BAD_REQUEST', '起草说明不能超过 20000 字（现有 20001 字），请精简 / the explanatory note is limited to 20000 characters (now 20001)');
      },
    });
    const box = await noteBox();
    await waitFor(() => expect(box.value).toContain('关于《'));
    fireEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    expect(await screen.findByText('起草说明未保存：起草说明不能超过 20000 字（现有 20001 字），请精简')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('loads the note saved before (e.g. carried from a rejected version) instead of drafting over it', async () => {
    const { calls } = setup({
      'notes.get': () => ({
        note: { versionId: 200, text: '上次写的说明\n四、起草理由\n原因', revision: 3, updatedBy: 'credit-office', updatedById: 10, updatedAt: '2026-11-20T08:00:00Z', updatedByName: '信用办' },
        maxChars: 20_000,
      }),
    });
    const box = await noteBox();
    await waitFor(() => expect(box.value).toBe('上次写的说明\n四、起草理由\n原因'));
    expect(screen.getByText(/已载入此前保存的起草说明/)).toBeTruthy();
    fireEvent.change(box, { target: { value: '上次写的说明（改）\n四、起草理由\n原因' } });
    fireEvent.click(screen.getByRole('button', { name: /提交审核/ }));
    await waitFor(() => expect(calls.some((c) => c.path === 'notes.save')).toBe(true));
    expect((calls.find((c) => c.path === 'notes.save')!.input as { revision: number }).revision).toBe(3);
  });
});

/** A version's golden cases as `cases.list` answers, for component tests: one passing, one failing case. */
export function casesView(
  over: { editable?: boolean; failing?: boolean; overrides?: { failing: string[]; reason: string }[] } = {},
) {
  const failing = over.failing ?? true;
  const base = {
    versionId: 7,
    position: 0,
    at: '2026-12-26',
    source: 'dataset:1',
    createdAt: '2026-11-26T00:00:00Z',
    createdBy: 'credit-office',
    updatedAt: '2026-11-26T00:00:00Z',
  };
  const cases = [
    {
      ...base,
      id: 1,
      name: '满分100分为优级',
      enterprise: { uscc: '91410481MA4000300E', name: '舞钢市百分商贸有限公司' },
      expect: { grade: 'excellent' },
      result: {
        caseId: 1,
        name: '满分100分为优级',
        at: '2026-12-26',
        passed: true,
        expected: { grade: 'excellent' },
        actual: { grade: 'excellent', rule: 'excellent-above-85' },
        message: null,
        messageEn: null,
        source: null,
      },
    },
    {
      ...base,
      id: 2,
      position: 1,
      name: '恰好85分为良级',
      enterprise: { uscc: '91410481MA4000302L', name: '舞钢市八十五分有限公司' },
      expect: { grade: 'good' },
      result: failing
        ? {
            caseId: 2,
            name: '恰好85分为良级',
            at: '2026-12-26',
            passed: false,
            expected: { grade: 'good' },
            actual: { grade: 'excellent', rule: 'excellent-above-80' },
            message: '等级应为 good，实为 excellent',
            messageEn: 'grade should be good, is excellent',
            source: null,
          }
        : {
            caseId: 2,
            name: '恰好85分为良级',
            at: '2026-12-26',
            passed: true,
            expected: { grade: 'good' },
            actual: { grade: 'good' },
            message: null,
            messageEn: null,
            source: null,
          },
    },
  ];
  const failed = failing ? 1 : 0;
  return {
    versionId: 7,
    documentId: 'public-credit-score',
    versionNumber: 2,
    kind: 'grading',
    owner: 'credit-office',
    status: 'draft',
    basedOn: 1,
    sealed: !(over.editable ?? true),
    editable: over.editable ?? true,
    overrides: (over.overrides ?? []).map((o, k) => ({
      id: k + 1,
      versionId: 7,
      actor: 'reviewer',
      actorId: 3,
      at: '2026-11-26T01:00:00Z',
      ...o,
    })),
    run: {
      versionId: 7,
      documentId: 'public-credit-score',
      versionNumber: 2,
      kind: 'grading',
      bundleAt: '2026-12-26',
      bundle: [],
      total: 2,
      passed: 2 - failed,
      failed,
      problems: [],
    },
    cases,
  };
}

export const GRADES = [
  { code: 'excellent', label: { zh: '优', en: 'Excellent' } },
  { code: 'good', label: { zh: '良', en: 'Good' } },
];

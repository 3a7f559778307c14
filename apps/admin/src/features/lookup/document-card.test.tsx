/** An enterprise's records in its explanation, with the domain of each record by its name (issue 13 finding 7). */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { seedDocument, seedDocuments } from '@policy/schemas/fixtures';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import type { DocExplanation, Explanation } from './api-types.ts';
import { DocumentCard } from './document-card.tsx';

const AT = '2026-10-31';
const records: EnterpriseRecord[] = [
  {
    uscc: '91410481MA40007119',
    name: '某锅炉厂',
    industryCode: 'C3411',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: 90,
    records: [
      { id: 'r-boiler', kind: 'penalty.fine', date: '2026-05-01', domain: 'special-equipment' },
      { id: 'r-fire', kind: 'penalty.warning', date: '2026-06-01', domain: 'fire-safety' },
      { id: 'r-none', kind: 'penalty.warning', date: '2026-07-01' },
    ],
  },
];
const ev = compileOrThrow({ documents: seedDocuments().map((d) => policyDocument.parse(d)) });
const explanation = ev.explain(buildPopulation(records), 0, AT) as unknown as Explanation;
const grading = explanation.documents.find((d) => d.id === 'public-credit-class') as DocExplanation;
const assignment = seedDocument('domain-assignment');

function show(inForce: unknown[]) {
  render(
    <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{ 'documents.inForce': () => inForce }}>
      <DocumentCard d={grading} />
    </FakeApi>,
  );
}
const rowOf = (id: string) => screen.getByText(id).closest('tr')!;

describe('lookup: the records of a grading', () => {
  it('names each record’s domain from the domain assignment in force; a code outside it as it is; none when absent', async () => {
    show([{ kind: 'domain-assignment', documentId: 'domain-assignment', content: assignment }]);
    expect(await screen.findByText('特种设备')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '领域' })).toBeTruthy();
    expect(within(rowOf('r-boiler')).getByTestId('record-domain').textContent).toBe('特种设备');
    expect(within(rowOf('r-fire')).getByTestId('record-domain').textContent).toBe('fire-safety');
    expect(within(rowOf('r-none')).queryByTestId('record-domain')).toBeNull();
  });
});

/**
 * An enterprise's records in its explanation, with the domain of each record by its name (issue 13
 * finding 7); a text measure the grading compares with a number, said to be no number.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow } from '@policy/evaluation';
import type { EnterpriseRecord, GradingDocument } from '@policy/schemas';
import { policyDocument } from '@policy/schemas';
import { passRateGradingFixture, seedDocument, seedDocuments } from '@policy/schemas/fixtures';
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

/** A grading with bands on a key indicator: a text value ("n/a") is no number, read as no value. */
const PASS_RATE = policyDocument.parse(passRateGradingFixture()) as GradingDocument;

describe('lookup: the measures of a grading', () => {
  const food = (k: number, passRate: string | number): EnterpriseRecord => ({
    uscc: `91410481MA4000TX0${k}`,
    name: `食品企业${k}`,
    industryCode: 'C1431',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: 90,
    indicators: { 'food.inspectionPassRate': passRate },
  });
  const evFood = compileOrThrow({ documents: [...seedDocuments().map((d) => policyDocument.parse(d)), PASS_RATE] });
  const pop = buildPopulation([food(1, 'n/a'), food(2, 90)]);
  const card = (i: number) => {
    const d = (evFood.explain(pop, i, AT) as unknown as Explanation).documents.find((x) => x.id === PASS_RATE.id) as DocExplanation;
    render(
      <FakeApi auth={sessionOf(makeUser('reviewer', 'credit-office'))} handlers={{ 'documents.inForce': () => [] }}>
        <DocumentCard d={d} />
      </FakeApi>,
    );
  };

  it('says a text value ("n/a") compared with a number is no number, compared as no value', async () => {
    card(0);
    const row = (await screen.findByText('食品安全抽检合格率(%)')).closest('tr')!;
    expect(within(row).getByTestId('measure-not-number').textContent).toBe('n/a文字，不是数值，按无值比较');
  });

  it('shows a number without the note', async () => {
    card(1);
    const row = (await screen.findByText('食品安全抽检合格率(%)')).closest('tr')!;
    expect(row.textContent).toContain('90');
    expect(row.textContent).not.toContain('不是数值');
  });
});

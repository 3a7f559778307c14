/**
 * A run's early warnings and triggers (issue 13, `runSignals`): per enterprise and rule / item, with
 * its dataset row, its supervising departments (who may read it) and the trigger points and measures
 * or the departments warned — the same as the golden cases' `triggered` / `warned`; deregistered
 * enterprises are left out as from the result lines.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseFile, EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { compileOrThrow } from '../compile.ts';
import { buildPopulation } from '../population.ts';
import { runSignals } from './store.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const allVersions: PolicyDocument[] = readPolicyFiles([join(root, 'policies')], root).map((f) => {
  const r = validateDocument(JSON.parse(f.text));
  if (!r.success) throw new Error(f.displayPath);
  return r.data;
});
/** The newest version of each document of policies/ (a v2 beside v1 would make a bundle name a document twice). */
const docs: PolicyDocument[] = [...new Map([...allVersions].sort((a, b) => a.version - b.version).map((d) => [d.id, d] as const)).values()];
const newestVersion = (id: string) => docs.find((d) => d.id === id)!.version;
const caseEnterprise = (id: string, k: number) => (JSON.parse(readFileSync(join(root, 'policies', id, `v${newestVersion(id)}.cases.json`), 'utf8')) as CaseFile).cases[k]!.enterprise as EnterpriseRecord;

describe('runSignals', () => {
  it('lists each warning and triggered item of each enterprise with its dataset row and departments', () => {
    const serious = caseEnterprise('supervision-items-market-regulation', 0); // triggers SCJG-001 (C by the food model)
    const seventy = caseEnterprise('early-warning-market-regulation', 1); // warned: score-at-most-70
    const quiet = caseEnterprise('early-warning-market-regulation', 0); // nothing
    const gone: EnterpriseRecord = { ...serious, uscc: '91410481MA4000902Q', status: 'deregistered' };
    const ev = compileOrThrow({ documents: docs });
    const pop = buildPopulation([quiet, serious, gone, seventy]);
    const res = ev.evaluate(pop, '2026-10-31');
    const signals = runSignals(ev, pop, res, [10, 11, 12, 13]);
    expect(signals.some((s) => s.uscc === quiet.uscc || s.uscc === gone.uscc)).toBe(false);
    const trig = signals.find((s) => s.kind === 'trigger' && s.code === 'SCJG-001')!;
    expect(trig).toMatchObject({ documentId: 'supervision-items-market-regulation', owner: 'market-regulation', row: 11, uscc: serious.uscc, name: serious.name });
    expect(trig.detail).toMatchObject({ triggers: expect.arrayContaining(['trigger-3']) });
    expect(trig.departments).toContain('market-regulation');
    const warn = signals.find((s) => s.kind === 'warning' && s.uscc === seventy.uscc && s.code === 'score-at-most-70')!;
    expect(warn).toMatchObject({ documentId: 'early-warning-market-regulation', row: 13 });
    expect((warn.detail as { notify: string[] }).notify.length).toBeGreaterThan(0);
  });

  it('is empty for a set without rules or conditioned trigger points', () => {
    const plain = docs.filter((d) => d.kind !== 'early-warning' && d.kind !== 'supervision-items');
    const ev = compileOrThrow({ documents: plain });
    const pop = buildPopulation([caseEnterprise('supervision-items-market-regulation', 0)]);
    expect(runSignals(ev, pop, ev.evaluate(pop, '2026-10-31'), null)).toEqual([]);
  });
});

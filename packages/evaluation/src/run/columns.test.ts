/**
 * Result columns beside the population's (run/columns.ts): a population whose columns are in shared
 * memory (as the server's worker keeps it) is evaluated into columns in shared memory — posted to
 * another thread without a copy — with the very results, aggregates, triggers and warnings of the
 * same population in plain memory.
 */
import { describe, expect, it } from 'vitest';
import { policyBundleAt } from '@policy/schemas/node';
import { aggregate } from '../aggregate.ts';
import { compileOrThrow } from '../compile.ts';
import { generatePopulation } from '../generate.ts';
import { encodePopulationColumns } from '../population-columns.ts';
import { decodePopulationColumns } from '../population-columns-decode.ts';
import { buildPopulation } from '../population.ts';
import { supervisionTriggers } from '../triggers.ts';
import { earlyWarnings } from '../warnings.ts';

const AT = '2026-10-31';

describe('result columns', () => {
  const plain = buildPopulation(generatePopulation({ count: 3000, seed: 'shared-columns', at: AT }));
  const shared = decodePopulationColumns([encodePopulationColumns(plain)], { alloc: (n) => new SharedArrayBuffer(n) });
  const ev = compileOrThrow(policyBundleAt(AT));

  it('are in shared memory for a population in shared memory, plain otherwise, with the same results', () => {
    for (const at of [AT, '2025-06-30']) {
      const a = ev.evaluate(plain, at);
      const b = ev.evaluate(shared, at);
      const columns = (r: typeof a) => [...r.documents.flatMap((d) => [d.grade, d.rule, ...(d.score ? [d.score] : [])]), r.domainSet, r.sampling!.row, r.sampling!.by];
      for (const c of columns(b)) expect(c.buffer).toBeInstanceOf(SharedArrayBuffer);
      for (const c of columns(a)) expect(c.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(b.outside.length).toBe(a.outside.length);
      for (let i = 0; i < plain.n; i++) expect(b.toJSON(i)).toEqual(a.toJSON(i));
      expect(JSON.stringify(aggregate(b, shared))).toBe(JSON.stringify(aggregate(a, plain)));
      expect(JSON.stringify(supervisionTriggers(ev, shared, b)?.departments)).toBe(JSON.stringify(supervisionTriggers(ev, plain, a)?.departments));
      expect(JSON.stringify(earlyWarnings(ev, shared, b)?.departments)).toBe(JSON.stringify(earlyWarnings(ev, plain, a)?.departments));
    }
  });
});

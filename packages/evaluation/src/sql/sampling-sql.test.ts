/**
 * The shape of the bundle statement's sampling, model and grading steps (sampling-sql.ts, model-sql.ts,
 * grading-sql.ts in the enterprise's row): every
 * `OFFSET 0` fence — what keeps PostgreSQL from copying a step's expression into each reference — is
 * inside a one-row lateral subquery (`CROSS JOIN LATERAL` / `LEFT JOIN LATERAL (SELECT … OFFSET 0)`)
 * without a table — but the lookup of the enterprise's industry code in the few thousand distinct
 * codes (bundle-sql.ts, memoized by PostgreSQL) — which Citus pushes down to the workers with the rest
 * of the statement (a correlated subquery); none fences a derived table of the whole population
 * (Citus plans such a table recursively: every enterprise's row through the coordinator). That the
 * rows are the in-memory engine's is asserted by the SQL engine tests (apps/cli sql-engine*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PolicyBundle } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from '../compile.ts';
import { bundleSql } from './bundle-sql.ts';

const AT = '2026-10-31';
const seeds = policyBundleAt(AT);
/**
 * For each `OFFSET 0` of `text`, the innermost enclosing parenthesised group that a `CROSS JOIN
 * LATERAL` or `LEFT JOIN LATERAL` opens (null: none).
 */
function lateralOf(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (let at = text.indexOf('OFFSET 0'); at >= 0; at = text.indexOf('OFFSET 0', at + 1)) {
    let found: string | null = null;
    let depth = 0;
    for (let i = at; i >= 0 && found === null; i--) {
      if (text[i] === ')') depth++;
      else if (text[i] === '(') {
        if (depth > 0) depth--;
        else if (/(CROSS|LEFT) JOIN LATERAL $/.test(text.slice(0, i))) {
          // the group's text, to its closing parenthesis
          let d = 0;
          let j = i;
          for (; j < text.length; j++) {
            if (text[j] === '(') d++;
            else if (text[j] === ')' && --d === 0) break;
          }
          found = text.slice(i, j + 1);
        }
      }
    }
    out.push(found);
  }
  return out;
}

describe('bundle statement: steps fenced per enterprise, not per population', () => {
  it('every OFFSET 0 is inside a lateral subquery reading only the row it is joined to: the sampling steps, each model weighted sum, the code lookup', () => {
    const ev = compileOrThrow(seeds);
    expect(ev.sampling).toBeTruthy();
    expect(ev.models.length).toBeGreaterThan(0);
    const q = bundleSql(ev, AT, 1);
    const laterals = lateralOf(q.text);
    // the models' grades and rules, three sampling steps (deciding document and grade; row and base; exception),
    // two per model (its weighted sum, and its members only), the industry code's lookup, and per grading its
    // measures, decision, each override and its grade and rule
    const gradingSteps = ev.gradings.reduce((n, g) => n + 3 + g.doc.content.overrides.length, 0);
    expect(laterals.length).toBe(4 + 2 * ev.models.length + 1 + gradingSteps);
    for (const l of laterals) {
      expect(l).not.toBeNull();
      // no table in it: FROM only names the step inside it, or the distinct industry codes (the lookup)
      expect(l).not.toMatch(/\bFROM\s+(?!\(|codes c WHERE c\.industry_code = r\.industry_code OFFSET 0\)$)/);
    }
    expect(new Set(laterals).size).toBe(1 + ev.models.length + 1 + ev.gradings.length);
    // the statement's inputs come in row order: it runs with merge joins
    expect(q.mergeJoins).toBe(true);
    expect(q.text).not.toMatch(/FROM \(SELECT \* FROM \w+ OFFSET 0\)/);
    expect(q.unorderedText).toBe(q.text.replace(/\nORDER BY j\.row_no$/, ''));
  });

  it('without a sampling document the sampling columns are NULL and there is no sampling step', () => {
    const bundle: PolicyBundle = { documents: seeds.documents.filter((d) => d.kind !== 'sampling') };
    const ev = compileOrThrow(bundle);
    expect(ev.sampling).toBeFalsy();
    const q = bundleSql(ev, AT, 1);
    expect(q.text).toContain('NULL::int AS s_by');
    expect(q.text).toMatch(/FROM joined j\nORDER BY j\.row_no$/);
    const laterals = lateralOf(q.text);
    const gradingSteps = ev.gradings.reduce((n, g) => n + 3 + g.doc.content.overrides.length, 0);
    expect(laterals.length).toBe(2 * ev.models.length + 1 + gradingSteps);
    const models = laterals.filter((l) => !l!.includes('FROM codes c') && !l!.startsWith('(SELECT CASE WHEN outside THEN NULL'));
    expect(models.length).toBe(2 * ev.models.length);
    for (const l of models) expect(l).toMatch(/^\(SELECT t\.total, .* FROM \(SELECT .* AS total OFFSET 0\) t WHERE .* OFFSET 0\)$/);
  });
});

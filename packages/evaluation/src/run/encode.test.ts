/**
 * The run's stored lines written as bytes (encode.ts) are exactly `runLine(row, JSON.stringify(toJSON(i)))`
 * as UTF-8: for the default bundle with industry models and scores, for bundles without sampling or
 * domains, for enterprises outside the register, and for names that need escaping.
 */
import { describe, expect, it } from 'vitest';
import { RUN_CHUNK_ROWS, runLine } from '@policy/schemas';
import type { EnterpriseRecord, PolicyBundle } from '@policy/schemas';
import { compileOrThrow } from '../compile.ts';
import { generatePopulation } from '../generate.ts';
import { buildPopulation } from '../population.ts';
import type { EvaluationResult } from '../result.ts';
import { defaultBundle } from '../../test/default-bundle.ts';
import { ByteSink, runLineWriter } from './encode.ts';
import { runChunkBytes, runChunks } from './store.ts';

const AT = '2026-10-31';
const decoder = new TextDecoder();

/** Every enterprise's line, by the writer and by the generic path. */
function expectSameLines(result: EvaluationResult): void {
  const write = runLineWriter(result);
  for (let i = 0; i < result.n; i++) {
    const sink = new ByteSink(16);
    write(sink, i * 7, i);
    const expected = runLine(i * 7, JSON.stringify(result.toJSON(i)));
    const got = decoder.decode(sink.buf.subarray(0, sink.pos));
    if (got !== expected) expect({ i, got }).toEqual({ i, got: expected });
    expect(Buffer.compare(Buffer.from(sink.buf.subarray(0, sink.pos)), Buffer.from(expected, 'utf8'))).toBe(0);
  }
}

const without = (bundle: PolicyBundle, kinds: string[]): PolicyBundle => ({ documents: bundle.documents.filter((d) => !kinds.includes(d.kind)) });

describe('run lines written as bytes', () => {
  const records = generatePopulation({ count: 3000, seed: 'encode', datedShare: 0.3 });
  // names and USCCs that JSON escapes or that are not in the Basic Multilingual Plane
  const odd = ['引号"与\\反斜杠', '换行\n制表\t', '\u0001控制', '𠀀扩展区', 'lone \ud800 surrogate', 'café ü', '', '\u2028\u2029', 'end\udc00'];
  odd.forEach((name, k) => {
    records[k] = { ...records[k]!, name };
  });
  records[odd.length] = { ...records[odd.length]!, uscc: 'q"uote\\' };
  const pop = buildPopulation(records as EnterpriseRecord[]);

  it('equal the generic lines for the default bundle (gradings, industry models, domains, sampling)', () => {
    const result = compileOrThrow(defaultBundle).evaluate(pop, AT);
    expect(result.outside.length).toBeGreaterThan(0);
    expect(result.documents.some((d) => d.score)).toBe(true);
    expectSameLines(result);
  });

  it('equal the generic lines without sampling, without domains, and with gradings only', () => {
    for (const kinds of [['sampling'], ['domain-assignment', 'industry-model', 'sampling'], ['industry-model']]) {
      expectSameLines(compileOrThrow(without(defaultBundle, kinds)).evaluate(pop, AT));
    }
  });

  it('equal the generic lines on another day (other register, other grades)', () => {
    expectSameLines(compileOrThrow(defaultBundle).evaluate(pop, '2025-06-30'));
  });

  it('fall back to the generic path for a result not assembled by evaluate', () => {
    const result = compileOrThrow(defaultBundle).evaluate(pop, AT);
    expectSameLines({ ...result });
  });

  it('make the chunks of runChunks, in the rows given, skipping enterprises outside the register', () => {
    const result = compileOrThrow(defaultBundle).evaluate(pop, AT);
    const rows = Array.from({ length: result.n }, (_, k) => 10 + 2 * k);
    const text = [...runChunks(result, rows)];
    const bytes = [...runChunkBytes(result, rows)];
    expect(text.length).toBe(Math.ceil(result.n / RUN_CHUNK_ROWS));
    let lines = 0;
    text.forEach((c, k) => {
      expect(decoder.decode(bytes[k]!.bytes)).toBe(c.payload);
      let expected = '';
      for (let i = k * RUN_CHUNK_ROWS; i < Math.min(result.n, (k + 1) * RUN_CHUNK_ROWS); i++) if (!result.isOutside(i)) expected += runLine(rows[i]!, JSON.stringify(result.toJSON(i)));
      expect(c.payload).toBe(expected);
      lines += c.rowCount;
    });
    expect(lines).toBe(result.n - result.outside.length);
  });
});

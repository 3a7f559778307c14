/** `policy compile --print`: the repository's policies compile and their kernels print with a legend. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run } from './compile.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repo };
  return { io, text: () => out.join('\n'), errors: () => err.join('\n') };
};

describe('policy compile', () => {
  it('prints every kernel with its legend (--lang en)', async () => {
    const c = capture();
    expect(await run(['--policies', 'policies', '--at', '2026-10-31', '--print', '--lang', 'en'], c.io)).toBe(0);
    expect(c.text()).toContain('kernel 1/3: grading — public-credit-class, public-credit-score');
    // the general risk classification (issue 13 finding 2) before the food model that refines it
    expect(c.text()).toContain('kernel 2/3: industry model — general-risk-class');
    expect(c.text()).toContain('kernel 3/3: industry model — industry-model-food-safety');
    expect(c.text()).toMatch(/\/\/ {3}g0_m2 +measure serious-records/);
    expect(c.text()).toContain('return function grade_2(');
    expect(c.errors()).toContain('compiled into 3 kernels');
  });

  it('--sql prints each grading\'s statement and the whole set\'s, numbers as bind values', async () => {
    const c = capture();
    expect(await run(['--policies', 'policies', '--at', '2026-10-31', '--sql'], c.io)).toBe(0);
    const text = c.text();
    expect(text).toContain('-- public-credit-class v2');
    const whole = text.slice(text.indexOf('-- 整套策略 / the whole set ('));
    expect(whole).toContain('industry-model-food-safety');
    expect(whole).toMatch(/FROM ds_indicator_values/);
    expect(whole).toMatch(/starts_with\(n\.code/);
    // thresholds and dates are bound, not in the text
    const statement = whole.slice(0, whole.indexOf('-- values:'));
    expect(statement).not.toMatch(/'\d{4}-\d\d-\d\d'/);
    expect(statement).not.toMatch(/(?<!\$)\b85\b/);
    expect(JSON.parse(whole.slice(whole.indexOf('-- values:') + 10))).toContain('2026-10-31');
  });

  it('without --print only reports; a bad --lang or a missing directory is refused', async () => {
    const c = capture();
    expect(await run(['--policies', 'policies', '--at', '2026-10-31'], c.io)).toBe(0);
    expect(c.text()).toBe('');
    expect(c.errors()).toContain('生成 3 个内核');
    expect(await run(['--policies', 'policies', '--lang', 'fr'], capture().io)).toBe(2);
    expect(await run(['--policies', 'nowhere', '--at', '2026-10-31'], capture().io)).toBe(1);
  });
});

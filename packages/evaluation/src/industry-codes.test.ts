/**
 * Industry codes of generated populations: real GB/T 4754-2017 classes (checked against the class
 * list of @policy/schemas), and with the repository's domain-assignment only the divisions the annex
 * leaves without a department fall in no specific domain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDUSTRY_CLASSES, INDUSTRY_SECTIONS, industryClassName, isKnownIndustryClass, parseIndustryCode, validateDocument } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';

describe('GB/T 4754-2017 class list', () => {
  it('has every class under one of the 97 divisions, with plausible counts per section', () => {
    const divisions = new Map(INDUSTRY_SECTIONS.flatMap((s) => s.divisions.map((d) => [d.code, s.code] as const)));
    expect(divisions.size).toBe(97);
    const perSection = new Map<string, number>();
    for (const c of INDUSTRY_CLASSES) {
      expect(c.code).toMatch(/^[A-T]\d{4}$/);
      expect(divisions.get(c.code.slice(1, 3))).toBe(c.code[0]);
      perSection.set(c.code[0]!, (perSection.get(c.code[0]!) ?? 0) + 1);
    }
    expect(new Set(INDUSTRY_CLASSES.map((c) => c.code)).size).toBe(INDUSTRY_CLASSES.length);
    expect(INDUSTRY_CLASSES.length).toBeGreaterThan(1370);
    expect(perSection.get('C')).toBeGreaterThan(600);
    expect(perSection.get('F')).toBe(128);
    // every division has at least one class
    expect(new Set(INDUSTRY_CLASSES.map((c) => c.code.slice(1, 3))).size).toBe(97);
  });

  it('knows real classes with or without the section letter, and nothing else', () => {
    expect(isKnownIndustryClass('C1391')).toBe(true);
    expect(isKnownIndustryClass('1391')).toBe(true);
    expect(industryClassName('F5227')).toBe('烟草制品零售');
    expect(industryClassName('6572')).toBe('动漫、游戏数字内容服务');
    for (const fake of ['5156', 'F5228', '7185', 'O815', 'C1440', 'A1391', 'C13', '52', '']) expect(isKnownIndustryClass(fake)).toBe(false);
  });
});

describe('generated industry codes', () => {
  it('are real 4-digit classes, except the configured share of bare divisions', () => {
    const recs = generatePopulation({ count: 20000, seed: 3 });
    let divisionOnly = 0;
    for (const r of recs) {
      if (/^\d{2}$/.test(r.industryCode)) {
        divisionOnly++;
        expect(parseIndustryCode(r.industryCode).ok).toBe(true);
      } else expect(isKnownIndustryClass(r.industryCode), r.industryCode).toBe(true);
    }
    expect(divisionOnly / recs.length).toBeGreaterThan(0.01);
    expect(divisionOnly / recs.length).toBeLessThan(0.03);
    expect(generatePopulation({ count: 5000, seed: 3, divisionOnlyShare: 0 }).every((r) => isKnownIndustryClass(r.industryCode))).toBe(true);
  });

  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const file = join(root, 'policies/domain-assignment/v1.json');
  it.runIf(existsSync(file))('fall in a specific domain of policies/domain-assignment except in the divisions the annex leaves out', () => {
    const parsed = validateDocument(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(parsed.issues.map((i) => i.message).join('; '));
    const ev = compileOrThrow({ documents: [parsed.data] });
    const pop = buildPopulation(generatePopulation({ count: 20000, seed: 8, divisionOnlyShare: 0 }));
    const res = ev.evaluate(pop, '2026-10-31');
    const everywhere = new Set(ev.domainAssignment!.content.domains.flatMap((d, k) => (d.match.all ? [k] : [])));
    const left = new Set<string>();
    for (let i = 0; i < pop.n; i++) {
      const set = res.domainSets[res.domainSet[i]!]!;
      if (set.outside) continue; // deregistered: in no domain by design
      if (set.domains.every((d) => everywhere.has(d))) left.add(pop.industryCodes[pop.industry[i]!]!.slice(0, 3));
    }
    for (const d of left) expect(['J66', 'J67', 'J68', 'J69', 'S91', 'S92', 'S93', 'S96', 'T97']).toContain(d);
  });
});

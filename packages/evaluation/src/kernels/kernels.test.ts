/** The generated kernels: readable (a legend for every local), declaring only what they read, and stable for the seed grading. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@policy/schemas';
import { compileOrThrow } from '../compile.ts';
import { defaultBundle } from '../../test/default-bundle.ts';
import { CodeWriter, declared } from './code-writer.ts';
import { formatKernels } from './print.ts';

const seed = (id: string) => JSON.parse(readFileSync(new URL(`../../../../policies/${id}/v1.json`, import.meta.url), 'utf8')) as PolicyDocument;

describe('code writer', () => {
  it('indents blocks and keeps only the declarations the code reads, with what they read in turn', () => {
    const w = new CodeWriter().write('start();').block('if (x) {', (b) => b.write('y = a + c;'));
    expect(w.toString()).toBe('start();\nif (x) {\n  y = a + c;\n}');
    const decls = [
      { name: 'a', init: 'P.a' },
      { name: 'b', init: 'P.b' },
      { name: 'c', init: 'a * 2' },
      { name: 'cc', init: 'P.cc' },
    ];
    expect(declared(decls, 'y = c;')).toEqual(['const a = P.a;', 'const c = a * 2;']);
  });
});

describe('kernels', () => {
  it('declare only the locals they read', () => {
    for (const k of compileOrThrow(defaultBundle).kernels()) {
      const names = [...k.source.matchAll(/const (\w+) = /g)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const uses = k.source.match(new RegExp(`\\b${name}\\b`, 'g'))!.length;
        expect(uses, `${k.documents.join(',')}: ${name} declared but never read`).toBeGreaterThan(1);
      }
    }
  });

  it('list a fused grading kernel and one kernel per industry model, with a legend for each measure', () => {
    const kernels = compileOrThrow(defaultBundle).kernels();
    expect(kernels.map((k) => [k.kind, k.documents])).toEqual([
      ['grading', ['public-credit-class', 'public-credit-score']],
      ['industry-model', [defaultBundle.documents.find((d) => d.kind === 'industry-model')!.id]],
    ]);
    const legend = kernels[0]!.legend.map((e) => e.name);
    expect(legend).toEqual(expect.arrayContaining(['g0_m2', 'g0_m3', 'kbits bit 0', 'kbits bit 1', 'lbits bit 0', 'g0_t bit 0', 'g1_m0']));
  });

  it('print the seed grading’s kernel as it runs', () => {
    const ev = compileOrThrow({ documents: [seed('public-credit-class')] });
    expect(formatKernels(ev.kernels(), 'en')).toMatchInlineSnapshot(`
      "// ── kernel 1/1: grading — public-credit-class
      // legend:
      //   CF, CI        numeric and integer constants of the documents (thresholds, compared values, grade indexes, windows)
      //   GS[j], RS[j]  grade and rule columns of document j (output)
      //   g0_*          locals of document public-credit-class (g, r: grade, rule)
      //   g0_C0         value compared with licence-revoked in rule d-licence-revoked
      //   g0_C1         value compared with serious-dishonesty-list in rule c-serious-dishonesty-list
      //   g0_C2         value compared with serious-records in rule c-serious-record
      //   g0_C3         value compared with general-records in rule c-general-over-5
      //   g0_C4         value compared with consequence-records in rule c-serious-consequence
      //   g0_C5         value compared with general-records in rule b-general-1-to-5
      //   g0_C6         value compared with general-records in rule b-general-1-to-5
      //   g0_t bit 0    rule d-licence-revoked holds
      //   g0_t bit 1    rule c-serious-dishonesty-list holds
      //   g0_t bit 2    rule c-serious-record holds
      //   g0_t bit 3    rule c-general-over-5 holds
      //   g0_t bit 4    rule c-serious-consequence holds
      //   g0_t bit 5    rule b-general-1-to-5 holds
      //   g0_t bit 6    rule a-no-record holds
      //   g0_t bit 7    no rule holds
      //   g0_x          the deciding rule (lowest bit set)
      //   g0_m0         measure licence-revoked (status, Business licence revoked)
      //   g0_I16        code of status licence-revoked
      //   g0_m1         measure serious-dishonesty-list (listMember, On the serious-dishonesty list)
      //   g0_m2         measure serious-records (recordCount, Serious records in the last year)
      //   g0_lo2        last day before the window of serious-records
      //   g0_m3         measure general-records (recordCount, General records in the last year)
      //   g0_lo3        last day before the window of general-records
      //   g0_m4         measure consequence-records (recordCount, General records with serious consequences in the last year)
      //   g0_lo4        last day before the window of consequence-records
      //   g0_XL         per record kind: last day before the maximum publication period (a record dated on or before it no longer counts)
      //   g0_MN         per record kind: latest record date for which a repair takes effect (minimum publication period passed)
      //   kbits bit 0   records of the kind count for g0_m2
      //   kbits bit 1   records of the kind count for g0_m3
      //   kbits bit 2   records of the kind count for g0_m4
      //   lbits bit 0   the list is the one of g0_m1
      "use strict";
      return function grade_1(start, end, at, P, CF, CI, VS, TS, GS, RS, kbits, lbits, KS) {
        const off = P.recOffsets;
        const kind = P.recKind;
        const date = P.recDate;
        const rep = P.recRepaired;
        const of = P.recObjFiled;
        const orr = P.recObjResolved;
        const cons = P.recConsequence || new Uint8Array(P.recDate.length);
        const nk = P.kinds.length;
        const rdom = P.recDomain || new Uint16Array(P.recDate.length);
        const loff = P.listOffsets;
        const lid = P.listId;
        const lfrom = P.listFrom;
        const lun = P.listUntil;
        const status = P.status;
        const g0_G = GS[0];
        const g0_R = RS[0];
        const g0_ci = 0;
        const g0_C0 = CF[0];
        const g0_C1 = CF[1];
        const g0_C2 = CF[2];
        const g0_C3 = CF[3];
        const g0_C4 = CF[4];
        const g0_C5 = CF[5];
        const g0_C6 = CF[6];
        const g0_I16 = CI[16];
        const g0_XL = KS[0];
        const g0_MN = KS[1];
        const g0_lo2 = CI[17];
        const g0_lo3 = CI[18];
        const g0_lo4 = CI[19];
        for (let i = start; i < end; i++) {
          let g0_m2 = 0, g0_m3 = 0, g0_m4 = 0;
          for (let q = off[i], e = off[i + 1]; q < e; q++) {
            const d = date[q];
            const b = kbits[kind[q]] & -(d <= at) & (-(rep[q] > at) | 7) & -((of[q] > at) | (orr[q] <= at));
            const lk = (kind[q] + nk * rdom[q]);
            g0_m2 += (b >>> 0) & (d > g0_lo2) & (d > g0_XL[lk]) & ((rep[q] > at) | (d > g0_MN[lk]));
            g0_m3 += (b >>> 1) & (d > g0_lo3) & (d > g0_XL[lk]) & ((rep[q] > at) | (d > g0_MN[lk]));
            g0_m4 += (b >>> 2) & (d > g0_lo4) & (d > g0_XL[lk]) & ((rep[q] > at) | (d > g0_MN[lk])) & cons[q];
          }
          let lb = 0;
          for (let q = loff[i], e = loff[i + 1]; q < e; q++) lb |= lbits[lid[q]] & -((lfrom[q] <= at) & (lun[q] > at));
          const g0_m1 = (lb >>> 0) & 1;
          const g0_m0 = (status[i] === g0_I16) | 0;
          let g0_g = 255, g0_r = 65535;
          const g0_t = (g0_m0 === g0_C0) | (g0_m1 === g0_C1) << 1 | (g0_m2 >= g0_C2) << 2 | (g0_m3 > g0_C3) << 3 | (g0_m4 >= g0_C4) << 4 | ((g0_m3 >= g0_C5) & (g0_m3 <= g0_C6)) << 5 | 1 << 6 | 128;
          const g0_x = 31 - Math.clz32(g0_t & -g0_t);
          g0_g = CI[g0_ci + 0 + g0_x]; g0_r = CI[g0_ci + 8 + g0_x];
          g0_G[i] = g0_g; g0_R[i] = g0_r;
        }
      };"
    `);
  });
});

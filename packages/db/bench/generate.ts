/** The benchmarks' enterprises. */
import { usccCheckChar } from '@policy/schemas';

/** A tiny deterministic generator: valid records, a few with records and list memberships. */
export function generate(n: number): Buffer {
  const industries = ['C1391', 'C1411', 'E4812', 'F5211', 'G5411', 'H6110', 'I6510', 'K7010'];
  const kinds = ['penalty.warning', 'penalty.fine', 'coercion', 'tax-arrears'];
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const first17 = `913501${String(i).padStart(11, '0')}`;
    const rec: Record<string, unknown> = {
      uscc: first17 + usccCheckChar(first17),
      name: `模拟企业${i}有限公司`,
      industryCode: industries[i % industries.length],
      regionCode: `3501${String(2 + (i % 10)).padStart(2, '0')}`,
      status: i % 97 === 0 ? 'licence-revoked' : 'active',
      publicCreditScore: i % 11 === 0 ? null : 40 + (i % 60),
    };
    if (i % 13 === 0) rec.records = [{ id: `R${i}`, kind: kinds[i % kinds.length], date: `2026-0${1 + (i % 9)}-15` }];
    if (i % 101 === 0) rec.lists = [{ list: 'abnormal-operation', from: '2026-02-01', until: null }];
    parts.push(JSON.stringify(rec));
  }
  return Buffer.from(parts.join('\n') + '\n');
}

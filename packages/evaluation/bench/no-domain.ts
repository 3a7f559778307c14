/** `node --import tsx bench/no-domain.ts [divisionOnlyShare]`: share of 100k generated enterprises in no specific domain of policies/ (and the class mix). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '@policy/schemas';
import { inForceAt, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { buildPopulation, compileOrThrow, generatePopulation } from '../src/index.ts';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../policies');
const docs: PolicyDocument[] = [];
for (const f of readPolicyFiles([dir])) {
  const r = validateDocument(JSON.parse(f.text));
  if (r.success) docs.push(r.data);
}
const AT = '2026-10-31';
const ev = compileOrThrow({ documents: inForceAt(docs, AT) });
for (const share of [Number(process.argv[2] ?? 0.02), 0]) {
  const pop = buildPopulation(generatePopulation({ count: 100_000, seed: 1, at: AT, divisionOnlyShare: share }));
  const res = ev.evaluate(pop, AT);
  const all = new Set(ev.domainAssignment!.content.domains.flatMap((d, k) => (d.match.all ? [k] : [])));
  const byDiv = new Map<string, number>();
  let none = 0;
  for (let i = 0; i < pop.n; i++) {
    const set = res.domainSets[res.domainSet[i]!]!;
    if (set.domains.every((d) => all.has(d))) {
      none++;
      const code = pop.industryCodes[pop.industry[i]!]!;
      const key = code.length <= 3 ? `${code} (division only)` : code.slice(0, 3);
      byDiv.set(key, (byDiv.get(key) ?? 0) + 1);
    }
  }
  const cls = res.byId.get('public-credit-class')!;
  const counts = [0, 0, 0, 0, 0];
  for (const g of cls.grade) counts[g === 255 ? 4 : g]!++;
  console.log(`divisionOnlyShare ${share}: no specific domain ${none} / ${pop.n} = ${((none / pop.n) * 100).toFixed(2)}%; class mix ${counts.map((c) => ((c / pop.n) * 100).toFixed(2)).join(' / ')}`);
  console.log('  ', [...byDiv.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${v}`).join(' '));
}

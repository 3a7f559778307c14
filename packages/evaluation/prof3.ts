import { PopulationBuilder, compileOrThrow, generateEnterprises } from './src/index.ts';
import { readPolicyFiles } from '@policy/schemas/node';
import { validateDocument, inForceAt } from '@policy/schemas';
const docs = readPolicyFiles(['../../policies']).map((f) => validateDocument(JSON.parse(f.text))).filter((r) => r.success).map((r) => (r as any).data);
const all = inForceAt(docs, '2026-10-31');
const pop = (() => { const b = new PopulationBuilder(1e6); for (const r of generateEnterprises({ count: 1e6, seed: 3 })) b.add(r); return b.finish(); })();
const pick = (kinds: string[]) => ({ documents: all.filter((d: any) => kinds.includes(d.kind)) });
for (const kinds of [['grading'], ['grading', 'domain-assignment'], ['grading', 'domain-assignment', 'sampling'], ['grading', 'domain-assignment', 'sampling', 'industry-model']]) {
  const ev = compileOrThrow(pick(kinds) as any);
  for (let k = 0; k < 3; k++) ev.evaluate(pop, '2026-10-31');
  (globalThis as any).gc();
  console.log('--- start', kinds.join('+'));
  for (let k = 0; k < 3; k++) ev.evaluate(pop, '2026-10-31');
  console.log('--- end');
}

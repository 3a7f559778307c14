// throwaway experiment (not committed)
import { SYSTEM_ACTOR } from '../src/actor.ts';
import { createDb } from '../src/client.ts';
import { importDataset, loadDataset, listDatasets } from '../src/dataset.repository.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { usccCheckChar } from '@policy/schemas';
import { sql } from 'kysely';
const [n, url, mode] = [Number(process.argv[2]), process.argv[3]!, process.argv[4]];
const h = createDb(url);
await migrateToLatest(h.db);
if (mode === 'import') {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const first17 = `913501${String(i).padStart(11, '0')}`;
    const rec: Record<string, unknown> = { uscc: first17 + usccCheckChar(first17), name: `模拟企业${i}有限公司`, industryCode: 'C1391', regionCode: '350102', status: 'active', publicCreditScore: 40 + (i % 60) };
    if (i % 13 === 0) rec.records = [{ id: `R${i}`, kind: 'penalty.fine', date: '2026-03-15' }];
    parts.push(JSON.stringify(rec));
  }
  const r = await importDataset(h.db, SYSTEM_ACTOR, { name: 'keep', format: 'jsonl', input: parts.join('\n') });
  console.log(r.success);
} else {
  const id = (await listDatasets(h.db))[0]!.id;
  for (let k = 0; k < 4; k++) {
    let t0 = performance.now(); let c0 = process.cpuUsage();
    const recs = await loadDataset(h.db, id);
    const c = process.cpuUsage(c0);
    console.log('loadDataset', recs.length, ((performance.now() - t0) / 1000).toFixed(2), 's cpu', ((c.user + c.system) / 1e6).toFixed(2));
    t0 = performance.now(); c0 = process.cpuUsage();
    let bytes = 0;
    for (let p = 0; p < 500; p += 16) {
      const rows = await sql<{ payload: string }>`select payload from dataset_chunks where dataset_id = ${id} and chunk_no >= ${p} and chunk_no < ${p + 16} order by chunk_no`.execute(h.db);
      for (const r of rows.rows) bytes += r.payload.length;
    }
    const c2 = process.cpuUsage(c0);
    console.log('raw fetch', bytes, ((performance.now() - t0) / 1000).toFixed(2), 's cpu', ((c2.user + c2.system) / 1e6).toFixed(2));
  }
}
await h.destroy();
